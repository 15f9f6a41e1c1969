// Renderer of #parallel's cost table: one row per split, the core's counts
// of matrix-product, softmax and total operations.
import { el } from "../../components/dom.js";

const integer = new Intl.NumberFormat("en-US");

/**
 * @param {HTMLElement} element the table's <tbody>
 * @param {{ configs: { heads: number, dK: number, productFlops: number,
 *   softmaxFlops: number, flops: number }[] }} data
 */
export function renderCostTable(element, data) {
  const doc = element.ownerDocument;
  element.replaceChildren(
    ...data.configs.map((c) =>
      el(doc, "tr", {}, [
        el(doc, "th", { scope: "row", text: `${c.heads} × ${c.dK}` }),
        ...[c.productFlops, c.softmaxFlops, c.flops].map((v) =>
          el(doc, "td", { text: integer.format(v), "data-value": String(v) }),
        ),
      ]),
    ),
  );
}
