// An attention heatmap drawn as an HTML table: one row per query token, one
// column per key token, each cell coloured by its weight and labelled with
// its percentage. Being a real <table> with header cells, it is also the
// screen-reader view of the numbers. Keyboard: the arrow keys, Home/End and
// Ctrl+Home/End move between cells (ARIA grid pattern, roving tabindex).
//
// renderHeatmap(element, data, options) is pure drawing: it never calls the
// attention core, and redraws from the data it is given.
import { textColorOn, viridis } from "./colormap.js";
import { renderHeatmapTools } from "./heatmap-tools.js";
import { percent } from "./format.js";

// Cell colours by weight, in 1/256 steps: one lookup per cell instead of an
// interpolation and a contrast computation (a 40-token map has 1,600 cells).
const STEPS = 256;
const BACKGROUND = Array.from({ length: STEPS + 1 }, (_, k) =>
  viridis(k / STEPS),
);
const FOREGROUND = Array.from({ length: STEPS + 1 }, (_, k) =>
  textColorOn(k / STEPS),
);
const step = (w) => Math.round(Math.min(1, Math.max(0, w)) * STEPS);

/**
 * @typedef {object} HeatmapData
 * @property {string[]} tokens        the n token texts
 * @property {ArrayLike<number>} weights  n × n, row-major: weights[i*n + j]
 * @property {ArrayLike<number>} [scores] n × n; -Infinity marks a masked cell
 *
 * @typedef {object} HeatmapOptions
 * @property {string} label            accessible name, e.g. "Head 1: positional"
 * @property {string} [caption]        visible caption (defaults to label)
 * @property {Set<string>} [highlight] cells to outline, as "i,j"
 * @property {boolean} [compact]       smaller cells without percentages (thumbnails)
 * @property {object} [tools]          adds a Download PNG/SVG/JSON (and, with
 *   embedCode, "Copy embed code") toolbar: { name, getResult?, getExtra?,
 *   embedCode? } as for renderHeatmapTools; the picture is this heatmap
 */

// percent() lives in format.js; re-exported so existing imports still work.
export { percent };

// The heatmap drawn last in each element, so that a redraw of the same shape
// (a keystroke that changes the numbers but not the number of tokens)
// updates the cells in place: no new elements to style and lay out, and
// the listeners, the focus and the tools stay.
/** @type {WeakMap<HTMLElement, ReturnType<typeof buildHeatmap>>} */
const drawn = new WeakMap();

/**
 * Draws `data` into `element`. The first draw, or one whose shape differs
 * from the last (another token count, compact or not, another set of
 * tools), builds the table; a draw of the same shape updates it in place.
 * @param {HTMLElement} element  emptied and filled with the heatmap
 * @param {HeatmapData} data
 * @param {HeatmapOptions} options
 */
export function renderHeatmap(element, data, options) {
  const kept = drawn.get(element);
  if (kept && kept.fits(element, data, options)) {
    kept.update(data, options);
    return;
  }
  const previous = focusedCell(element);
  const built = buildHeatmap(element.ownerDocument, data, options);
  element.replaceChildren(...built.elements);
  drawn.set(element, built);
  built.update(data, options);
  built.restoreFocus(previous);
}

/** Which tools a heatmap has: a redraw with other tools rebuilds it. */
function toolsShape(options) {
  const t = /** @type {any} */ (options.tools);
  return t ? `tools:${Boolean(t.getResult)}:${Boolean(t.embedCode)}` : "none";
}

/**
 * The elements of an n-token heatmap, and update(), which fills them from
 * the latest data and options.
 * @param {Document} doc
 * @param {HeatmapData} data
 * @param {HeatmapOptions} options
 */
