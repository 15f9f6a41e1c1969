// Constructed attention heads: weights designed by hand so that a familiar
// head pattern (positional, previous-token, copy, syntactic, semantic, sink)
// arises from the real attention computation. Nothing here computes
// attention: it only builds the inputs (token vectors x) and the weights,
// which then go through forward() like any other.
//
// The same fixed weights serve every sentence; only x depends on the text.
// Each token vector x_i (dModel = 48) is a concatenation of feature blocks
// (FEATURE_BLOCKS): a constant, the core's sinusoidal position encoding,
// a word-identity vector, a part-of-speech one-hot, a meaning-class
// (WordNet supersense) vector, and two flags.
//
// Head h reads columns [8h, 8h+8) of W_Q, W_K and W_V (dK = 8).
import { hashString, seededUniform } from "./random.js";

export const D_MODEL = 48;
export const HEADS = 6;
export const D_K = D_MODEL / HEADS;
/** Width of the sinusoidal position block (from the core). */
export const POSITION_DIMS = 16;

/** Coarse part-of-speech classes of the syntactic features. */
export const POS_CLASSES = ["DET", "ADJ", "NOUN", "PRON", "VERB", "OTHER"];

/** Where each feature lives in a token vector: [start, start + size). */
export const FEATURE_BLOCKS = Object.freeze([
  { name: "constant", start: 0, size: 1, about: "always 1" },
  {
    name: "position",
    start: 1,
    size: POSITION_DIMS,
    about: "sinusoidal encoding of the token's index",
  },
  {
    name: "identity",
    start: 17,
    size: 8,
    about: "a fixed random unit vector per word (case-insensitive)",
  },
  {
    name: "part of speech",
    start: 25,
    size: 6,
    about: `one-hot: ${POS_CLASSES.join(", ")}`,
  },
  {
    name: "meaning class",
    start: 31,
    size: 8,
    about: "a fixed random unit vector per WordNet supersense; zero if unknown",
  },
  { name: "first token", start: 39, size: 1, about: "1 for the first token" },
  { name: "punctuation", start: 40, size: 1, about: "1 for punctuation" },
  { name: "unused", start: 41, size: 7, about: "always 0" },
]);

const block = Object.fromEntries(FEATURE_BLOCKS.map((b) => [b.name, b]));

/** The six constructed heads, in head order. */
export const CONSTRUCTED_HEADS = Object.freeze([
  {
    id: "positional",
    name: "Positional",
    kind: "positional",
    description:
      "Looks at itself and its close neighbours: its query and key both read the position encoding, so nearby positions score highest.",
  },
  {
    id: "previous",
    name: "Previous token",
    kind: "positional",
    description:
      "Looks one step back: its query is the position encoding rotated by one position, so it matches the key of the token before.",
  },
  {
    id: "copy",
    name: "Copy / identity",
    kind: "copy",
    description:
      "Looks at the same word: query and key both read the word-identity vector, so a word matches itself and any repeat of it.",
  },
  {
    id: "syntactic",
    name: "Syntactic",
    kind: "syntactic",
    description:
      "Follows grammar from part-of-speech tags: determiners and adjectives look at the nearest noun, a verb at its subject, a noun at its verb.",
  },
  {
    id: "semantic",
    name: "Semantic",
    kind: "semantic",
    description:
      "Links words of the same meaning class (WordNet supersense), such as two animals or two places.",
  },
  {
    id: "sink",
    name: "Weird: attention sink",
    kind: "weird",
    description:
      "Parks its attention on the first token and on punctuation, whatever the sentence. Its values are zero, so it adds nothing to the output.",
  },
]);

const POSITION_PAIRS = 3; // the three fastest sine/cosine pairs
const POSITIONAL_GAIN = [2.5, 2.5, 2.5];
const PREVIOUS_GAIN = [12, 6, 3];
const COPY_GAIN = 20;
const SYNTAX_MATCH = 14;
const SYNTAX_CLOSENESS = 14;
const SEMANTIC_GAIN = 10;
const SINK_GAIN = 16;

// Which key classes each query class looks for in the syntactic head.
const SYNTAX_RELATIONS = {
  DET: ["NOUN"],
  ADJ: ["NOUN"],
  VERB: ["NOUN", "PRON"],
  NOUN: ["VERB"],
  PRON: ["VERB"],
};

/** The frequency of sine/cosine pair i of the core's sinusoidal encoding. */
function frequency(pair) {
  return 1 / 10000 ** ((2 * pair) / POSITION_DIMS);
}

function unitVector(length, seed) {
  const v = seededUniform(length, seed);
  const norm = Math.hypot(...v);
  return v.map((c) => c / norm);
}

/**
 * Token vectors for the constructed heads.
 * @param {{ text: string, pos: string, sense?: string | null, punct?: boolean }[]} tokens
 *   pos is one of POS_CLASSES; sense a WordNet supersense such as "noun.animal"
 * @param {Float32Array} positions n × 16 sinusoidal encoding from the core
 *   (mha.sinusoidalPositions(n, 16))
 * @returns {Float32Array} n × 48, row-major
 */
