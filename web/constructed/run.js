// The page's one pipeline for the constructed heads:
// text → tagged tokens → token vectors → forward() in wasm → result.
import { analyzeSentence } from "../sentence/analyze.js";
import {
  CONSTRUCTED_HEADS,
  POSITION_DIMS,
  constructedEmbeddings,
  constructedWeights,
} from "../lib/heads.js";

const WEIGHTS = constructedWeights();

/** The constructed model's fixed weights ({ dModel, heads, wq, wk, wv, wo }). */
export function constructedModelWeights() {
  return WEIGHTS;
}

export { CONSTRUCTED_HEADS };

/**
 * Runs the six constructed heads on `text`.
 * @param {import("../lib/mha.js").MHA} mha
 * @param {string} text
 * @param {{ causal?: boolean }} [options] causal: each token sees only
 *   itself and earlier tokens (a decoder's mask)
 * @returns {{ tokens: object[], count: number, problem: string | null,
 *   x: Float32Array | null, result: object | null }}
 */
export function runConstructed(mha, text, { causal = false } = {}) {
  const analysis = analyzeSentence(text);
  if (analysis.problem) return { ...analysis, x: null, result: null };
  const n = analysis.tokens.length;
  const x = constructedEmbeddings(
    analysis.tokens,
    mha.sinusoidalPositions(n, POSITION_DIMS),
  );
  const result = mha.forward({ x, n, ...WEIGHTS, causal });
  return { ...analysis, x, result };
}
