// Draws the sentence under the cost table: FLOPs per token with h heads and
// with one full-width head, their ratio, and the parameters per head.
import { el } from "../../components/dom.js";
import { fmt } from "./text.js";

/**
 * @param {HTMLElement} element the ratio line
 * @param {import("./cost-summary.js").CostComparison} data
 */
export function renderCostRatio(element, { sizes, split, single }) {
  const doc = element.ownerDocument;
  const h = sizes.heads;
  const r = split.flopsPerToken / single.flopsPerToken;
  const more = (r - 1) * 100;
  element.replaceChildren(
    `${fmt(h)} head${h === 1 ? "" : "s"}: `,
    el(doc, "strong", {
      className: "mechanism-flops-split",
      text: fmt(split.flopsPerToken),
    }),
    " FLOPs per token; one full-width head: ",
    el(doc, "strong", {
      className: "mechanism-flops-single",
      text: fmt(single.flopsPerToken),
    }),
    ". Ratio ",
    el(doc, "strong", { className: "mechanism-ratio", text: r.toFixed(4) }),
    more > 0
      ? ` (${more < 0.01 ? "under 0.01" : more.toFixed(2)}% more, all of it in the per-head softmax).`
      : " (the same).",
    ` Per head: ${fmt(split.parametersPerHead)} parameters × ${fmt(h)} = ${fmt(split.parametersPerHead * h)}.`,
  );
}
