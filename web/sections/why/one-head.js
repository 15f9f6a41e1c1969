// Renderers of #why's single-head panel: where cat's query points, the bar
// of cat's attention (always exactly full) with its legend, the row's total,
// the readout, the heatmap, and the fairest split the head can reach.
import { el } from "../../components/dom.js";
import { percent, renderHeatmap } from "../../components/heatmap.js";
import { CAT, SAT, THE, WHY_TOKENS } from "./example.js";
import { SWATCH, rowCells } from "./parts.js";
import { RELATION, aimText, quote } from "./text.js";

/** The bar's and legend's token order. */
const ORDER = [THE, CAT, SAT];

/**
 * @typedef {object} OneHeadData
 * @property {number} aim how much of cat's query aims at "The", 0 to 1
 * @property {number[]} row cat's attention row: n = 3 weights
 * @property {import("../../lib/mha.js").ForwardResult} result the core's
 *   forward result (weights: 1 × n × n, row-major)
 */

/**
 * Draws the panel built by layout.js from the last single-head result.
 * @param {HTMLElement} element the panel
 * @param {OneHeadData} data
 * @param {{ embedCode: () => string }} options the heatmap's embed code
 */
export function renderOneHead(element, data, options) {
  const doc = element.ownerDocument;
  const { aim, row, result } = data;
  const find = (selector) =>
    /** @type {HTMLElement} */ (element.querySelector(selector));
  const sum = row.reduce((a, b) => a + b, 0);

  find(".why-slider__value").textContent = aimText(aim);
  find("#why-aim").setAttribute("aria-valuetext", aimText(aim));

  const bar = find(".why-bar");
  bar.replaceChildren(
    ...ORDER.map((j) => {
      const seg = el(doc, "span", {
        className: `why-bar__seg ${SWATCH[j]}`,
        "data-token": WHY_TOKENS[j],
      });
      seg.style.flexGrow = String(row[j]);
      if (row[j] >= 0.12)
        seg.textContent = `${WHY_TOKENS[j]} ${percent(row[j])}`;
      return seg;
    }),
  );
  bar.setAttribute(
    "aria-label",
    "Cat’s attention: " +
      ORDER.map((j) => `${WHY_TOKENS[j]} ${percent(row[j])}`).join(", "),
  );
  find(".why-bar__legend").replaceChildren(
    ...ORDER.map((j) =>
      el(doc, "li", { "data-token": WHY_TOKENS[j] }, [
        el(doc, "span", {
          className: `why-bar__swatch ${SWATCH[j]}`,
          "aria-hidden": "true",
        }),
        `cat → ${WHY_TOKENS[j]} (${RELATION[j]}): `,
        el(doc, "strong", { className: "why-value", text: percent(row[j]) }),
      ]),
    ),
  );

  find(".why-total").replaceChildren(
    "Total of cat’s row: ",
    el(doc, "strong", { className: "why-total__value", text: percent(sum) }),
    ` (${(sum * 100).toFixed(1)}% before the three parts are each rounded).`,
  );

  const leader = row[THE] >= row[SAT] ? THE : SAT;
  const other = leader === THE ? SAT : THE;
  find(".why-readout").textContent =
    `${quote("cat")} gives ${percent(row[leader])} to ` +
    `${quote(WHY_TOKENS[leader])} and only ${percent(row[other])} to ` +
    `${quote(WHY_TOKENS[other])} (${percent(row[CAT])} stays on itself).`;

  renderHeatmap(
    find(".why-heatmap"),
    { tokens: [...WHY_TOKENS], weights: result.weights },
    {
      label: "One head: attention weights on “The cat sat”",
      caption: "The single head’s attention weights (cat’s row outlined)",
      highlight: rowCells(CAT),
      tools: {
        name: "why-one-head",
        getResult: () => result,
        embedCode: options.embedCode,
      },
    },
  );
}

/**
 * The fairest split the single head can reach, and what it gives each
 * relation.
 * @param {HTMLElement} element
 * @param {{ aim: number, both: number }} data example.js fairestSplit
 * @param {object} [options] none yet
 */
export function renderFairestSplit(element, data, options = {}) {
  const doc = element.ownerDocument;
  element.replaceChildren(
    "The fairest split this head can reach (query ",
    aimText(data.aim),
    ") gives each relation ",
    el(doc, "strong", { className: "why-value", text: percent(data.both) }),
    ". One head can share its attention out, but it can never give " +
      "both relations a large share at once.",
  );
}
