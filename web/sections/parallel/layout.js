// The fixed layout of section #parallel, built once from text.js: the
// explanation, the cost table's frame (rows by cost-table.js), the note
// under it, the measurement panel with its button, status and chart slot,
// the explanation, the multi-core panel (the same parts) and the closing
// paragraph.
import { el } from "../../components/dom.js";
import {
  BUTTON,
  CORES_BUTTON,
  CORES_INTRO,
  CORES_NOTE,
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
 *   button: HTMLElement, status: HTMLElement, chart: HTMLElement,
 *   cores: { button: HTMLElement, status: HTMLElement, chart: HTMLElement } }}
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
  const paragraphs = explainText(configs[0], configs[configs.length - 1]);
  const explain = el(
    doc,
    "div",
    { className: "parallel-explain" },
    paragraphs.slice(0, -1).map((text) => el(doc, "p", { text })),
  );
  const cores = {
    button: el(doc, "button", {
      type: "button",
      className: "parallel-cores-run",
      text: CORES_BUTTON.first,
    }),
    status: el(doc, "p", {
      className: "parallel-status parallel-cores-status",
      "aria-live": "polite",
    }),
    chart: el(doc, "div", { className: "parallel-chart parallel-cores-chart" }),
  };
  const coresPanel = el(
    doc,
    "div",
    { className: "parallel-measure parallel-cores panel" },
    [
      el(doc, "p", { text: CORES_INTRO }),
      cores.button,
      el(doc, "p", { className: "note", text: CORES_NOTE }),
      cores.status,
      cores.chart,
    ],
  );
  const closing = el(doc, "div", { className: "parallel-explain" }, [
    el(doc, "p", { text: paragraphs[paragraphs.length - 1] }),
  ]);
  return {
    children: [
      intro,
      costWrap,
      costNote,
      measure,
      explain,
      coresPanel,
      closing,
    ],
    costRows,
    button,
    status,
    chart,
    cores,
  };
}