export function constructedEmbeddings(tokens, positions) {
  const n = tokens.length;
  if (positions.length !== n * POSITION_DIMS) {
    throw new RangeError(
      `positions must hold n × ${POSITION_DIMS} = ${n * POSITION_DIMS} numbers`,
    );
  }
  const x = new Float32Array(n * D_MODEL);
  tokens.forEach((t, i) => {
    const row = i * D_MODEL;
    x[row + block.constant.start] = 1;
    x.set(
      positions.subarray(i * POSITION_DIMS, (i + 1) * POSITION_DIMS),
      row + block.position.start,
    );
    x.set(
      unitVector(8, hashString(t.text.toLowerCase())),
      row + block.identity.start,
    );
    const pos = POS_CLASSES.indexOf(t.pos);
    x[
      row +
        block["part of speech"].start +
        (pos >= 0 ? pos : POS_CLASSES.length - 1)
    ] = 1;
    if (t.sense)
      x.set(
        unitVector(8, hashString(t.sense)),
        row + block["meaning class"].start,
      );
    if (i === 0) x[row + block["first token"].start] = 1;
    if (t.punct) x[row + block.punctuation.start] = 1;
  });
  return x;
}

/**
 * The fixed weights of the six constructed heads (no biases).
 * W_O is random (seed 7): the heads' patterns do not depend on it.
 * @returns {{ dModel: number, heads: number, wq: Float32Array, wk: Float32Array,
 *             wv: Float32Array, wo: Float32Array }}
 */
export function constructedWeights() {
  const wq = new Float32Array(D_MODEL * D_MODEL);
  const wk = new Float32Array(D_MODEL * D_MODEL);
  const wv = new Float32Array(D_MODEL * D_MODEL);
  // Sets W[row, head·dK + col] += value.
  const put = (w, head, row, col, value) => {
    w[row * D_MODEL + head * D_K + col] += value;
  };
  const pos = block.position.start;

  // Heads 0 and 1: compare sine/cosine pairs. Head 1 rotates the query by
  // one position back: (sin a, cos a)·R = (sin(a − ω), cos(a − ω)), so
  // q_i · k_j = Σ gain · cos(ω (i − 1 − j)), largest at j = i − 1.
  /** @type {[number, number, number[]][]} */
  const placements = [
    [0, 0, POSITIONAL_GAIN],
    [1, -1, PREVIOUS_GAIN],
  ];
  for (const [head, shift, gains] of placements) {
    for (let p = 0; p < POSITION_PAIRS; p++) {
      const theta = frequency(p) * shift;
      const [s, c] = [pos + 2 * p, pos + 2 * p + 1];
      put(wq, head, s, 2 * p, gains[p] * Math.cos(theta));
      put(wq, head, s, 2 * p + 1, -gains[p] * Math.sin(theta));
      put(wq, head, c, 2 * p, gains[p] * Math.sin(theta));
      put(wq, head, c, 2 * p + 1, gains[p] * Math.cos(theta));
      put(wk, head, s, 2 * p, 1);
      put(wk, head, c, 2 * p + 1, 1);
    }
    // Both carry the identity of the words they look at.
    for (let d = 0; d < 8; d++) put(wv, head, block.identity.start + d, d, 1);
  }

  // Head 2: identity · identity.
  for (let d = 0; d < 8; d++) {
    put(wq, 2, block.identity.start + d, d, COPY_GAIN);
    put(wk, 2, block.identity.start + d, d, 1);
    put(wv, 2, block.identity.start + d, d, 1);
  }

  // Head 3: a part-of-speech compatibility table (dims 0–5), plus closeness
  // from the fastest-but-one position pair (dims 6–7): cos(ω₁ (i − j)).
  const tag = block["part of speech"].start;
  POS_CLASSES.forEach((queryClass, qi) => {
    put(wk, 3, tag + qi, qi, 1);
    put(wv, 3, tag + qi, qi, 1);
    for (const keyClass of SYNTAX_RELATIONS[queryClass] ?? []) {
      put(wq, 3, tag + qi, POS_CLASSES.indexOf(keyClass), SYNTAX_MATCH);
    }
  });
  put(wq, 3, pos + 2, 6, SYNTAX_CLOSENESS);
  put(wq, 3, pos + 3, 7, SYNTAX_CLOSENESS);
  put(wk, 3, pos + 2, 6, 1);
  put(wk, 3, pos + 3, 7, 1);

  // Head 4: meaning class · meaning class.
  for (let d = 0; d < 8; d++) {
    put(wq, 4, block["meaning class"].start + d, d, SEMANTIC_GAIN);
    put(wk, 4, block["meaning class"].start + d, d, 1);
    put(wv, 4, block["meaning class"].start + d, d, 1);
  }

  // Head 5: every query (the constant) looks for "first" or "punctuation".
  put(wq, 5, block.constant.start, 0, SINK_GAIN);
  put(wk, 5, block["first token"].start, 0, 1);
  put(wk, 5, block.punctuation.start, 0, 1);
  // Its values stay zero.

  const wo = seededUniform(D_MODEL * D_MODEL, 7, 1 / Math.sqrt(D_MODEL));
  return { dModel: D_MODEL, heads: HEADS, wq, wk, wv, wo };
}
