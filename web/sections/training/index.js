// #training, "Watch heads learn, in your browser": the reader trains a small
// transformer on the induction task, in this tab, and watches a
// previous-token head and then an induction head form. The training runs in
// a Worker (or on the page, where Workers cannot start; see
// training/runner.js) through the same wasm core as the rest of the page.
// Nothing runs until the reader presses Start. Every number shown comes
// from the core.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; the runner's messages update the run's record (run.js); controls.js,
// progress.js, milestones.js, plots.js and heads.js draw from it.
import { createTrainingRunner } from "./runner.js";
import { buildHeadCards, renderHeadCards } from "./heads.js";
import { renderPlots } from "./plots.js";
import { STATE_AFTER, newRun, recordMessage } from "./run.js";
import { TRAINING_SETTINGS, TRAINING_STEPS } from "./settings.js";
import { buildLayout } from "./layout.js";
import { renderControls } from "./controls.js";
import { renderMilestones } from "./milestones.js";
import { renderProgress } from "./progress.js";
import {
  BLANK,
  STATUS,
  describeMode,
  describeShown,
  describeStatus,
} from "./text.js";

export { describeMilestone, describeProgress } from "./text.js";

/**
 * Builds the #training section in `root`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const settings = TRAINING_SETTINGS;
  const total = TRAINING_STEPS;
  root.classList.add("training");
  const layout = buildLayout(doc);
  root.replaceChildren(...layout.elements);
  const { status } = layout;

  let cards = buildHeadCards(layout.headsBox, settings);
  /** @type {import("./run.js").TrainingRun | null} */
  let run = null;
  let autoPaused = false;
  let frame = 0;

  function setState(state) {
    root.dataset.state = state;
    if (run) run.state = state;
    renderControls(layout.controls, { state, hasRun: Boolean(run) });
  }

  function drawPlots() {
    frame = 0;
    if (!run) return;
    const { lossChart: loss, scoresChart: scores, table } = layout;
    renderPlots({ loss, scores, table }, run, loss.clientWidth || 600);
  }
  const schedulePlots = () => {
    if (!frame) frame = requestAnimationFrame(drawPlots);
  };
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => run && schedulePlots()).observe(layout.lossChart);
  }

  const onMessage = (m) => {
    if (m.type === "reset" || !run) return;
    recordMessage(run, m, settings);
    if (m.type === "mode") {
      layout.where.textContent = describeMode(m.mode, m.reason);
      root.dataset.mode = m.mode;
    } else if (m.type === "started") {
      layout.shownText.textContent = describeShown(m.tokens);
    } else if (m.type === "progress") {
      renderProgress(layout.progressBox, m);
      root.dataset.step = String(m.step);
    } else if (m.type === "heads") {
      renderHeadCards(cards, m, run.tokens);
    } else if (m.type === "milestone") {
      renderMilestones(layout.milestoneList, run);
    }
    if (m.type in STATE_AFTER) setState(STATE_AFTER[m.type]);
    const text = describeStatus(m, run, autoPaused);
    if (text !== null) status.textContent = text;
    if (m.type === "error") status.classList.add("error");
    if (["progress", "heads", "milestone"].includes(m.type)) schedulePlots();
  };

  const runner = createTrainingRunner({ mha: context.mha, onMessage });

  function reset() {
    runner.reset();
    run = null;
    autoPaused = false;
    cancelAnimationFrame(frame);
    frame = 0;
    renderProgress(layout.progressBox, { step: 0, total, elapsedMs: 0 });
    status.classList.remove("error");
    status.textContent = STATUS.reset;
    layout.where.textContent = BLANK;
    layout.shownText.textContent = BLANK;
    renderMilestones(layout.milestoneList, { milestones: [] });
    layout.lossChart.replaceChildren();
    layout.scoresChart.replaceChildren();
    layout.table.replaceChildren();
    cards = buildHeadCards(layout.headsBox, settings);
    delete root.dataset.step;
    setState("idle");
  }

  layout.startButton.addEventListener("click", () => {
    if (run) reset();
    run = newRun(settings, total);
    status.classList.remove("error");
    status.textContent = STATUS.starting;
    setState("starting");
    runner.start(settings, total);
  });
  layout.pauseButton.addEventListener("click", () => {
    autoPaused = false;
    if (run?.state === "paused") runner.resume();
    else runner.pause();
  });
  layout.resetButton.addEventListener("click", reset);

  // A hidden tab's Worker would keep a core busy: pause, and carry on when
  // the reader comes back. Leaving the page stops the Worker.
  doc.addEventListener("visibilitychange", () => {
    if (doc.visibilityState === "hidden" && run?.state === "running") {
      autoPaused = true;
      runner.pause();
    } else if (doc.visibilityState === "visible" && autoPaused) {
      autoPaused = false;
      if (run?.state === "paused") runner.resume();
    }
  });
  doc.defaultView?.addEventListener("pagehide", () => runner.dispose());
  doc.defaultView?.addEventListener("pageshow", (event) => {
    if (event.persisted && run) reset(); // back from the cache, Worker gone
  });

  setState("idle");
}
