// The benchmark's inputs: seeded, so every implementation (and the native
// build, cpp/bench/bench_forward.cpp, which ports the same generator) gets
// bit-identical numbers: seededUniform (mulberry32) does its arithmetic in
// doubles and rounds to float at the end, so C++ can reproduce it exactly.
import { seededUniform } from "../web/lib/random.js";

/**
 * forward() arguments of one benchmark size: x (seed 1, in ±1) and the four
 * weight matrices (seeds 2 to 5, in ±1/√dModel), no biases, no mask.
 */
export function benchInputs({ n, dModel, heads }) {
  const w = 1 / Math.sqrt(dModel);
  return {
    x: seededUniform(n * dModel, 1),
    n,
    dModel,
    heads,
    wq: seededUniform(dModel * dModel, 2, w),
    wk: seededUniform(dModel * dModel, 3, w),
    wv: seededUniform(dModel * dModel, 4, w),
    wo: seededUniform(dModel * dModel, 5, w),
  };
}
