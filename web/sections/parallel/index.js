// Section #parallel, "The power of parallel processing": the work of one wide head
// and of many narrow heads (from mha.cost), and a live timing of both in
// the reader's browser, started by a button. Every number shown comes from
// the core's cost function or from this device's measurement.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once with the cost table (cost-table.js); the button runs the
// measurement (measure.js), the second button the multi-core one (cores.js,
// with web/lib/head-pool.js), and times.js draws their results.
import { availableCores, createHeadPool } from "../../lib/head-pool.js";
import { measureCores } from "./cores.js";
import { renderCostTable } from "./cost-table.js";
import { buildLayout } from "./layout.js";
import { measureHeads, parallelConfigurations } from "./measure.js";
import {
  BUTTON,
  CORES_BUTTON,
  coresProgressText,
  failedText,
  progressText,
} from "./text.js";
import { renderCoreTimes, renderTimes } from "./times.js";

/**
 * Builds section #parallel in `root`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const { mha } = context;
  const configs = parallelConfigurations(mha);
  const state = { results: null, running: false };

  const layout = buildLayout(root.ownerDocument, configs);
  renderCostTable(layout.costRows, { configs });
  root.replaceChildren(...layout.children);

  const { button, status, chart } = layout;
  button.addEventListener("click", async () => {
    if (state.running) return;
    state.running = true;
    button.setAttribute("aria-disabled", "true");
    chart.replaceChildren();
    try {
      state.results = await measureHeads(mha, {
        onProgress(done, total, heads) {
          status.textContent = progressText(done, total, heads);
        },
      });
      renderTimes({ status, chart }, { results: state.results });
    } catch (error) {
      status.textContent = failedText(error.message);
    } finally {
      state.running = false;
      button.removeAttribute("aria-disabled");
      button.textContent = BUTTON.again;
    }
  });

  const cores = layout.cores;
  let coresRunning = false;
  cores.button.addEventListener("click", async () => {
    if (coresRunning) return;
    coresRunning = true;
    cores.button.setAttribute("aria-disabled", "true");
    cores.chart.replaceChildren();
    try {
      const data = await measureCores(
        { createHeadPool, availableCores },
        {
          onProgress(done, total, workers) {
            cores.status.textContent = coresProgressText(done, total, workers);
          },
        },
      );
      renderCoreTimes(cores, data);
    } catch (error) {
      cores.status.textContent = failedText(error.message);
    } finally {
      coresRunning = false;
      cores.button.removeAttribute("aria-disabled");
      cores.button.textContent = CORES_BUTTON.again;
    }
  });
}
