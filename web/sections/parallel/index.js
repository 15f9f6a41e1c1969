// Section #parallel, "The power of parallel processing": the work of one wide head
// and of many narrow heads (from mha.cost), and a live timing of both in
// the reader's browser, started by a button. Every number shown comes from
// the core's cost function or from this device's measurement.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once with the cost table (cost-table.js); the button runs the
// measurement (measure.js) and times.js draws its result.
import { renderCostTable } from "./cost-table.js";
import { buildLayout } from "./layout.js";
import { measureHeads, parallelConfigurations } from "./measure.js";
import { BUTTON, failedText, progressText } from "./text.js";
import { renderTimes } from "./times.js";

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
}
