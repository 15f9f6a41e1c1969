// A numeric matrix drawn as an HTML table: each cell coloured on a
// diverging blue–orange scale (colour-blind safe; white at 0) and,
// optionally, labelled with its value. Row and column groups (e.g. the row
// blocks of W_O that belong to each head) get a coloured edge and a
// header. Used for weight matrices, head outputs and the concat/project
// stepper. Pure drawing, like renderHeatmap.
import { contrastText } from "./colormap.js";

// Blue (negative) → near-white (0) → orange (positive): the two hues that
// stay apart for every common colour-vision deficiency.
const NEGATIVE = [33, 102, 172];
const ZERO = [247, 247, 247];
const POSITIVE = [179, 88, 6];

/** CSS colour of v on a scale whose ends are ±limit. */
export function divergingColor(v, limit) {
  const t = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(t);
  const [r, g, b] = ZERO.map((z, k) => Math.round(z + (end[k] - z) * a));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Black or white, whichever contrasts more with divergingColor(v, limit). */
export function divergingTextColor(v, limit) {
  return contrastText(divergingColor(v, limit).match(/\d+/g).map(Number));
}

/** The CSS gradient of the whole scale, from -limit (left) to +limit. */
export function divergingGradient() {
  const c = (rgb) => `rgb(${rgb.join(", ")})`;
  return `linear-gradient(to right, ${c(NEGATIVE)}, ${c(ZERO)}, ${c(POSITIVE)})`;
}

/**
 * @param {HTMLElement} element emptied and filled
 * @param {{ rows: number, cols: number, values: ArrayLike<number>,
 *   rowLabels?: string[], colLabels?: string[],
 *   rowGroups?: { start: number, size: number, label: string }[],
 *   colGroups?: { start: number, size: number, label: string }[] }} data
 *   values is rows × cols, row-major
 * @param {{ label: string, caption?: string, showValues?: boolean,
 *   digits?: number, limit?: number, compact?: boolean }} options
 *   limit: the value drawn at full colour (default: the largest |value|)
 */
export function renderMatrix(element, data, options) {
  const doc = element.ownerDocument;
  const { rows, cols, values } = data;
  let limit = options.limit;
  if (!(limit > 0)) {
    limit = 0;
    for (let i = 0; i < rows * cols; i++)
      limit = Math.max(limit, Math.abs(values[i]));
  }
  const digits = options.digits ?? 2;
  const groupOf = (groups, k) =>
    groups?.findIndex((g) => k >= g.start && k < g.start + g.size) ?? -1;

  const table = doc.createElement("table");
  table.className = "matrix" + (options.compact ? " matrix--compact" : "");
  const caption = doc.createElement("caption");
  caption.textContent = options.caption ?? options.label;
  table.append(caption);
  table.setAttribute("aria-label", options.label);

  const thead = doc.createElement("thead");
  if (data.colGroups) {
    const tr = doc.createElement("tr");
    tr.append(doc.createElement("td"));
    for (const [gi, g] of data.colGroups.entries()) {
      const th = doc.createElement("th");
      th.scope = "colgroup";
      th.colSpan = g.size;
      th.className = `matrix__group matrix__group--${gi % 8}`;
      th.textContent = g.label;
      tr.append(th);
    }
    thead.append(tr);
  }
  const headRow = doc.createElement("tr");
  const corner = doc.createElement("td");
  headRow.append(corner);
  for (let c = 0; c < cols; c++) {
    const th = doc.createElement("th");
    th.scope = "col";
    th.textContent = data.colLabels?.[c] ?? String(c);
    const g = groupOf(data.colGroups, c);
    if (g >= 0) th.classList.add(`matrix__edge--${g % 8}`);
    headRow.append(th);
  }
  thead.append(headRow);
  table.append(thead);

  const tbody = doc.createElement("tbody");
  for (let r = 0; r < rows; r++) {
    const tr = doc.createElement("tr");
    const g = groupOf(data.rowGroups, r);
    if (g >= 0) {
      tr.className = `matrix__row-group--${g % 8}`;
      if (data.rowGroups[g].start === r)
        tr.classList.add("matrix__row-group-start");
    }
    const th = doc.createElement("th");
    th.scope = "row";
    th.textContent = data.rowLabels?.[r] ?? String(r);
    if (g >= 0) {
      th.classList.add(`matrix__edge--${g % 8}`);
      th.title = data.rowGroups[g].label;
    }
    tr.append(th);
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const td = doc.createElement("td");
      td.className = "matrix__cell";
      td.style.background = divergingColor(v, limit);
      td.style.color = divergingTextColor(v, limit);
      const text = v.toFixed(digits);
      if (options.showValues) {
        td.textContent = text;
      } else {
        const span = doc.createElement("span");
        span.className = "visually-hidden";
        span.textContent = text;
        td.append(span);
      }
      td.dataset.value = String(v);
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(tbody);

  const wrapper = doc.createElement("div");
  wrapper.className = "matrix__scroll";
  wrapper.tabIndex = 0; // scrollable regions must be reachable by keyboard
  wrapper.setAttribute("role", "region");
  wrapper.setAttribute("aria-label", `${options.label} (scrollable)`);
  wrapper.append(table);
  element.replaceChildren(wrapper);
}
