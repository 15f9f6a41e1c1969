// The #real-model section's pure helpers: no DOM, no core. What goes into the model for
// the reader's text, how characters are shown, the top next characters from
// a row of logits, and a summary of the heads found. Tested in Node
// (tests/js/real-model-text.test.mjs).

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
 * The `k` most likely next tokens from one row of logits, with their
 * softmax probabilities, most likely first.
 * @param {ArrayLike<number>} logits
 * @param {number} k
 * @returns {{ id: number, p: number }[]}
 */
export function topNext(logits, k) {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e
    .map((v, id) => ({ id, p: v / sum }))
    .sort((a, b) => b.p - a.p || a.id - b.id)
    .slice(0, k);
}

/** Row `row` of an n × vocab logits array. */
export function logitsRow(logits, vocab, row) {
  return logits.subarray(row * vocab, (row + 1) * vocab);
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
