// The small random example of section #mechanism ("The multi-head mechanism"): a
// layer of width 8 split into 4 heads of width 2, on a three-word sentence.
// Weights and token vectors are seeded random numbers (web/lib/random.js),
// as an untrained layer would have; mha.forward() does the arithmetic.
import { hashString, seededUniform, seededWeights } from "../../lib/random.js";

/** The sentence of the projection example. */
export const MECH_TOKENS = Object.freeze(["The", "cat", "sat"]);
/** Width of the example layer. */
export const MECH_D_MODEL = 8;
/** Number of heads of the example layer. */
export const MECH_HEADS = 4;

/** The presets of the dimension-splitting calculator. */
export const PRESETS = Object.freeze([
  { id: "gpt3", name: "GPT-3", dModel: 12288, heads: 96 },
  { id: "gpt2", name: "GPT-2 small", dModel: 768, heads: 12 },
  { id: "bert", name: "BERT-base", dModel: 768, heads: 12 },
  { id: "transformer", name: "Transformer base (2017)", dModel: 512, heads: 8 },
]);

/** The calculator's starting context length (GPT-3's). */
export const DEFAULT_CONTEXT = 2048;

/**
 * Arguments for mha.forward(): random token vectors (one per word, seeded
 * by the word and `seed`) and random weights seeded by `seed`.
 * @param {number} seed a positive integer; each seed gives other numbers
 * @returns {import("../../lib/mha.js").ForwardArgs}
 */
export function projectionArgs(seed = 1) {
  const n = MECH_TOKENS.length;
  const x = new Float32Array(n * MECH_D_MODEL);
  MECH_TOKENS.forEach((word, i) => {
    const row = seededUniform(
      MECH_D_MODEL,
      (hashString(word.toLowerCase()) + seed * 7919) >>> 0,
    );
    x.set(row, i * MECH_D_MODEL);
  });
  return { x, n, ...seededWeights(MECH_D_MODEL, MECH_HEADS, seed) };
}

/**
 * The full query matrix X·W_Q (n × dModel, row-major), put back together
 * from the per-head blocks of a forward() result (H × n × dK).
 * @param {{ q: Float32Array, n: number, dModel: number, dK: number,
 *   headCount: number }} result
 * @returns {Float32Array}
 */
export function joinHeads(result) {
  const { q, n, dModel, dK, headCount } = result;
  const out = new Float32Array(n * dModel);
  for (let h = 0; h < headCount; h++)
    for (let i = 0; i < n; i++)
      for (let c = 0; c < dK; c++)
        out[i * dModel + h * dK + c] = q[h * n * dK + i * dK + c];
  return out;
}

/**
 * Head `h`'s block of a per-head tensor (H × n × dK): n × dK values.
 * @param {Float32Array} array
 */
export function headSlice(array, h, n, dK) {
  return array.subarray(h * n * dK, (h + 1) * n * dK);
}
