// The fixed layout of section #parallel, built once from text.js: the
// explanation, the cost table's frame (rows by cost-table.js), the note
// under it, the measurement panel with its button, status and chart slot,
// and the closing explanation.
import { el } from "../../components/dom.js";
import {
  BUTTON,
  COST_TABLE,
  INTRO,
  MEASURE_NOTE,
  costNoteText,
  explainText,
} from "./text.js";

/**
 * Builds the section's layout.
 * @param {Document} doc
 * @param {{ heads: number, dK: number, productFlops: number }[]} configs
 *   the splits, widest first (mha.cost via parallelConfigurations)
 * @returns {{ children: HTMLElement[], costRows: HTMLElement,
 *   button: HTMLElement, status: HTMLElement, chart: HTMLElement }}
 */
export function buildLayout(doc, configs) {
  const intro = el(
    doc,
    "div",
    { className: "parallel-intro" },
    INTRO.map((text) => el(doc, "p", { text })),
  );
  const costRows = el(doc, "tbody", {});
  const costWrap = el(
    doc,
    "div",
    {
      className: "parallel-cost__scroll",
      tabindex: "0",
      role: "region",
      "aria-label": COST_TABLE.region,
    },
    [
      el(doc, "table", { className: "parallel-cost" }, [
        el(doc, "caption", { text: COST_TABLE.caption }),
        el(doc, "thead", {}, [
          el(
            doc,
            "tr",
            {},
            COST_TABLE.headers.map((text) =>
              el(doc, "th", { scope: "col", text }),
            ),
          ),
        ]),
        costRows,
      ]),
    ],
  );
  const sameProducts = configs.every(
    (c) => c.productFlops === configs[0].productFlops,
  );
  const costNote = el(doc, "p", {
    className: "note",
    text: costNoteText(sameProducts),
  });
  const button = el(doc, "button", {
    type: "button",
    className: "parallel-run",
    text: BUTTON.first,
  });
  const status = el(doc, "p", {
    className: "parallel-status",
    "aria-live": "polite",
  });
  const chart = el(doc, "div", { className: "parallel-chart" });
  const measure = el(doc, "div", { className: "parallel-measure panel" }, [
    button,
    el(doc, "p", { className: "note", text: MEASURE_NOTE }),
    status,
    chart,
  ]);
  const explain = el(
    doc,
    "div",
    { className: "parallel-explain" },
    explainText(configs[0], configs[configs.length - 1]).map((text) =>
      el(doc, "p", { text }),
    ),
  );
  return {
    children: [intro, costWrap, costNote, measure, explain],
    costRows,
    button,
    status,
    chart,
  };
}
