// The fixed layout of section #project, built once from text.js: the
// explanation above the stepper (with the echoed sentence and the inputs'
// disclosure) and each stage panel's prose with empty slots that the
// renderers (inputs.js, heads.js, product.js, proof.js, norms.js) fill.
import { mathElement } from "../../components/math.js";
import { el } from "../../components/dom.js";
import { PROJECT_HEADS } from "./example.js";
import { INPUTS_SUMMARY, INTRO, STAGE_TEXT } from "./text.js";

/** A display formula in the section's own frame (scrolls when too wide). */
function projectFormula(doc, tex) {
  const node = mathElement(doc, tex, true);
  node.classList.add("project-formula");
  return node;
}

/** An empty slot for one matrix. */
function matrixSlot(doc) {
  return el(doc, "div", { className: "project-matrix" });
}

/**
 * The explanation above the stepper.
 * @param {Document} doc
 * @param {string} about the note on the tiny model (text.js aboutText)
 * @returns {{ element: HTMLElement, sentenceEcho: HTMLElement,
 *   inputs: HTMLDetailsElement, inputsGrid: HTMLElement }}
 */
export function buildIntro(doc, about) {
  const sentenceEcho = el(doc, "q", { className: "project-sentence" });
  const inputsGrid = el(
    doc,
    "div",
    { className: "project-inputs__grid" },
    ["x", "wq", "wk", "wv"].map(() => matrixSlot(doc)),
  );
  const inputs = el(doc, "details", { className: "project-inputs" }, [
    el(doc, "summary", { text: INPUTS_SUMMARY }),
    inputsGrid,
  ]);
  const element = el(doc, "div", { className: "project-intro" }, [
    el(doc, "p", { text: INTRO.lead }),
    projectFormula(doc, INTRO.formula),
    el(doc, "p", { text: INTRO.reasonsLead }),
    el(
      doc,
      "ul",
      { className: "project-reasons" },
      INTRO.reasons.map((reason) =>
        el(doc, "li", {}, [
          el(doc, "strong", { text: reason.title }),
          reason.text,
        ]),
      ),
    ),
    el(doc, "p", { className: "note project-about" }, [
      about,
      sentenceEcho,
      ".",
    ]),
    inputs,
  ]);
  return { element, sentenceEcho, inputs, inputsGrid };
}

/**
 * @typedef {object} StageSlots the slots the renderers draw into
 * @property {HTMLElement} heads stage 1: one framed slot per head
 * @property {HTMLElement} concat stage 2: the concatenation
 * @property {HTMLElement} product stage 3: concat × W_O
 * @property {HTMLElement} output stage 4: the output
 * @property {HTMLSelectElement} tokenSelect stage 4: the token broken down
 * @property {HTMLElement} proof stage 4: contributions, sum and output row
 * @property {HTMLElement} difference stage 4: the largest difference
 * @property {HTMLElement} normsChart stage 4: bar chart of the norms
 * @property {HTMLElement} normsTable stage 4: every token's norms
 */

/**
 * Fills the four stage panels with their prose and empty slots.
 * @param {Document} doc
 * @param {HTMLElement[]} panels the stepper's panels, in stage order
 * @param {(token: number) => void} onToken called when the reader picks a token
 * @returns {StageSlots}
 */
export function buildStagePanels(doc, panels, onToken) {
  // Stage 1: one small matrix per head, framed in the head's colour.
  const heads = el(
    doc,
    "div",
    { className: "project-heads" },
    Array.from({ length: PROJECT_HEADS }, (_, h) =>
      el(doc, "div", {
        className: `project-head matrix__group--${h}`,
        "data-head": String(h),
      }),
    ),
  );
  panels[0].append(el(doc, "p", { text: STAGE_TEXT.heads }), heads);

  // Stage 2: the concatenation.
  const concat = matrixSlot(doc);
  panels[1].append(el(doc, "p", { text: STAGE_TEXT.concat }), concat);

  // Stage 3: concat × W_O.
  const product = el(doc, "div", { className: "project-product" }, [
    matrixSlot(doc),
    el(doc, "span", { className: "project-product__sign", text: "×" }),
    matrixSlot(doc),
  ]);
  panels[2].append(
    el(doc, "p", {}, [
      STAGE_TEXT.project,
      mathElement(doc, STAGE_TEXT.projectBlock),
      STAGE_TEXT.projectBlockEnd,
    ]),
    projectFormula(doc, STAGE_TEXT.projectFormula),
    product,
    el(doc, "p", { className: "note", text: STAGE_TEXT.projectNote }),
  );

  // Stage 4: the output and the proof.
  const output = matrixSlot(doc);
  const tokenSelect = el(doc, "select", {
    className: "project-token",
    id: "project-token",
    on: { change: () => onToken(Number(tokenSelect.value)) },
  });
  const proof = el(doc, "div", { className: "project-matrix project-proof" });
  const difference = el(doc, "p", {
    className: "project-difference",
    "aria-live": "polite",
  });
  const normsChart = el(doc, "div", { className: "project-norms-chart" });
  const normsTable = matrixSlot(doc);
  panels[3].append(
    el(doc, "p", { text: STAGE_TEXT.output }),
    output,
    el(doc, "h4", { text: STAGE_TEXT.proofTitle }),
    el(doc, "p", { text: STAGE_TEXT.proof }),
    el(doc, "p", { className: "project-token-row" }, [
      el(doc, "label", { for: "project-token", text: STAGE_TEXT.tokenLabel }),
      tokenSelect,
    ]),
    proof,
    difference,
    el(doc, "h4", { text: STAGE_TEXT.normsTitle }),
    el(doc, "p", { text: STAGE_TEXT.norms }),
    el(doc, "div", { className: "project-norms" }, [normsChart, normsTable]),
  );

  return {
    heads,
    concat,
    product,
    output,
    tokenSelect,
    proof,
    difference,
    normsChart,
    normsTable,
  };
}
