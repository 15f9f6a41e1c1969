// Shared helpers for the Node tests.
import assert from "node:assert/strict";
import { seededUniform } from "../../web/lib/random.js";

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

/** Valid forward() arguments of the given size, reproducible from seed. */
export function randomArgs(n, dModel, heads, seed = 1, extra = {}) {
  const w = 1 / Math.sqrt(dModel);
  return {
    x: seededUniform(n * dModel, seed),
    n,
    dModel,
    heads,
    wq: seededUniform(dModel * dModel, seed + 1, w),
    wk: seededUniform(dModel * dModel, seed + 2, w),
    wv: seededUniform(dModel * dModel, seed + 3, w),
    wo: seededUniform(dModel * dModel, seed + 4, w),
    ...extra,
  };
}

/**
 * mha.forward() arguments of a golden fixture (tests/fixtures/mha/*.json).
 * @param {any} f the parsed fixture
 */
export function fixtureArgs(f) {
  const i = f.inputs;
  const floats = (a) => a && new Float32Array(a);
  const args = { x: floats(i.x), n: f.n, dModel: f.d_model, heads: f.heads };
  for (const k of ["wq", "wk", "wv", "wo", "bq", "bk", "bv", "bo"]) {
    args[k] = floats(i[k]);
  }
  args.causal = f.causal;
  args.keep = i.keep && Uint8Array.from(i.keep);
  return args;
}
