// Draws the sentence above the cost table: each head's width d_k and the
// layer's parameter count, from the last valid computation.
import { el } from "../../components/dom.js";
import { compact, fmt } from "./text.js";

/**
 * @typedef {{ sizes: import("./calculator-state.js").Sizes,
 *   split: import("../../lib/mha.js").Cost,
 *   single: import("../../lib/mha.js").Cost }} CostComparison
 *   the sizes, their cost with h heads, and with one head of full width
 */

/**
 * @param {HTMLElement} element the summary line
 * @param {CostComparison} data
 */
export function renderCostSummary(element, { sizes, split }) {
  const doc = element.ownerDocument;
  const h = sizes.heads;
  element.replaceChildren(
    "Each of the ",
    el(doc, "strong", { text: fmt(h) }),
    h === 1 ? " head works in " : " heads works in ",
    el(doc, "strong", { className: "mechanism-dk", text: fmt(split.dK) }),
    ` dimensions (d_k = ${fmt(sizes.dModel)} / ${fmt(h)}). The layer has `,
    el(doc, "strong", {
      className: "mechanism-params",
      text: fmt(split.parameters),
    }),
    ` parameters (${compact(split.parameters)}).`,
  );
}
