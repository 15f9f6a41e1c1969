// Section #heads: the reader's sentence through six constructed heads. One head
// at a time (buttons) or all six in a grid. Every keystroke recomputes in
// the wasm core; switching the view only redraws the last result.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; computeHeads runs on each sentence or mask change; toolbar.js,
// run-report.js and stage.js draw from the kept run.
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { computeHeads } from "../../constructed/compute.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { buildLayout } from "./layout.js";
import { renderProblem, renderRun } from "./run-report.js";
import { renderStage } from "./stage.js";
import { renderToolbar } from "./toolbar.js";

/**
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 *   initialView: the view to start from; mount sets headsView, which gives
 *   the current view (for share links)
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const { mha, sentence } = context;
  // The view to start from (a share link or an embed URL may set it), and
  // a way for the page to read the current one back for its share link.
  const initial = context.initialView ?? {
    head: 0,
    view: "single",
    causal: false,
  };
  const view = {
    head: CONSTRUCTED_HEADS[initial.head] ? initial.head : 0,
    grid: initial.view === "grid",
    causal: Boolean(initial.causal),
  };
  context.headsView = () => ({
    head: view.head,
    view: view.grid ? "grid" : "single",
    causal: view.causal,
  });
  const drawer = createDeferredDrawer();
  /** The last run that produced heatmaps. */
  let shown = null;

  const layout = buildLayout(doc, {
    sentence: sentence.get(),
    causal: view.causal,
  });
  root.replaceChildren(...layout.elements);

  /** Redraws the heatmaps from the last good result (no computing). */
  function draw() {
    renderToolbar(layout, view);
    renderStage(
      layout.stage,
      { getRun: () => shown, head: view.head, grid: view.grid },
      { drawer },
    );
  }

  /** Recomputes for `text`, or reports why it cannot. */
  function update(text) {
    if (layout.input.value !== text) layout.input.value = text;
    const run = computeHeads(mha, text, view.causal);
    if (run.problem) {
      renderProblem(layout, {
        problem: run.problem,
        shownText: shown ? shown.text : null,
      });
      return;
    }
    shown = run;
    renderRun(layout, run);
    draw();
  }

  layout.causalBox.addEventListener("change", () => {
    view.causal = layout.causalBox.checked;
    update(sentence.get());
  });
  layout.headButtons.forEach((button, index) =>
    button.addEventListener("click", () => {
      view.head = index;
      view.grid = false;
      draw();
    }),
  );
  layout.gridButton.addEventListener("click", () => {
    view.grid = !view.grid;
    draw();
  });
  layout.input.addEventListener("input", () =>
    sentence.set(layout.input.value),
  );
  sentence.subscribe(update);
  update(sentence.get());
}
