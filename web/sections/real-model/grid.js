// The #real-model section's layer × head grid: one thumbnail per head of the trained model
// on the first probe sequence, with the classifier's label and the head's
// previous-token and induction scores, all from Model.analyze() in the
// core. Each thumbnail is a toggle button that picks the head shown large
// below. Every score of every head is also in a table (on demand).
//
// Pure drawing: the section hands in the analysis and the weights.
import { el } from "../../components/dom.js";
import { headName } from "../../components/format.js";
import { METRICS, paintThumbnail } from "../../components/head-thumbnails.js";

/**
 * @param {Document} doc
 * @param {{ layers: number, heads: number, onSelect: (layer: number, head: number) => void }} o
 * @returns {{ element: HTMLElement,
 *   update(analysis: object, weightsOf: (l: number, h: number) => ArrayLike<number>, n: number): void,
 *   select(layer: number, head: number): void }}
 */
export function createHeadGrid(doc, { layers, heads, onSelect }) {
  const buttons = [];
  const rows = [];
  for (let l = 0; l < layers; l++) {
    const row = [];
    for (let h = 0; h < heads; h++) {
      const button = buildThumbnail(doc, l, h, onSelect);
      buttons.push(button);
      row.push(button);
    }
    rows.push(buildLayerRow(doc, l, row));
  }

  const tableBox = el(doc, "div", { className: "rm-scores__box" });
  const details = buildScoresDetails(doc, tableBox);
  const element = el(doc, "div", { className: "rm-grid" }, [...rows, details]);

  function update(analysis, weightsOf, n) {
    for (const head of analysis.reports) {
      const button = buttons[head.layer * heads + head.head];
      drawThumbnail(button, head, weightsOf(head.layer, head.head), n);
    }
    tableBox.replaceChildren(scoresTable(doc, analysis));
  }

  function select(layer, head) {
    buttons.forEach((b, i) =>
      b.setAttribute("aria-pressed", String(i === layer * heads + head)),
    );
  }

  return { element, update, select };
}

function scoresTable(doc, analysis) {
  return el(doc, "table", { className: "rm-scores__table" }, [
    el(doc, "caption", {
      text: `Every head's scores on the probe (${analysis.batch} sequences of ${analysis.n} letters), computed by the core`,
    }),
    el(doc, "thead", {}, [
      el(doc, "tr", {}, [
        el(doc, "th", { scope: "col", text: "head" }),
        el(doc, "th", { scope: "col", text: "label" }),
        ...METRICS.map(([, short, about]) =>
          el(doc, "th", { scope: "col", title: about, text: short }),
        ),
      ]),
    ]),
    el(
      doc,
      "tbody",
      {},
      analysis.reports.map((h) =>
        el(doc, "tr", {}, [
          el(doc, "th", { scope: "row", text: headName(h) }),
          el(doc, "td", { text: h.label }),
          ...METRICS.map(([key]) =>
            el(doc, "td", {
              text:
                key === "meanDistance" ? h[key].toFixed(1) : h[key].toFixed(2),
            }),
          ),
        ]),
      ),
    ),
  ]);
}

/** One head's thumbnail button, empty until drawThumbnail fills it. */
function buildThumbnail(doc, l, h, onSelect) {
  const name = headName({ layer: l, head: h });
  return el(
    doc,
    "button",
    {
      type: "button",
      className: "rm-thumb",
      "aria-pressed": "false",
      "data-head": name,
      on: { click: () => onSelect(l, h) },
    },
    [
      el(doc, "span", { className: "rm-thumb__name", text: name }),
      el(doc, "canvas", {
        className: "rm-thumb__map head-thumbnail",
        width: 1,
        height: 1,
        "aria-hidden": "true",
      }),
      el(doc, "span", { className: "rm-thumb__label" }),
      el(doc, "span", { className: "rm-thumb__scores" }),
      el(doc, "span", { className: "rm-thumb__spoken visually-hidden" }),
    ],
  );
}

/** One layer's group of thumbnails, with its heading. */
function buildLayerRow(doc, l, thumbnails) {
  return el(
    doc,
    "div",
    {
      className: "rm-grid__layer",
      role: "group",
      "aria-labelledby": `rm-layer-${l}`,
    },
    [
      el(doc, "h4", {
        id: `rm-layer-${l}`,
        className: "rm-grid__layer-name",
        text: `Layer ${l}`,
      }),
      el(doc, "div", { className: "rm-grid__heads" }, thumbnails),
    ],
  );
}

/** The closed disclosure with every score as a table, and what each means. */
function buildScoresDetails(doc, tableBox) {
  return el(doc, "details", { className: "rm-scores" }, [
    el(doc, "summary", { text: "Every score of every head, as a table" }),
    tableBox,
    el(
      doc,
      "dl",
      {},
      METRICS.flatMap(([, short, about]) => [
        el(doc, "dt", { text: short }),
        el(doc, "dd", { text: about }),
      ]),
    ),
  ]);
}

/** A thumbnail's label, scores and heatmap for one head of the analysis. */
function drawThumbnail(button, head, weights, n) {
  const notable = head.label === "induction" || head.label === "previous-token";
  button.classList.toggle("rm-thumb--notable", notable);
  button.dataset.label = head.label;
  button.dataset.previousToken = String(head.previousToken);
  button.dataset.induction = String(head.induction);
  const prev = head.previousToken.toFixed(2);
  const ind = head.induction.toFixed(2);
  const scores = `prev ${prev} · ind ${ind}`;
  button.querySelector(".rm-thumb__label").textContent = head.label;
  button.querySelector(".rm-thumb__scores").textContent = scores;
  // The button's name is its own text, so it holds what is visible (WCAG
  // 2.5.3: speech users say what they see), then a hidden sentence spells
  // the scores out.
  button.querySelector(".rm-thumb__spoken").textContent =
    ` (previous-token score ${prev}, induction score ${ind}): show ${headName(head)} on your text`;
  paintThumbnail(button.querySelector("canvas"), weights, n);
}
