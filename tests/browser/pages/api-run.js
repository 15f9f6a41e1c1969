// Runs one forward pass through the public API, the way a course page or a
// Worker would, and returns plain data for the test to compare.
import { createMHA } from "../../../web/lib/mha.js";
import { seededUniform, seededWeights } from "../../../web/lib/random.js";

export async function runForward() {
  const mha = await createMHA();
  const n = 6;
  const weights = seededWeights(16, 4, 3);
  const r = mha.forward({
    x: seededUniform(n * 16, 99),
    n,
    ...weights,
    causal: true,
  });
  let error = null;
  try {
    mha.forward({ x: seededUniform(n * 16, 99), n, ...weights, heads: 3 });
  } catch (e) {
    error = {
      name: e.name,
      code: e.code,
      message: e.message,
      isError: e instanceof Error,
    };
  }
  const again = mha.forward({
    x: seededUniform(n * 16, 99),
    n,
    ...weights,
    causal: true,
  });
  return { weights: r.weights, output: r.output, again: again.weights, error };
}
