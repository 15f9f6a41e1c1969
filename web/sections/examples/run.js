// What #examples asks of the core: one example's constructed head on a
// sentence (runConstructed), and the share of its attention on the outlined
// cells (for the previous-token rule, the core's own metric).
import { runConstructed } from "../../constructed/run.js";
import { computeFailedText } from "./text.js";
import { shareOnCells } from "./rules.js";

/**
 * The kept result of one example's head on `text`, or the problem.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {string} text
 * @param {number} head index of the constructed head
 * @returns {{ problem: string | null, kept: { text: string, n: number,
 *   tokens: object[], weights: Float32Array, result: object } | null }}
 *   kept is null exactly when there is a problem
 */
export function runExample(mha, text, head) {
  let run;
  try {
    run = runConstructed(mha, text);
  } catch (error) {
    return { problem: computeFailedText(error.message), kept: null };
  }
  if (run.problem) return { problem: run.problem, kept: null };
  return {
    problem: null,
    kept: {
      text,
      n: run.tokens.length,
      tokens: run.tokens,
      weights: run.result.headWeights(head),
      result: run.result, // for the JSON download
    },
  };
}

/**
 * The share of each row's attention on the outlined cells, and its mean.
 * The core measures the previous-token share itself (pattern_metrics'
 * previous_token: the mean over rows i ≥ 1 of A[i, i − 1]); the other rules
 * have no core metric, so their share is summed here.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {{ weights: Float32Array, n: number, result: { causal: boolean } }} kept
 * @param {string} rule
 * @param {Set<string>} cells
 * @returns {{ rows: { row: number, share: number }[], mean: number | null }}
 */
export function outlinedShare(mha, kept, rule, cells) {
  const share = shareOnCells(kept.weights, kept.n, cells);
  const mean =
    rule === "previous" && share.mean !== null
      ? mha.patternMetrics(kept.weights, kept.n, {
          causal: kept.result.causal,
        }).previousToken
      : share.mean;
  return { rows: share.rows, mean };
}
