// Renderer of a #learn card's weights: what the head's query and key read,
// how to read the matrices, a legend, and its W_Q and W_K blocks.
import { el } from "../../components/dom.js";
import { renderLegend } from "../../components/legend.js";
import { divergingGradient, renderMatrix } from "../../components/matrix.js";
import {
  FEATURE_GROUPS,
  FEATURE_LABELS,
  featuresRead,
} from "../../constructed/weights.js";
import { D_K, D_MODEL } from "../../lib/heads.js";
import {
  WEIGHTS_LEGEND,
  featuresReadText,
  matrixText,
  weightsNote,
} from "./text.js";

/**
 * @param {HTMLElement} element the disclosure's body
 * @param {{ wq: Float32Array, wk: Float32Array }} data the head's columns
 *   of W_Q and W_K (D_MODEL × D_K each)
 * @param {{ head: number }} options which constructed head
 */
export function renderHeadWeights(element, data, options) {
  const doc = element.ownerDocument;
  const { wq, wk } = data;
  const { head } = options;
  const qMap = el(doc, "div", { className: "learn-weights__matrix" });
  const kMap = el(doc, "div", { className: "learn-weights__matrix" });
  element.replaceChildren(
    el(doc, "p", {
      text: featuresReadText(featuresRead(wq), featuresRead(wk)),
    }),
    el(doc, "p", { className: "note", text: weightsNote(head) }),
    renderLegend(doc, { gradient: divergingGradient(), ...WEIGHTS_LEGEND }),
    el(doc, "div", { className: "learn-weights__pair" }, [qMap, kMap]),
  );
  /** @type {[HTMLElement, Float32Array, string, string][]} */
  const matrices = [
    [qMap, wq, "W_Q", "q"],
    [kMap, wk, "W_K", "k"],
  ];
  for (const [target, values, name, letter] of matrices) {
    renderMatrix(
      target,
      {
        rows: D_MODEL,
        cols: D_K,
        values,
        rowLabels: FEATURE_LABELS,
        colLabels: [...Array(D_K).keys()].map((c) => `${letter}${c}`),
        rowGroups: FEATURE_GROUPS,
      },
      { ...matrixText(name, head), showValues: true, digits: 1 },
    );
  }
}
