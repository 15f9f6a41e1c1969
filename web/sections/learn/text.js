// The words of #learn around the cards (the cards' own words are in
// cards.js): the introduction, the labels of each card's live heatmap and
// chips, the weights disclosure and the problem line. No DOM, no core.
import { D_K, D_MODEL } from "../../lib/heads.js";

/**
 * The first paragraph, with a link to the sentence box: the text before
 * the link, the link's text and target, and the text after it.
 */
export const INTRO_LEAD = Object.freeze({
  before:
    "Studies that open up trained Transformers keep finding the same few kinds of head. Below, each kind gets a card: what real models' heads of that kind do, then a head of that kind running live on ",
  link: { href: "#heads", text: "your sentence" },
  after: ".",
});

/** The panel on how the heads were made: a bold start, then the rest. */
export const CONSTRUCTED_NOTE = Object.freeze({
  title: "Built by hand. ",
  text: "A trained model finds its weights by gradient descent on a great deal of text. The heads here are constructed instead: we chose the features of each token vector and wrote W_Q and W_K so that each pattern arises through the real attention computation (scores q·k/√d_k, softmax) in the wasm core. Open “Show the weights” on any card to see exactly what a head reads. A later release of this page will put a small trained model next to them.",
});

/** The bold start of a card's "how it does it" paragraph. */
export function howTitle(head) {
  return `How constructed head ${head + 1} does it: `;
}

/** The accessible label of a card's token chips. */
export function chipsLabel(show) {
  return show === "tag"
    ? "Your tokens with their part-of-speech tags"
    : "Your tokens with their meaning classes";
}

/**
 * A card's heatmap label and caption.
 * @param {number} head index of the constructed head
 * @param {string} name its name
 */
export function heatmapText(head, name) {
  return {
    label: `Head ${head + 1}, ${name}: attention weights on your sentence`,
    caption: `Head ${head + 1} · ${name}, live on your sentence`,
  };
}

/**
 * The problem line, saying which sentence the cards still show if any.
 * @param {string} problem
 * @param {string | null} shownText
 */
export function problemText(problem, shownText) {
  return shownText === null
    ? problem
    : `${problem} The cards still show “${shownText}”.`;
}

/** The weights disclosure's summary. */
export function weightsSummary(head) {
  return `Show the weights of head ${head + 1} (W_Q and W_K)`;
}

/**
 * What the query and the key read, from the features' names.
 * @param {string[]} query
 * @param {string[]} key
 */
export function featuresReadText(query, key) {
  const list = (names) => names.join(", ") || "nothing";
  return `Its query reads: ${list(query)}. Its key reads: ${list(key)}.`;
}

/** How to read the two weight matrices of head `head`. */
export function weightsNote(head) {
  return `Rows: the ${D_MODEL} features of a token vector, grouped by colour (constant, position, word identity, part of speech, meaning class, two flags, unused). Columns: this head's ${D_K} query or key dimensions, columns ${head * D_K}–${head * D_K + D_K - 1} of the full matrices. Orange is positive, blue negative, white zero; each matrix uses its own scale. A row of white means the head ignores that feature.`;
}

/** The weights legend's two ends. */
export const WEIGHTS_LEGEND = Object.freeze({
  low: "negative",
  high: "positive (white: zero)",
});

/**
 * One weight matrix's label and caption.
 * @param {string} name "W_Q" or "W_K"
 * @param {number} head
 */
export function matrixText(name, head) {
  return {
    label: `${name} of head ${head + 1}: ${D_MODEL} features × ${D_K} dimensions`,
    caption: `${name}, head ${head + 1}`,
  };
}
