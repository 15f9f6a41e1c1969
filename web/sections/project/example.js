// The small example of #project: 4 heads of width 2 (d_model = 8) with random
// weights from a fixed seed, run once per sentence through the wasm core.
// Token vectors: a random vector per word (seeded by a hash of the word, so
// the same word always gets the same vector) plus the core's sinusoidal
// position encoding (so a repeated word still differs by position).
// No biases, so the output is exactly the sum of the heads' contributions.
import { analyzeSentence } from "../../sentence/analyze.js";
import { hashString, seededUniform, seededWeights } from "../../lib/random.js";

export const PROJECT_HEADS = 4;
export const PROJECT_D_K = 2;
export const PROJECT_D_MODEL = PROJECT_HEADS * PROJECT_D_K;
/** The seed of W_Q, W_K, W_V and W_O (see seededWeights in lib/random.js). */
export const PROJECT_SEED = 6;
/**
 * Word vectors are uniform in ±WORD_SCALE: wide enough that the random
 * heads attend unevenly (with ±1 every head would be almost uniform).
 */
export const WORD_SCALE = 3;

const WEIGHTS = seededWeights(PROJECT_D_MODEL, PROJECT_HEADS, PROJECT_SEED);

/** The section's fixed random weights: { dModel, heads, wq, wk, wv, wo }. */
export function projectWeights() {
  return WEIGHTS;
}

/** The seed of a word's random vector: FNV-1a hash of the lower-cased word. */
export function wordSeed(word) {
  return hashString(word.toLowerCase());
}

/**
 * Token vectors (n × d_model): each word's seeded random vector in ±WORD_SCALE
 * plus the sinusoidal encoding of its position, computed by the core.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {{ text: string }[]} tokens
 * @returns {Float32Array}
 */
export function projectTokenVectors(mha, tokens) {
  const n = tokens.length;
  const d = PROJECT_D_MODEL;
  const x = mha.sinusoidalPositions(n, d);
  tokens.forEach((t, i) => {
    const word = seededUniform(d, wordSeed(t.text), WORD_SCALE);
    for (let c = 0; c < d; c++) x[i * d + c] += word[c];
  });
  return x;
}

/**
 * Runs the 4-head example on `text`.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {string} text
 * @returns {{ tokens: { text: string }[], problem: string | null,
 *   x: Float32Array | null, result: object | null }}
 */
export function runProject(mha, text) {
  const analysis = analyzeSentence(text);
  if (analysis.problem)
    return { tokens: [], problem: analysis.problem, x: null, result: null };
  const x = projectTokenVectors(mha, analysis.tokens);
  const result = mha.forward({ x, n: analysis.tokens.length, ...WEIGHTS });
  return { tokens: analysis.tokens, problem: null, x, result };
}

/**
 * The sum over heads of each head's contribution to token `i`
 * (d_model values), from the core's `contributions` array.
 */
export function contributionSum(result, i) {
  const { n, dModel, headCount } = result;
  const sum = new Float64Array(dModel);
  for (let h = 0; h < headCount; h++)
    for (let c = 0; c < dModel; c++)
      sum[c] += result.contributions[h * n * dModel + i * dModel + c];
  return sum;
}

/**
 * The largest |output − Σ contributions| over the given tokens (all by
 * default) and every column. There is no output bias in this example.
 */
export function largestDifference(result, tokens = null) {
  const { n, dModel } = result;
  let largest = 0;
  for (const i of tokens ?? Array.from({ length: n }, (_, k) => k)) {
    const sum = contributionSum(result, i);
    for (let c = 0; c < dModel; c++)
      largest = Math.max(
        largest,
        Math.abs(result.output[i * dModel + c] - sum[c]),
      );
  }
  return largest;
}

/** The largest |value|: the shared colour scale of the heads and the concat. */
export function largestMagnitude(values) {
  let limit = 0;
  for (const v of values) limit = Math.max(limit, Math.abs(v));
  return limit;
}

/**
 * Token `i` broken down: each head's contribution, their sum and the output
 * row (rows: (h + 2) × d_model, row-major), the largest difference between
 * sum and output for this token (`here`) and for all (`all`), and the length
 * of each head's contribution (`norms`, h values).
 */
export function tokenBreakdown(result, i) {
  const { n, dModel: d, headCount: h } = result;
  const rows = new Float32Array((h + 2) * d);
  for (let k = 0; k < h; k++)
    rows.set(
      result.contributions.subarray(k * n * d + i * d, k * n * d + (i + 1) * d),
      k * d,
    );
  rows.set(contributionSum(result, i), h * d);
  rows.set(result.output.subarray(i * d, (i + 1) * d), (h + 1) * d);
  return {
    rows,
    here: largestDifference(result, [i]),
    all: largestDifference(result),
    norms: Array.from(
      { length: h },
      (_, k) => result.contributionNorms[k * n + i],
    ),
  };
}
