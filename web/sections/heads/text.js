// The words of #heads: the opening paragraph, the sentence controls' labels
// and hint, the causal option, the toolbar's labels, the closing note, and
// the lines that report a run (timing) or a sentence that did not work.
import { sectionNumber } from "../index.js";

/** The opening paragraph's pieces, around its bold phrase and its link. */
export const INTRO = {
  before:
    "Type any sentence: the page splits it into tokens, tags each one with its part of speech, builds a vector for every token and runs six attention heads over them in the WebAssembly core. ",
  strong: "These six heads are constructed, not trained:",
  after:
    " their weights were written by hand so that each one shows a pattern that researchers have found in real models. The patterns still come out of the real computation, scores q·k, then a softmax, and you can read the weights in ",
  end: ".",
};

/** The sentence box's label. */
export const SENTENCE_LABEL = "Your sentence";

/** The hint under the sentence box (read at build time: it names sections). */
export function sentenceHint() {
  return `Words, punctuation, emoji and any script work; the heatmaps show at most 40 tokens. Sections ${sectionNumber("learn")} and ${sectionNumber("project")} follow this sentence too.`;
}

/** The causal checkbox's label. */
export const CAUSAL_LABEL =
  "Causal mask, as in a GPT-style decoder: each token sees only itself and the tokens before it (hidden cells are hatched).";

/** The toolbar's words. */
export const TOOLBAR = {
  groupLabel: "Show one head",
  grid: "Grid: all heads",
};

/** The note under the heatmaps. */
export const CLOSING =
  "Every cell is one query token (row) attending to one key token (column); each row adds up to 100%. Hover or focus a cell to read it out, and move between cells with the arrow keys.";

/** The token chips' accessible label. */
export const CHIPS_LABEL = "Your tokens and their part-of-speech tags";

/**
 * The line saying the heatmaps still show an older sentence.
 * @param {string} text the last sentence that worked
 */
export function staleText(text) {
  return `The heatmaps below still show your last sentence that worked: “${text}”.`;
}

/**
 * The timing line of a run.
 * @param {number} heads how many heads ran
 * @param {number} n how many tokens
 * @param {string} forward the core's time, formatted
 * @param {string} total the time including tagging and vectors, formatted
 */
export function timingText(heads, n, forward, total) {
  return (
    `${heads} heads × ${n} token${n === 1 ? "" : "s"} computed in ` +
    `${forward} by the wasm core (${total} including tagging and building the token vectors).`
  );
}
