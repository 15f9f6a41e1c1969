// One constructed head's query and key weights, laid out for renderMatrix:
// the 48 rows are the token-vector features (grouped by FEATURE_BLOCKS),
// the 8 columns the head's own query/key dimensions.
import { D_K, D_MODEL, FEATURE_BLOCKS, POS_CLASSES } from "../lib/heads.js";

/**
 * Columns [8h, 8h + 8) of a dModel × dModel weight matrix, as 48 × 8.
 * @param {Float32Array} w  dModel × dModel, row-major
 * @param {number} head
 * @returns {Float32Array}
 */
export function headColumns(w, head) {
  const out = new Float32Array(D_MODEL * D_K);
  for (let r = 0; r < D_MODEL; r++) {
    for (let c = 0; c < D_K; c++)
      out[r * D_K + c] = w[r * D_MODEL + head * D_K + c];
  }
  return out;
}

function labelsOf(block) {
  const k = [...Array(block.size).keys()];
  switch (block.name) {
    case "constant":
      return ["const 1"];
    case "position":
      return k.map((i) => `pos ${i % 2 ? "cos" : "sin"} ${i >> 1}`);
    case "identity":
      return k.map((i) => `word ${i}`);
    case "part of speech":
      return POS_CLASSES.map((c) => `tag ${c}`);
    case "meaning class":
      return k.map((i) => `meaning ${i}`);
    case "first token":
      return ["is first"];
    case "punctuation":
      return ["is punct."];
    default:
      return k.map(() => "unused");
  }
}

/** Row labels, one per feature (48). */
export const FEATURE_LABELS = FEATURE_BLOCKS.flatMap(labelsOf);

/** Row groups for renderMatrix, one per feature block. */
export const FEATURE_GROUPS = FEATURE_BLOCKS.map((b) => ({
  start: b.start,
  size: b.size,
  label: `${b.name}: ${b.about}`,
}));

/**
 * The names of the feature blocks with a non-zero weight in a 48 × 8 block.
 * @param {ArrayLike<number>} block
 * @returns {string[]}
 */
export function featuresRead(block) {
  return FEATURE_BLOCKS.filter((b) => {
    for (let r = b.start; r < b.start + b.size; r++) {
      for (let c = 0; c < D_K; c++) if (block[r * D_K + c] !== 0) return true;
    }
    return false;
  }).map((b) => b.name);
}
