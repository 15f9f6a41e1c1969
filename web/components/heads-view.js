// The constructed heads on one sentence, one head or a grid of them: a figure
// per head with its description and heatmap. Section #heads and the
// <mha-heads> element (web/embed/element.js) both draw with it; each keeps
// its own controls and class names.
import { renderHeatmap } from "./heatmap.js";
import { el } from "./dom.js";

/**
 * @typedef {{ text: string, tokens: { text: string }[],
 *   result: import("../lib/mha.js").ForwardResult }} HeadsRun
 *   one run of the constructed heads (web/constructed/run.js)
 */

/**
 * The heatmap data of constructed head `index` in `run`.
 * @param {number} index  0-based head
 * @param {HeadsRun} run
 */
export function headHeatmapData(index, run) {
  return {
    tokens: run.tokens.map((t) => t.text),
    weights: run.result.headWeights(index), // n × n
    scores: run.result.headScores(index), // n × n
  };
}

/**
 * Draws the heads `options.heads` of the latest run into `stage`. A head
 * already shown keeps its element, so focus inside it stays.
 * @param {HTMLElement} stage
 * @param {{ heads: number[], grid: boolean,
 *   classes: { stage: string, grid: string, item: string, map: string,
 *     description: string },
 *   descriptionFirst: boolean,
 *   describe: (index: number) => string,
 *   getRun: () => HeadsRun,
 *   heatmapOptions: (index: number) => object,
 *   drawAll?: (jobs: [HTMLElement, () => void][]) => void }} options
 *   describe: the text shown with head `index`; descriptionFirst: the description as a paragraph above the map, else a
 *   figcaption below it; getRun is read when each heatmap is drawn, so a
 *   deferred drawAll draws the latest run
 */
export function renderHeadsView(stage, options) {
  const doc = stage.ownerDocument;
  const { classes } = options;
  stage.className = options.grid
    ? `${classes.stage} ${classes.grid}`
    : classes.stage;
  const items = options.heads.map((index) => {
    const item =
      stage.querySelector(`[data-head-view="${index}"]`) ??
      newItem(doc, index, classes, options.descriptionFirst);
    const description = item.querySelector(`.${classes.description}`);
    const text = options.describe(index);
    if (description.textContent !== text) description.textContent = text;
    return item;
  });
  // Re-inserting the same figures would detach and rebuild their layout
  // (every cell of every table) on each keystroke: only reorder on change.
  const same =
    stage.childNodes.length === items.length &&
    items.every((item, k) => stage.childNodes[k] === item);
  if (!same) stage.replaceChildren(...items);
  const jobs = items.map((item, k) => {
    const map = /** @type {HTMLElement} */ (
      item.querySelector(`.${classes.map}`)
    );
    const index = options.heads[k];
    return /** @type {[HTMLElement, () => void]} */ ([
      map,
      () =>
        renderHeatmap(
          map,
          headHeatmapData(index, options.getRun()),
          options.heatmapOptions(index),
        ),
    ]);
  });
  if (options.drawAll) options.drawAll(jobs);
  else for (const [, job] of jobs) job();
}

function newItem(doc, index, classes, descriptionFirst) {
  const map = el(doc, "div", { className: classes.map });
  const description = descriptionFirst
    ? el(doc, "p", { className: classes.description })
    : el(doc, "figcaption", { className: classes.description });
  return el(
    doc,
    "figure",
    { className: classes.item, "data-head-view": String(index) },
    descriptionFirst ? [description, map] : [map, description],
  );
}
