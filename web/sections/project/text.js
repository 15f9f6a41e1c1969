// The words of #project's stepper: one title and summary per stage, in
// order, sized by the section's small example.
import { PROJECT_D_K, PROJECT_D_MODEL, PROJECT_HEADS } from "./example.js";

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