function buildHeatmap(doc, data, options) {
  const n = data.tokens.length;
  const compact = Boolean(options.compact);
  const shape = toolsShape(options);
  /** The latest data and options, read by the listeners and the tools. */
  const state = { data, options, highlight: new Set() };

  const table = doc.createElement("table");
  table.className = "heatmap" + (compact ? " heatmap--compact" : "");
  table.setAttribute("role", "grid");
  table.setAttribute("aria-readonly", "true");

  const caption = doc.createElement("caption");
  table.append(caption);

  const head = doc.createElement("thead");
  const headRow = doc.createElement("tr");
  const corner = doc.createElement("th");
  corner.className = "heatmap__corner";
  corner.innerHTML = '<span aria-hidden="true">query ↓ key →</span>';
  const cornerText = doc.createElement("span");
  cornerText.className = "visually-hidden";
  cornerText.textContent = "Rows: query token. Columns: key token.";
  corner.append(cornerText);
  headRow.append(corner);
  /** @type {HTMLElement[]} */
  const keyHeaders = [];
  /** @type {HTMLElement[]} */
  const queryHeaders = [];
  /** @type {HTMLElement[]} */
  const cells = [];
  for (let j = 0; j < n; j++) {
    const th = doc.createElement("th");
    th.scope = "col";
    th.className = "heatmap__key";
    th.dataset.col = String(j);
    keyHeaders.push(th);
    headRow.append(th);
  }
  head.append(headRow);
  table.append(head);

  const body = doc.createElement("tbody");
  for (let i = 0; i < n; i++) {
    const tr = doc.createElement("tr");
    const th = doc.createElement("th");
    th.scope = "row";
    th.className = "heatmap__query";
    th.dataset.row = String(i);
    queryHeaders.push(th);
    tr.append(th);
    for (let j = 0; j < n; j++) {
      const td = doc.createElement("td");
      td.dataset.row = String(i);
      td.dataset.col = String(j);
      td.tabIndex = -1;
      td.className = "heatmap__cell";
      cells.push(td);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);

  const readout = doc.createElement("p");
  readout.className = "heatmap__readout";
  readout.setAttribute("aria-live", "polite");
  readout.textContent = "\u00a0";

  const wrapper = doc.createElement("div");
  wrapper.className = "heatmap__scroll";
  wrapper.append(table);
  const elements = [wrapper, readout];
  if (options.tools) {
    // The tools read the latest run when clicked, through `state`.
    const tools = () => /** @type {any} */ (state.options.tools);
    const bar = doc.createElement("div");
    renderHeatmapTools(bar, {
      ...tools(),
      name: () => {
        const name = tools().name;
        return typeof name === "function" ? name() : name;
      },
      getResult: tools().getResult && (() => tools().getResult()),
      getExtra: () => tools().getExtra?.(),
      embedCode: tools().embedCode && (() => tools().embedCode()),
      getHeatmap: () => ({
        tokens: state.data.tokens,
        weights: state.data.weights,
        scores: state.data.scores,
        title: state.options.caption ?? state.options.label,
        highlight: [...state.highlight],
      }),
    });
    elements.push(bar);
  }

  const cellAt = (i, j) => cells[i * n + j];

  /** Fills the table from `data` and `options` (same n as built). */
  function update(data, options) {
    const active = table.querySelector("td.is-active");
    state.data = data;
    state.options = options;
    state.highlight = options.highlight ?? new Set();
    const { tokens } = data;
    if (table.getAttribute("aria-label") !== options.label)
      table.setAttribute("aria-label", options.label);
    setText(caption, options.caption ?? options.label);
    for (let j = 0; j < n; j++) setText(keyHeaders[j], tokens[j]);
    for (let i = 0; i < n; i++) setText(queryHeaders[i], tokens[i]);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        paintCell(cellAt(i, j), i, j, data, compact, state.highlight);
      }
    }
    // The outlined row and column stay; the read-out shows the new value.
    if (active) showReadout(/** @type {HTMLElement} */ (active));
  }

  const select = (td) => {
    table
      .querySelectorAll(".is-row, .is-col, .is-active")
      .forEach((el) => el.classList.remove("is-row", "is-col", "is-active"));
    if (!td) {
      readout.textContent = "\u00a0";
      return;
    }
    const { row, col } = td.dataset;
    table
      .querySelectorAll(`[data-row="${row}"]`)
      .forEach((el) => el.classList.add("is-row"));
    table
      .querySelectorAll(`[data-col="${col}"]`)
      .forEach((el) => el.classList.add("is-col"));
    td.classList.add("is-active");
    showReadout(td);
  };

  /** Says the token pair and the value of cell `td` in the read-out. */
  function showReadout(td) {
    const { row, col } = td.dataset;
    const masked = td.classList.contains("heatmap__cell--masked");
    const value = masked ? "masked" : percent(Number(td.dataset.weight));
    const tokens = state.data.tokens;
    setText(readout, `${tokens[row]} → ${tokens[col]}: ${value}`);
  }

  table.addEventListener("mouseover", (e) =>
    select(/** @type {Element} */ (e.target).closest("td")),
  );
  table.addEventListener("mouseleave", () =>
    select(table.querySelector("td:focus")),
  );
  table.addEventListener("focusin", (e) => {
    const td = /** @type {HTMLElement} */ (
      /** @type {Element} */ (e.target).closest("td")
    );
    if (!td) return;
    cells.forEach((c) => (c.tabIndex = -1));
    td.tabIndex = 0;
    select(td);
  });
  table.addEventListener("keydown", (e) => {
    const td = /** @type {HTMLElement} */ (
      /** @type {Element} */ (e.target).closest("td")
    );
    if (!td) return;
    let i = Number(td.dataset.row);
    let j = Number(td.dataset.col);
    switch (e.key) {
      case "ArrowRight":
        j = Math.min(n - 1, j + 1);
        break;
      case "ArrowLeft":
        j = Math.max(0, j - 1);
        break;
      case "ArrowDown":
        i = Math.min(n - 1, i + 1);
        break;
      case "ArrowUp":
        i = Math.max(0, i - 1);
        break;
      case "Home":
        j = 0;
        if (e.ctrlKey) i = 0;
        break;
      case "End":
        j = n - 1;
        if (e.ctrlKey) i = n - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    cellAt(i, j).focus();
  });

  return {
    elements,
    update,
    /** True when this heatmap, still in `element`, can show `data`. */
    fits(element, data, options) {
      return (
        element.contains(table) &&
        data.tokens.length === n &&
        Boolean(options.compact) === compact &&
        toolsShape(options) === shape
      );
    },
    /** Puts the roving tab stop (and focus, if it was there) back. */
    restoreFocus(previous) {
      if (n === 0) return;
      const start =
        previous && previous.row < n && previous.col < n
          ? previous
          : { row: 0, col: 0 };
      cellAt(start.row, start.col).tabIndex = 0;
      if (previous?.hadFocus) cellAt(start.row, start.col).focus();
    },
  };
}

