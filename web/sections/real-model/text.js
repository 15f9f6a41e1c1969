// The #real-model section's words and pure helpers: no DOM, no core. The
// section's prose (built into the page by layout.js), what goes into the
// model for the reader's text, how characters are shown, and a summary of
// the heads found. Tested in Node (tests/js/real-model-text.test.mjs).

import { headName } from "../../components/format.js";
import { PROBE_DEFAULTS } from "../../lib/mha.js";

/** The 52 letters of the shipped model's probe (docs/MODEL.md). */
export const PROBE_ALPHABET =
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The probe the repository evaluates every checkpoint on. */
export const PROBE = Object.freeze({
  ...PROBE_DEFAULTS,
  alphabet: PROBE_ALPHABET,
});

/**
 * The token ids the model reads for the reader's text: at most `context`
 * of them. With `repeat`, the text (cut to fit twice) then a separator then
 * the same text again, so that an induction head has a copy to find.
 * @param {ArrayLike<number>} ids  the encoded text
 * @param {{ repeat: boolean, context: number, separator: ArrayLike<number> }} o
 *   separator: the ids put between the two copies (e.g. a space)
 * @returns {{ ids: Int32Array, clipped: boolean, kept: number,
 *   secondCopy: number }} kept: how many of the text's ids are used (per
 *   copy); secondCopy: the index where the second copy starts (-1 without
 *   repeat)
 */
export function composeInput(ids, { repeat, context, separator }) {
  if (!repeat) {
    const kept = Math.min(ids.length, context);
    return {
      ids: Int32Array.from(Array.prototype.slice.call(ids, 0, kept)),
      clipped: kept < ids.length,
      kept,
      secondCopy: -1,
    };
  }
  const room = Math.floor((context - separator.length) / 2);
  const kept = Math.min(ids.length, room);
  const copy = Array.prototype.slice.call(ids, 0, kept);
  const all = [...copy, ...Array.from(separator), ...copy];
  return {
    ids: Int32Array.from(all),
    clipped: kept < ids.length,
    kept,
    secondCopy: kept + separator.length,
  };
}

/**
 * Loss weights for ablation() on `input` (n + 1 ids, n positions): null
 * (every position scored) without repeat; with repeat, 1 only where the
 * next character is the second or a later character of the second copy,
 * the positions an induction head can predict (as the probe is scored).
 * @param {{ ids: ArrayLike<number>, secondCopy: number }} input
 * @returns {Float32Array | null}
 */
export function textLossWeights(input) {
  if (input.secondCopy < 0) return null;
  const n = input.ids.length - 1;
  const w = new Float32Array(Math.max(0, n));
  for (let t = input.secondCopy; t < n; t++) w[t] = 1;
  return w;
}

/** A character as a heatmap label or a guess: visible space and newline. */
export function displayChar(c) {
  if (c === " ") return "␣";
  if (c === "\n") return "¶";
  return c;
}

/**
 * How many scored next-token guesses are right: predicted[t] against
 * ids[t + 1], over the positions with weight > 0 (all when weights is null).
 * @returns {{ right: number, total: number }}
 */
export function countCorrect(predicted, ids, weights) {
  let right = 0;
  let total = 0;
  for (let t = 0; t < predicted.length; t++) {
    if (weights && !(weights[t] > 0)) continue;
    total++;
    if (predicted[t] === ids[t + 1]) right++;
  }
  return { right, total };
}

/**
 * What the classifier found, in a sentence: the previous-token and
 * induction heads with their scores, or the best score so far when there is
 * none. `analysis` is Model.analyze()'s result.
 * @returns {{ previous: object[], induction: object[], text: string }}
 */
export function summarizeHeads(analysis, format = (v) => v.toFixed(2)) {
  const { heads } = analysis;
  const previous = heads.filter((h) => h.label === "previous-token");
  const induction = heads.filter((h) => h.label === "induction");
  const best = (key) => heads.reduce((a, b) => (b[key] > a[key] ? b : a));
  const list = (hs, key) =>
    hs.map((h) => `${headName(h)} (${format(h[key])})`).join(", ");
  const part = (hs, key, one, many, none) => {
    if (hs.length === 0) {
      const b = best(key);
      return `${none} (best ${key === "induction" ? "induction" : "previous-token"} score ${format(b[key])}, ${headName(b)})`;
    }
    return `${hs.length === 1 ? one : many}: ${list(hs, key)}`;
  };
  const text =
    part(
      previous,
      "previousToken",
      "Previous-token head",
      "Previous-token heads",
      "No previous-token head",
    ) +
    ". " +
    part(
      induction,
      "induction",
      "Induction head",
      "Induction heads",
      "No induction head",
    ) +
    ".";
  return { previous, induction, text };
}

/** A number of nats with 3 decimals; a change gets its sign. */
export function formatNats(v, signed = false) {
  const s = v.toFixed(3);
  return signed && v >= 0 ? `+${s}` : s.replace("-", "−");
}

