// The layout of every array in a forward() result, said once: its shape as
// a function of the sizes and its row-major index formula. web/lib/mha.js
// sizes the copy-out of the wasm heap from it, and web/lib/result-json.js
// writes the same shapes and formulas into the JSON it exports.
//
//   import { FORWARD_LAYOUT, forwardShapes } from "mha-explainer/layout.js";
//   forwardShapes({ n: 4, headCount: 2, dK: 4, dModel: 8 }).weights; // [2, 4, 4]
//
// Letters in the formulas: h = head, i = query token, j = key token,
// c = column, dK = dModel / headCount.

/**
 * @typedef {object} ForwardSizes
 * @property {number} n  number of tokens
 * @property {number} headCount  number of heads
 * @property {number} dK  width of each head, dModel / headCount
 * @property {number} dModel  model width
 */

const entry = (core, shape, index) => Object.freeze({ core, shape, index });

/**
 * One entry per result array, in the order forward() returns them:
 * `core` is the field of the wasm core's result that holds it, `shape(s)`
 * its dimensions (their product is its length) and `index` its formula.
 */
export const FORWARD_LAYOUT = Object.freeze({
  q: entry("q", (s) => [s.headCount, s.n, s.dK], "q[h * n * dK + i * dK + c]"),
  k: entry("k", (s) => [s.headCount, s.n, s.dK], "k[h * n * dK + j * dK + c]"),
  v: entry("v", (s) => [s.headCount, s.n, s.dK], "v[h * n * dK + j * dK + c]"),
  scores: entry(
    "scores",
    (s) => [s.headCount, s.n, s.n],
    "scores[h * n * n + i * n + j]",
  ),
  weights: entry(
    "weights",
    (s) => [s.headCount, s.n, s.n],
    "weights[h * n * n + i * n + j]",
  ),
  headOutputs: entry(
    "heads",
    (s) => [s.headCount, s.n, s.dK],
    "headOutputs[h * n * dK + i * dK + c]",
  ),
  concat: entry(
    "concat",
    (s) => [s.n, s.dModel],
    "concat[i * dModel + h * dK + c]",
  ),
  output: entry("output", (s) => [s.n, s.dModel], "output[i * dModel + c]"),
  contributions: entry(
    "contributions",
    (s) => [s.headCount, s.n, s.dModel],
    "contributions[h * n * dModel + i * dModel + c]",
  ),
  contributionNorms: entry(
    "contributionNorms",
    (s) => [s.headCount, s.n],
    "contributionNorms[h * n + i]",
  ),
});

/** The names of the result arrays, in order. */
export const FORWARD_ARRAYS = Object.freeze(Object.keys(FORWARD_LAYOUT));

/**
 * The shape of every result array for these sizes.
 * @param {ForwardSizes} sizes
 * @returns {Record<string, number[]>}
 */
export function forwardShapes(sizes) {
  /** @type {Record<string, number[]>} */
  const shapes = {};
  for (const [name, { shape }] of Object.entries(FORWARD_LAYOUT)) {
    shapes[name] = shape(sizes);
  }
  return shapes;
}

/**
 * The length of one result array: the product of its shape.
 * @param {string} name  e.g. "weights"
 * @param {ForwardSizes} sizes
 * @returns {number}
 */
export function forwardLength(name, sizes) {
  return FORWARD_LAYOUT[name].shape(sizes).reduce((a, b) => a * b, 1);
}
