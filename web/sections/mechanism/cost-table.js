// Draws the cost table: one row per quantity (COST_ROWS), one column for h
// heads and one for a single head of the full width.
import { el } from "../../components/dom.js";
import { COST_ROWS, fmt } from "./text.js";

/**
 * @param {HTMLElement} element the table's scrollable box
 * @param {import("./cost-summary.js").CostComparison} data
 */
export function renderCostTable(element, { sizes, split, single }) {
  const doc = element.ownerDocument;
  const h = sizes.heads;
  const table = el(doc, "table", { className: "mechanism-cost" });
  table.append(
    el(doc, "caption", {
      text: `Cost of one attention layer, for n = ${fmt(sizes.n)} tokens (computed by the core)`,
    }),
  );
  const head = el(doc, "tr", {}, [
    el(doc, "th", { scope: "col" }, [
      el(doc, "span", { className: "visually-hidden", text: "Quantity" }),
    ]),
    el(doc, "th", {
      scope: "col",
      text: `${fmt(h)} head${h === 1 ? "" : "s"} of width ${fmt(split.dK)}`,
    }),
    el(doc, "th", {
      scope: "col",
      text: `1 head of width ${fmt(single.dK)}`,
    }),
  ]);
  table.append(el(doc, "thead", {}, [head]));
  const body = el(doc, "tbody");
  for (const row of COST_ROWS) {
    body.append(
      el(
        doc,
        "tr",
        {
          className: row.total ? "mechanism-cost__total" : "",
          "data-key": row.key,
        },
        [
          el(doc, "th", { scope: "row", text: row.label }),
          el(doc, "td", {
            text: fmt(split[row.key]),
            "data-value": String(split[row.key]),
          }),
          el(doc, "td", {
            text: fmt(single[row.key]),
            "data-value": String(single[row.key]),
          }),
        ],
      ),
    );
  }
  table.append(body);
  element.replaceChildren(table);
}