/** 12000 → "12,000" (fixed locale, so tests and screenshots agree). */
export function formatStep(step) {
  return String(step).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A run of prose: plain strings, and inline elements given as
 * `{ tag, text, className? }` (layout.js builds them).
 * @typedef {(string | { tag: string, text: string, className?: string })[]} Prose
 */

/**
 * The two paragraphs that open the section.
 * @param {{ from: number | string, to: number | string }} sections the
 *   numbers of the sections with constructed heads (#heads to #examples)
 * @returns {Prose[]}
 */
export function introText({ from, to }) {
  return [
    [
      `The heads in sections ${from} to ${to} were `,
      { tag: "strong", text: "constructed" },
      ": we wrote their weights by hand so that each would show one pattern. The heads here were ",
      { tag: "strong", text: "learned" },
      ". They belong to a small transformer that this project trained itself, starting from random numbers, on the text of ",
      { tag: "cite", text: "Moby-Dick" },
      " and on strings of random letters with a stretch copied later in the string. Nobody told any head what to do; gradient descent found the jobs below. The model, the data, the exact training command and every result are described in ",
      { tag: "code", text: "docs/MODEL.md" },
      " in the project's source; the weights it saved along the way ship with this page.",
    ],
    [
      "Two kinds of head matter most here. A ",
      { tag: "strong", text: "previous-token head" },
      " attends from each character to the one just before it, so the next layer knows, at every position, what came before. An ",
      { tag: "strong", text: "induction head" },
      " uses that: at the current character, it looks for earlier places where the same character appeared and attends to the character that followed it there, then copies it as its guess for what comes next. Together they continue any pattern seen earlier in the text: …",
      { tag: "code", text: "ab" },
      "… ",
      { tag: "code", text: "a" },
      " → ",
      { tag: "code", text: "b" },
      " (Olsson et al., 2022). In training, this pair tends to appear suddenly, in a “phase change”: move the slider to watch it happen.",
    ],
  ];
}

/** The status line while the first checkpoint loads. */
export const LOADING_TEXT = "Loading the trained model…";

/** The status line when the section could not start. */
export function loadErrorText(message) {
  return `The trained model could not be loaded: ${message}`;
}

/** The section's three headings, in order. */
export const HEADINGS = Object.freeze({
  grid: "Every head, as training goes on",
  reader: "One head on your text",
  ablation: "Switch heads off",
});

/** The paragraph under "Switch heads off". */
export const ABLATION_INTRO =
  "Ablation: zero a head's output before the output projection and see what the model loses. If the model really uses its induction circuit to predict the copied letters, switching off either of its two heads should make that prediction fail while costing little elsewhere.";

/**
 * One line on the loaded model's size.
 * @param {{ layers: number, heads: number, dModel: number, dK: number,
 *   vocab: number, context: number }} config
 * @param {number} parameterCount
 */
export function modelFactsText(config, parameterCount) {
  return `The model: ${config.layers} layers × ${config.heads} heads, d_model = ${config.dModel} (d_k = ${config.dK}), attention only (no MLP), ${parameterCount.toLocaleString("en")} parameters, a vocabulary of ${config.vocab} characters, reading at most ${config.context} at a time.`;
}

/**
 * The paragraph above the thumbnails, around the probe's first string.
 * @param {string} probeText the first probe string, decoded
 * @param {{ induction: number, previousToken: number }} thresholds the
 *   core's label thresholds (mha.headThresholds)
 * @returns {Prose}
 */
export function gridIntroText(probeText, thresholds) {
  return [
    `Each thumbnail below is one head on a probe: ${PROBE.half} random letters written twice, `,
    { tag: "code", className: "rm-probe", text: probeText },
    `. Rows are characters, columns the earlier characters they attend to. A previous-token head draws a line just below the diagonal; an induction head, in the second half, draws one ${PROBE.half - 1} columns to the left of the diagonal (the letter after the earlier copy of the current one). The labels and scores are the core's analysis of ${PROBE.batch} such strings (seed ${PROBE.seed}); an induction score of ${thresholds.induction} or more earns the label “induction”, a previous-token score of ${thresholds.previousToken} or more “previous-token”. Move the slider to load another checkpoint; choose a head to see it on your own text.`,
  ];
}

/** The scope of the probe's row in the ablation table. */
export const PROBE_SCOPE = `probe, repeated half (${PROBE.batch} × ${PROBE.half - 1} letters)`;

/**
 * Where and over what the text row of the ablation table was scored.
 * @param {{ secondCopy: number, ids: ArrayLike<number> } | null} input
 * @param {number} copied how many characters of the second copy were scored
 * @returns {{ where: string, scope: string }}
 */
export function textScopeText(input, copied) {
  if (!input) return { where: "on your text", scope: "" };
  if (input.secondCopy >= 0)
    return {
      where: "on the second copy of your text",
      scope: `your text, second copy (${copied} characters)`,
    };
  return {
    where: "on your text",
    scope: `your text (${input.ids.length - 1} next characters)`,
  };
}

/** A character in the monospaced guess lines: space as "·", newline "¶". */
export function guessChar(c) {
  return c === " " ? "·" : c === "\n" ? "¶" : c;
}

/** A line of guesses, one character each, in the guess lines' alphabet. */
export function guessLine(chars) {
  return [...chars].map(guessChar).join("");
}
