// Shared helpers for the Node tests.
import assert from "node:assert/strict";

export const ABS = 1e-5;
export const REL = 1e-4;

/**
 * Asserts |got - want| <= ABS + REL·|want| everywhere; null in `want` means
 * -Infinity (a masked score). On failure, reports the largest difference,
 * where it is, and the tolerance.
 */
export function assertClose(name, got, want, abs = ABS, rel = REL) {
  assert.equal(got.length, want.length, `${name}: length`);
  let worst = -Infinity;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    if (want[i] === null) {
      assert.equal(got[i], -Infinity, `${name}[${i}] should be -Infinity`);
      continue;
    }
    const diff = Number.isFinite(got[i])
      ? Math.abs(got[i] - want[i])
      : Infinity;
    const excess = diff - (abs + rel * Math.abs(want[i]));
    if (excess > worst) {
      worst = excess;
      at = i;
    }
  }
  if (worst > 0) {
    assert.fail(
      `${name}: largest difference ${Math.abs(got[at] - want[at])} at ${at} ` +
        `(got ${got[at]}, want ${want[at]}), tolerance ${abs} + ${rel}·|want|`,
    );
  }
}

/** A reproducible Float32Array of `length` values in [-scale, scale]. */
export function seededArray(length, seed, scale = 1) {
  let s = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Valid forward() arguments of the given size, reproducible from seed. */
export function randomArgs(n, dModel, heads, seed = 1, extra = {}) {
  const w = 1 / Math.sqrt(dModel);
  return {
    x: seededArray(n * dModel, seed),
    n,
    dModel,
    heads,
    wq: seededArray(dModel * dModel, seed + 1, w),
    wk: seededArray(dModel * dModel, seed + 2, w),
    wv: seededArray(dModel * dModel, seed + 3, w),
    wo: seededArray(dModel * dModel, seed + 4, w),
    ...extra,
  };
}
