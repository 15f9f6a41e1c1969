// A horizontal bar chart drawn as SVG, plus a table of the same numbers for
// screen readers. The SVG is one image (role="img") whose aria-label says
// every value in words; the table sits next to it, visually hidden unless
// asked for. Bar widths are percentages of the chart's width, so the chart
// follows its container from phone to desktop without rescaling the text.
//
// renderBarChart(element, data, options) is pure drawing: data in, DOM out.

const SVG = "http://www.w3.org/2000/svg";

/**
 * Okabe–Ito colours (colour-blind safe), in the same order as the group
 * colours of matrix.js: index h is the colour of head h everywhere.
 */
export const OKABE_ITO = Object.freeze([
  "#e69f00",
  "#56b4e9",
  "#009e73",
  "#f0e442",
  "#0072b2",
  "#d55e00",
  "#cc79a7",
  "#999999",
]);

const ROW = 44; // px per bar: a label line, then the bar
const BAR = 18;
const LABEL_GAP = 4;
const BAR_SPAN = 78; // % of the width the longest bar takes (room for its value)

/**
 * @typedef {object} Bar
 * @property {string} label   shown above the bar and in the table
 * @property {number} value   a finite number ≥ 0
 * @property {string} [color] any CSS colour (default: Okabe–Ito by index)
 *
 * @typedef {object} BarChartOptions
 * @property {string} label        what the chart shows, e.g. "Median time per forward pass"
 * @property {string} [caption]    visible caption (defaults to label)
 * @property {(v: number) => string} [format]  value → text (default: 3 significant digits)
 * @property {string} [valueHeader] the table's value column header (default "Value")
 * @property {string} [labelHeader] the table's label column header (default "")
 * @property {boolean} [showTable]  show the table to everyone, not only to screen readers
 */

/**
 * Draws `data.bars` as horizontal bars into `element` (emptied first).
 * @param {HTMLElement} element
 * @param {{ bars: Bar[] }} data
 * @param {BarChartOptions} options
 * @returns {SVGSVGElement} the chart's SVG element
 */
export function renderBarChart(element, data, options) {
  const doc = element.ownerDocument;
  const format = options.format ?? ((v) => v.toPrecision(3));
  const bars = data.bars;
  const max = Math.max(0, ...bars.map((b) => b.value));

  const figure = doc.createElement("figure");
  figure.className = "bar-chart";
  const caption = doc.createElement("figcaption");
  caption.className = "bar-chart__caption";
  caption.textContent = options.caption ?? options.label;

  const svg = doc.createElementNS(SVG, "svg");
  svg.setAttribute("class", "bar-chart__svg");
  svg.setAttribute("role", "img");
  svg.setAttribute(
    "aria-label",
    `${options.label}: ` +
      bars.map((b) => `${b.label}, ${format(b.value)}`).join("; "),
  );
  svg.setAttribute("width", "100%");
  svg.setAttribute("height", String(bars.length * ROW + 6));

  const el = (name, attributes, text) => {
    const node = doc.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes))
      node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  bars.forEach((bar, i) => {
    const top = i * ROW;
    const width = max > 0 ? (bar.value / max) * BAR_SPAN : 0;
    const g = el("g", { class: "bar-chart__bar" });
    g.append(
      el("text", { x: 0, y: top + 14, class: "bar-chart__label" }, bar.label),
    );
    const rect = el("rect", {
      x: 0,
      y: top + 14 + LABEL_GAP,
      width: `${width}%`,
      height: BAR,
      rx: 2,
      class: "bar-chart__rect",
    });
    rect.style.fill = bar.color ?? OKABE_ITO[i % OKABE_ITO.length];
    g.append(rect);
    g.append(
      el(
        "text",
        {
          x: `${width}%`,
          dx: 6,
          y: top + 14 + LABEL_GAP + BAR / 2,
          "dominant-baseline": "central",
          class: "bar-chart__value",
        },
        format(bar.value),
      ),
    );
    svg.append(g);
  });
  // The axis: where every bar starts.
  svg.append(
    el("line", {
      x1: 0.5,
      x2: 0.5,
      y1: 14,
      y2: bars.length * ROW + 6,
      class: "bar-chart__axis",
    }),
  );

  // The class goes on a wrapper: a table is never narrower than its
  // content, so a hidden table itself would still widen the page.
  const tableBox = doc.createElement("div");
  tableBox.className = "bar-chart__table-box";
  if (!options.showTable) tableBox.classList.add("visually-hidden");
  const table = doc.createElement("table");
  table.className = "bar-chart__table";
  tableBox.append(table);
  const tableCaption = doc.createElement("caption");
  tableCaption.textContent = options.label;
  const thead = doc.createElement("thead");
  const headRow = doc.createElement("tr");
  for (const text of [
    options.labelHeader ?? "",
    options.valueHeader ?? "Value",
  ]) {
    const th = doc.createElement("th");
    th.scope = "col";
    th.textContent = text;
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = doc.createElement("tbody");
  for (const bar of bars) {
    const tr = doc.createElement("tr");
    const th = doc.createElement("th");
    th.scope = "row";
    th.textContent = bar.label;
    const td = doc.createElement("td");
    td.textContent = format(bar.value);
    td.dataset.value = String(bar.value);
    tr.append(th, td);
    tbody.append(tr);
  }
  table.append(tableCaption, thead, tbody);

  figure.append(caption, svg, tableBox);
  element.replaceChildren(figure);
  return svg;
}
