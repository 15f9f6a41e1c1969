// Draws the stage: the heatmap of one constructed head, or of all six in a
// grid, from the last run that worked, each with its description and its
// tools (copy, export, embed code).
import { renderHeadsView } from "../../components/heads-view.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";

/** @typedef {import("./run-report.js").HeadsRun} HeadsRun */

const CLASSES = {
  stage: "heads-stage",
  grid: "heads-grid",
  item: "heads-item",
  map: "heads-item__map",
  description: "heads-item__description",
};

/**
 * @param {HTMLElement} element the stage
 * @param {{ getRun: () => HeadsRun | null, head: number, grid: boolean }}
 *   data the last run that worked (read again when a deferred heatmap
 *   draws, so it draws the latest) and the view
 * @param {{ drawer: ReturnType<typeof
 *   import("../../components/deferred-draw.js").createDeferredDrawer> }}
 *   options the drawer that defers off-screen heatmaps
 */
export function renderStage(element, { getRun, head, grid }, { drawer }) {
  if (!getRun()) {
    element.replaceChildren();
    return;
  }
  renderHeadsView(element, {
    heads: grid ? CONSTRUCTED_HEADS.map((_, i) => i) : [head],
    grid,
    classes: CLASSES,
    descriptionFirst: true,
    // Read when each heatmap is drawn: a deferred one draws the latest.
    describe: (index) => CONSTRUCTED_HEADS[index].description,
    getRun,
    heatmapOptions: (index) => heatmapOptions(index, getRun()),
    drawAll: (jobs) => drawer.drawAll(jobs),
  });
}

/**
 * The options of head `index`'s heatmap on `run`.
 * @param {number} index
 * @param {HeadsRun} run
 */
function heatmapOptions(index, run) {
  const h = CONSTRUCTED_HEADS[index];
  return {
    tools: {
      name: `heads-${h.id}`,
      getResult: () => run.result,
      getExtra: () => ({
        sentence: run.text,
        head: h.id,
        inputs: { x: run.x },
      }),
      embedCode: () =>
        headEmbedCode({ sentence: run.text, head: h.id, causal: run.causal }),
    },
    label: `Head ${index + 1}, ${h.name}: attention weights on your sentence`,
    caption: `Head ${index + 1} · ${h.name}`,
  };
}
