// The benchmark's inputs: seeded, so every implementation (and the native
// build, cpp/bench/bench_forward.cpp, which ports the same generator) gets
// bit-identical numbers.

/**
 * `length` floats uniform in [-scale, scale), from mulberry32 seeded with
 * `seed`. The arithmetic is in doubles, rounded to float at the end, so
 * that C++ can reproduce it exactly.
 */
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

/**
 * forward() arguments of one benchmark size: x (seed 1, in ±1) and the four
 * weight matrices (seeds 2 to 5, in ±1/√dModel), no biases, no mask.
 */
export function benchInputs({ n, dModel, heads }) {
  const w = 1 / Math.sqrt(dModel);
  return {
    x: seededArray(n * dModel, 1),
    n,
    dModel,
    heads,
    wq: seededArray(dModel * dModel, 2, w),
    wk: seededArray(dModel * dModel, 3, w),
    wv: seededArray(dModel * dModel, 4, w),
    wo: seededArray(dModel * dModel, 5, w),
  };
}
