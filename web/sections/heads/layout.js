// The fixed layout of section #heads, built once from text.js: the opening,
// the sentence controls, the toolbar (one button per head and the grid
// button), the legend, and the empty slots (chips, problem, timing, stale
// note, stage) that the renderers fill.
import { el } from "../../components/dom.js";
import { heatmapLegend } from "../../components/legend.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { sectionLabel } from "../index.js";
import {
  CAUSAL_LABEL,
  CLOSING,
  INTRO,
  SENTENCE_LABEL,
  TOOLBAR,
  sentenceHint,
} from "./text.js";

/**
 * @typedef {object} HeadsLayout
 * @property {HTMLElement[]} elements the section's children, in order
 * @property {HTMLInputElement} input the sentence box
 * @property {HTMLInputElement} causalBox the causal mask checkbox
 * @property {HTMLElement} chips where the token chips go
 * @property {HTMLElement} problem why the sentence did not work
 * @property {HTMLElement} timing the last run's timing
 * @property {HTMLButtonElement[]} headButtons one per constructed head
 * @property {HTMLButtonElement} gridButton toggles the grid of all heads
 * @property {HTMLElement} stale says the heatmaps show an older sentence
 * @property {HTMLElement} stage where the heatmaps go
 */

/**
 * Builds the layout.
 * @param {Document} doc
 * @param {{ sentence: string, causal: boolean }} initial the box's text and
 *   the checkbox's state to start from
 * @returns {HeadsLayout}
 */
export function buildLayout(doc, { sentence, causal }) {
  const intro = el(doc, "p", {}, [
    INTRO.before,
    el(doc, "strong", { text: INTRO.strong }),
    INTRO.after,
    el(doc, "a", { href: "#learn", text: sectionLabel("learn") }),
    INTRO.end,
  ]);
  const input = /** @type {HTMLInputElement} */ (
    el(doc, "input", {
      id: "heads-sentence",
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": "heads-sentence-hint",
      value: sentence,
    })
  );
  const hint = el(doc, "p", {
    id: "heads-sentence-hint",
    className: "note",
    text: sentenceHint(),
  });
  const chips = el(doc, "div", { className: "heads-chips-wrap" });
  const problem = el(doc, "p", {
    className: "error heads-problem",
    "aria-live": "polite",
  });
  const causalBox = /** @type {HTMLInputElement} */ (
    el(doc, "input", { id: "heads-causal", type: "checkbox", checked: causal })
  );
  const causalOption = el(doc, "p", { className: "heads-causal" }, [
    causalBox,
    " ",
    el(doc, "label", { for: "heads-causal", text: CAUSAL_LABEL }),
  ]);
  const timing = el(doc, "p", {
    className: "note heads-timing",
    "aria-live": "polite",
  });
  const controls = el(doc, "div", { className: "panel heads-controls" }, [
    el(doc, "label", { for: "heads-sentence", text: SENTENCE_LABEL }),
    input,
    hint,
    chips,
    causalOption,
    problem,
    timing,
  ]);

  const headButtons = CONSTRUCTED_HEADS.map(
    (h, index) =>
      /** @type {HTMLButtonElement} */ (
        el(doc, "button", {
          type: "button",
          className: "heads-button",
          "data-head": String(index),
          text: `${index + 1}. ${h.name}`,
        })
      ),
  );
  const gridButton = /** @type {HTMLButtonElement} */ (
    el(doc, "button", {
      type: "button",
      className: "heads-button heads-button--grid",
      text: TOOLBAR.grid,
    })
  );
  const toolbar = el(doc, "div", { className: "heads-toolbar" }, [
    el(
      doc,
      "div",
      {
        role: "group",
        "aria-label": TOOLBAR.groupLabel,
        className: "heads-buttons",
      },
      headButtons,
    ),
    gridButton,
  ]);

  const stale = el(doc, "p", { className: "note heads-stale" });
  const stage = el(doc, "div", { className: "heads-stage" });
  const closing = el(doc, "p", { className: "note", text: CLOSING });

  return {
    elements: [
      intro,
      controls,
      toolbar,
      heatmapLegend(doc),
      stale,
      stage,
      closing,
    ],
    input,
    causalBox,
    chips,
    problem,
    timing,
    headButtons,
    gridButton,
    stale,
    stage,
  };
}
