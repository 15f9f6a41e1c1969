// The fixed layout of section #real-model, built from text.js: the opening
// paragraphs with the loading status, then, once the first checkpoint is
// in, the whole section around the parts that draw themselves (timeline,
// grid, reader, ablation panel).
import { el } from "../../components/dom.js";
import { sectionNumber } from "../index.js";
import {
  ABLATION_INTRO,
  HEADINGS,
  LOADING_TEXT,
  gridIntroText,
  introText,
  modelFactsText,
} from "./text.js";

/**
 * Prose from text.js as DOM nodes: strings as text, `{ tag, text }` as
 * that element.
 * @param {Document} doc
 * @param {import("./text.js").Prose} prose
 * @returns {(string | HTMLElement)[]}
 */
function proseNodes(doc, prose) {
  return prose.map((part) =>
    typeof part === "string"
      ? part
      : el(doc, part.tag, {
          ...(part.className ? { className: part.className } : {}),
          text: part.text,
        }),
  );
}

/**
 * The section's opening paragraphs.
 * @param {Document} doc
 * @returns {HTMLElement[]}
 */
export function buildIntro(doc) {
  const numbers = {
    from: sectionNumber("heads"),
    to: sectionNumber("examples"),
  };
  return introText(numbers).map((prose) =>
    el(doc, "p", {}, proseNodes(doc, prose)),
  );
}

/**
 * The status line shown while loading (and kept for errors).
 * @param {Document} doc
 * @returns {HTMLElement}
 */
export function buildStatus(doc) {
  return el(doc, "p", {
    className: "rm-status",
    role: "status",
    text: LOADING_TEXT,
  });
}

/**
 * The whole section once the model is in, around its parts.
 * @param {Document} doc
 * @param {{ status: HTMLElement, timeline: HTMLElement, grid: HTMLElement,
 *   reader: HTMLElement, ablation: HTMLElement }} parts
 * @param {{ config: { layers: number, heads: number, dModel: number,
 *   dK: number, vocab: number, context: number },
 *   parameterCount: number, probeText: string,
 *   thresholds: { induction: number, previousToken: number } }} facts
 * @returns {{ children: HTMLElement[], summary: HTMLElement }} summary: the
 *   line that states the heads found at the shown step
 */
export function buildLayout(doc, parts, facts) {
  const summary = el(doc, "p", {
    className: "rm-summary",
    "aria-live": "polite",
  });
  const modelFacts = el(doc, "p", {
    className: "note",
    text: modelFactsText(facts.config, facts.parameterCount),
  });
  const gridIntro = gridIntroText(facts.probeText, facts.thresholds);
  const children = [
    ...buildIntro(doc),
    modelFacts,
    parts.status,
    el(doc, "h3", { text: HEADINGS.grid }),
    el(doc, "p", {}, proseNodes(doc, gridIntro)),
    parts.timeline,
    summary,
    parts.grid,
    el(doc, "h3", { text: HEADINGS.reader }),
    parts.reader,
    el(doc, "h3", { text: HEADINGS.ablation }),
    el(doc, "p", { text: ABLATION_INTRO }),
    parts.ablation,
  ];
  return { children, summary };
}