/** Sets an element's text only when it changed (no needless layout). */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Colours, labels and marks cell (i, j) of a heatmap from `data`. Only what
 * differs is written (classes are toggled, not reset), so a cell whose
 * value did not change is not restyled or laid out again, and the hover
 * and focus marks (is-row, is-col, is-active) stay.
 * @param {HTMLElement} td
 * @param {number} i query
 * @param {number} j key
 * @param {HeatmapData} data
 * @param {boolean} compact
 * @param {Set<string>} highlight
 */
function paintCell(td, i, j, data, compact, highlight) {
  const { tokens, weights, scores } = data;
  const n = tokens.length;
  const w = weights[i * n + j];
  const masked = scores ? scores[i * n + j] === -Infinity : false;
  td.classList.toggle("heatmap__cell--masked", masked);
  td.classList.toggle("heatmap__cell--highlight", highlight.has(`${i},${j}`));
  if (masked) {
    td.style.removeProperty("background-color");
    td.style.removeProperty("color");
    setText(td, compact ? "" : "–");
    setAttr(td, "aria-label", `${tokens[i]} → ${tokens[j]}: masked`);
  } else {
    const k = step(w);
    td.style.backgroundColor = BACKGROUND[k];
    td.style.color = FOREGROUND[k];
    // The cell's text is its value, announced with the row and column
    // headers; thumbnails without text carry it as a label instead.
    if (compact) {
      setAttr(td, "aria-label", `${tokens[i]} → ${tokens[j]}: ${percent(w)}`);
    } else {
      setText(td, percent(w));
      td.removeAttribute("aria-label");
    }
  }
  setAttr(td, "data-weight", String(w));
}

/** Sets an attribute only when its value changed. */
function setAttr(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function focusedCell(element) {
  const active = element.ownerDocument.activeElement;
  const roving = element.querySelector('td[tabindex="0"]');
  const td = active && element.contains(active) ? active.closest("td") : roving;
  if (!td) return null;
  return {
    row: Number(td.dataset.row),
    col: Number(td.dataset.col),
    hadFocus: td === active,
  };
}
