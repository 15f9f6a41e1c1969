// The words of #project: the explanation above the stepper, and per stage a
// title, a one-line summary and the panel's prose, sized by the section's
// small example.
import {
  PROJECT_D_K,
  PROJECT_D_MODEL,
  PROJECT_HEADS,
  PROJECT_SEED,
  WORD_SCALE,
} from "./example.js";

const H = PROJECT_HEADS;
const D = PROJECT_D_MODEL;
const DK = PROJECT_D_K;

/** The stepper's four stages: id, title and one-line summary. */
export const STAGES = [
  {
    id: "heads",
    title: "Each head's output",
    summary: `${H} separate outputs, each ${DK} numbers wide per token.`,
  },
  {
    id: "concat",
    title: "Concatenate",
    summary: `${H} heads × ${DK} = ${D} columns, side by side.`,
  },
  {
    id: "project",
    title: "Project with W_O",
    summary: `The ${D} × ${D} matrix W_O; row block i belongs to head i.`,
  },
  {
    id: "output",
    title: "Final output",
    summary:
      "The output, and the proof that it is the sum of the heads' parts.",
  },
];

/** The inputs' disclosure line. */
export const INPUTS_SUMMARY =
  "Show the random inputs: token vectors X, W_Q, W_K, W_V";

/** The explanation above the stepper, paragraph by paragraph. */
export const INTRO = {
  lead: "Every head ends with its own small answer for each token: a vector only d_k numbers wide. The layer has to hand one vector of the full width, d_model, to whatever comes next, so the heads' answers are first laid end to end and then passed through one more learned matrix, W_O:",
  formula: String.raw`\text{MultiHead}(X) = \text{Concat}(\text{head}_1, \dots, \text{head}_h)\,W^O`,
  reasonsLead: "The final projection is there for two reasons:",
  /** @type {{ title: string, text: string }[]} */
  reasons: [
    {
      title: "Matching the width. ",
      text: "The next layer (and the residual connection that adds the layer's input back) expects vectors of exactly d_model numbers. Concatenation gives h × d_k = d_model numbers; W_O keeps that width and makes it a learned mixture rather than a plain stack.",
    },
    {
      title: "Mixing the heads. ",
      text: "Before W_O, each group of columns knows only what its own head found. Every output number is a weighted sum over all the concatenated columns, so a head that tracked grammar and a head that tracked meaning can be combined into one feature.",
    },
  ],
};

/**
 * The note on the tiny model, up to the echoed sentence.
 * @param {boolean} embedded the section is shown on its own page
 * @param {string} headsLabel how the page names section #heads
 */
export function aboutText(embedded, headsLabel) {
  return `Below, a tiny model: ${H} heads × d_k = ${DK}, so d_model = ${D}. Its weights W_Q, W_K, W_V and W_O are random numbers (not trained), drawn from a seeded generator with seed ${PROJECT_SEED}, so they are the same on every visit. Each word's vector is random too (values between −${WORD_SCALE} and ${WORD_SCALE}, seeded by the word itself, so a word always gets the same vector), plus the position encoding. There are no bias terms. ${embedded ? "The sentence is" : `The sentence is the one you type in ${headsLabel}`}: `;
}

/** The prose of each stage panel, in stage order. */
export const STAGE_TEXT = {
  heads: `Each head has just computed its attention-weighted average of values. Because d_k = ${DK}, each head's answer for a token is only ${DK} numbers. These are the core's per-head outputs, one colour per head.`,
  concat: `Concatenation does no arithmetic: for every token, the ${H} answers are written one after another in a single row. Columns 1–${DK} come from head 1, the next ${DK} from head 2, and so on: ${H} heads × ${DK} = ${D} columns, exactly d_model.`,
  project: `Multiplying the concatenation by W_O (${D} × ${D}) gives the output. Look at W_O by rows: rows 1–${DK} are only ever multiplied by head 1's columns, rows ${DK + 1}–${2 * DK} by head 2's, and so on. So each head owns a block of W_O's rows, which turns its ${DK} numbers into a full-width vector, and the output is the sum of those ${H} vectors. Below, `,
  projectBlock: String.raw`W^O_i`,
  projectBlockEnd: " stands for head i's block of rows:",
  projectFormula: String.raw`\text{output}_t = \sum_{i=1}^{h} \text{head}_i(t)\, W^O_i`,
  projectNote:
    "Each output column draws on every head at once: that is where the heads' findings get mixed.",
  output: `The layer's output: one ${D}-number vector per token, the same width as the input, ready for the next layer.`,
  proofTitle: "Proof: the output is the heads' contributions added up",
  proof:
    "The core also reports each head's contribution: its own columns of the concatenation times its own rows of W_O. Add the four and you get the output row, up to 32-bit rounding.",
  tokenLabel: "Break down the output of token ",
  normsTitle: "How much each head contributes",
  norms:
    "The length (norm) of each head's contribution tells how strongly that head moves the token's output. With random weights the sizes are arbitrary; in a trained model they show which heads matter for which token.",
};
