// Loads the core with createMHA(options) and runs full and lean forwards at
// a few sizes, returning plain data: which build was loaded and its numbers.
// Run in a page (kernels.html) and in Node, for the test to compare.
import { createMHA } from "../../../web/lib/mha.js";
import { seededUniform, seededWeights } from "../../../web/lib/random.js";

/** @param {import("../../../web/lib/mha.js").CreateOptions} options */
export async function runKernels(options = {}) {
  const mha = await createMHA(options);
  const runs = [];
  for (const [n, dModel, heads, causal] of [
    [9, 32, 4, false],
    [40, 96, 6, true],
    [96, 128, 8, false],
  ]) {
    const args = {
      x: seededUniform(n * dModel, n),
      n,
      ...seededWeights(dModel, heads, n + 1),
      causal,
    };
    const full = mha.forward(args);
    const lean = mha.forward(args, { only: ["output", "weights"] });
    runs.push({
      n,
      full: [Array.from(full.output), Array.from(full.weights)],
      lean: [Array.from(lean.output), Array.from(lean.weights)],
    });
  }
  return { kernels: mha.kernels, runs };
}
