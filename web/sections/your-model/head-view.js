// The #your-model section's chosen head in full: its heatmap on the
// reader's tokens (an HTML table: the screen-reader view of every number,
// with PNG, SVG and JSON export), the core's label and metrics, the
// published role of the head when the model is GPT-2 small (with the
// citation), and a button that switches the head off.
import { el } from "../../components/dom.js";
import { renderHeatmap } from "../../components/heatmap.js";
import { renderHeatmapTools } from "../../components/heatmap-tools.js";
import { paintHeatmapCanvas } from "../../components/heatmap-canvas.js";
import { headName } from "../../components/format.js";
import { GRID_METRICS, metricText } from "./grid.js";
import { CITATIONS, labelAgrees } from "./roles.js";
import { headTitle } from "./text.js";

/**
 * @param {Document} doc
 * @param {{ onAblate: (layer: number, head: number) => void }} o
 */
export function createHeadView(doc, o) {
  const title = el(doc, "p", { className: "ym-head__title" });
  const facts = el(doc, "dl", { className: "ym-head__facts" });
  const roles = el(doc, "div", { className: "ym-head__roles" });
  const ablate = el(doc, "button", {
    type: "button",
    className: "ym-button ym-head__ablate",
    "aria-pressed": "false",
    on: { click: () => current && o.onAblate(current.layer, current.head) },
  });
  const map = el(doc, "div", { className: "ym-head__map" });
  const element = el(doc, "div", { className: "ym-head" }, [
    title,
    facts,
    roles,
    ablate,
    map,
  ]);
  /** @type {{ layer: number, head: number } | null} */
  let current = null;

  return {
    element,
    /**
     * @param {{ layer: number, head: number, report: any, n: number,
     *   weights: Float32Array, tokens: { id: number, label: string }[],
     *   window: number, off: boolean, published: any[] | null,
     *   modelName: string }} v
     */
    draw(v) {
      current = { layer: v.layer, head: v.head };
      const name = headName(v);
      title.textContent = `${headTitle(v)}: labelled “${v.report.label}” by the core`;
      facts.replaceChildren(
        ...GRID_METRICS.flatMap(([key, short, about]) => [
          el(doc, "dt", { text: short, title: about }),
          el(doc, "dd", { text: metricText(key, v.report[key]) }),
        ]),
      );
      roles.replaceChildren(...rolesNodes(doc, v));
      ablate.textContent = v.off ? `Switch ${name} on again` : `Ablate ${name}`;
      ablate.setAttribute("aria-pressed", String(v.off));
      drawMap(doc, map, v);
    },
  };
}

/**
 * Up to this many tokens the heatmap is drawn as an HTML table at once (the
 * page's usual heatmap: every cell's percentage, arrow-key navigation).
 * Past it, a 64 × 64 table is 4,096 cells, whose building and layout take
 * over 100 ms of the main thread: so the heatmap is drawn on a canvas
 * (components/heatmap-canvas.js, a few ms), and its table is built when
 * the reader opens it.
 */
export const TABLE_TOKENS = 24;

/** The heatmap of the head, with its export toolbar and its table. */
function drawMap(doc, map, v) {
  const name = headName(v);
  const labels = v.tokens.map((t) => t.label);
  const data = {
    tokens: labels,
    weights: v.weights,
    scores: maskOf(v.n, v.window),
  };
  const label = `${name} of ${v.modelName} on your text: attention from each token (row) to each earlier token (column)`;
  const caption = `${name}: where each token looks (${v.report.label})`;
  const tools = {
    name: `your-model-${name}`,
    getResult: () => ({ n: v.n, weights: v.weights }),
    getExtra: () => ({
      tokens: labels,
      tokenIds: v.tokens.map((t) => t.id),
      model: v.modelName,
      layer: v.layer,
      head: v.head,
      label: v.report.label,
      metrics: Object.fromEntries(
        GRID_METRICS.map(([key]) => [key, v.report[key]]),
      ),
    }),
  };
  if (v.n <= TABLE_TOKENS) {
    renderHeatmap(map, data, { label, caption, tools });
    return;
  }
  const canvas = el(doc, "canvas", {
    className: "ym-head__picture",
    role: "img",
    "aria-label": `${label}. Every weight is in the table below.`,
  });
  const picture = { ...data, title: caption };
  const bar = el(doc, "div");
  renderHeatmapTools(bar, { ...tools, getHeatmap: () => picture });
  const tableBox = el(doc, "div", { className: "ym-head__table" });
  const details = el(doc, "details", { className: "ym-head__details" }, [
    el(doc, "summary", {
      text: `Every weight as a table (${v.n} × ${v.n} cells, for screen readers and copying)`,
    }),
    tableBox,
  ]);
  details.addEventListener("toggle", () => {
    if (details.open && !tableBox.firstChild) {
      renderHeatmap(tableBox, data, { label, caption });
    }
  });
  map.replaceChildren(
    el(doc, "div", { className: "ym-head__scroll" }, [canvas]),
    bar,
    details,
  );
  // Painted once in the page, so the labels take the page's font and colour.
  paintHeatmapCanvas(canvas, data);
}

/**
 * The cells a head may not look at, as -Infinity (the heatmap draws them
 * as masked): later tokens, and for a local layer of GPT-Neo the tokens
 * `window` or more back (Hugging Face's GPTNeoSelfAttention mask).
 * @param {number} n
 * @param {number} window 0 for a global layer
 */
export function maskOf(n, window) {
  const scores = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j > i || (window > 0 && i - j >= window))
        scores[i * n + j] = -Infinity;
    }
  }
  return scores;
}

/** The published roles of the head, each with its citation. */
function rolesNodes(doc, v) {
  if (v.published === null) return [];
  if (v.published.length === 0) {
    return [
      el(doc, "p", {
        className: "note",
        text: "Wang et al. (2022) give this head no role in GPT-2 small's indirect-object circuit (which says nothing about what else it does).",
      }),
    ];
  }
  const agrees = labelAgrees(v.layer, v.head, v.report.label);
  const verdict =
    agrees === null
      ? "Our metrics measure attention patterns, not this role in a task: compare the heatmap with the paper's description."
      : agrees
        ? `On your text our label agrees: “${v.report.label}”.`
        : `On your text our label is “${v.report.label}”: it does not agree here (try a text that gives the role something to do).`;
  return v.published.map((r) => {
    const c = CITATIONS[r.source];
    return el(doc, "p", { className: "ym-role" }, [
      el(doc, "strong", { text: `Published role: ${r.paperRole}. ` }),
      `${c.authors.split(", ")[0]} et al. (${c.year}), “${c.title}”, ${c.venue}, `,
      el(doc, "a", { href: c.url, text: `arXiv:${c.arxiv}` }),
      `, ${r.where}. ${verdict}`,
    ]);
  });
}
