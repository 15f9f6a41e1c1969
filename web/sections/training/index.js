// #training, "Watch heads learn, in your browser": the reader trains a small
// transformer on the induction task, in this tab, and watches a
// previous-token head and then an induction head form. The training runs in
// a Worker (or on the page, where Workers cannot start; see
// training/runner.js) through the same wasm core as the rest of the page.
// Nothing runs until the reader presses Start. Every number shown comes
// from the core.
import { el } from "../../components/dom.js";
import { createTrainingRunner } from "./runner.js";
import { buildHeadCards, renderHeadCards } from "./heads.js";
import { headName } from "../../components/format.js";
import { best, fmt, renderPlots } from "./plots.js";
import {
  EXPECTED_INDUCTION_STEP,
  PROBE,
  SHOWN_PROBE,
  SNAPSHOT_EVERY,
  TRAINING_SETTINGS,
  TRAINING_STEPS,
} from "./settings.js";

const integer = new Intl.NumberFormat("en-US");

/** The status line's sentence for a milestone message. */
export function describeMilestone(m) {
  const what =
    m.kind === "induction"
      ? "An induction head appeared"
      : "A previous-token head appeared";
  const metric = m.kind === "induction" ? "induction" : "previous-token";
  return `${what} at step ${integer.format(m.step)}: layer ${m.layer}, head ${m.head} (${metric} score ${fmt(m.score)}).`;
}

/** "Step 1,200 of 6,000 · 190 steps per second". */
export function describeProgress(step, total, elapsedMs) {
  const rate = elapsedMs > 0 ? Math.round((step * 1000) / elapsedMs) : 0;
  const parts = [`Step ${integer.format(step)} of ${integer.format(total)}`];
  if (step > 0) parts.push(`${integer.format(rate)} steps per second`);
  return parts.join(" · ");
}

/**
 * Builds the #training section in `root`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const settings = TRAINING_SETTINGS;
  const total = TRAINING_STEPS;
  const half = settings.n / 2;
  root.classList.add("training");

  const intro = el(doc, "div", { className: "training-intro" }, [
    el(doc, "p", {
      text: `So far every model on this page came ready-made. Here you train one. It is tiny, ${settings.layers} layers of ${settings.heads} heads with d_model = ${settings.dModel}, and its task is a toy one. Each training sequence is ${settings.n} random letters (from the ${settings.alphabet.length} letters ${settings.alphabet[0]}–${settings.alphabet.at(-1)}), and somewhere in it a span of ${settings.minSpan} to ${settings.maxSpan} letters appears a second time. Random letters cannot be predicted, so only the repeated letters are scored. They can be predicted by a model that, on seeing a letter again, looks up what followed it the first time.`,
    }),
    el(doc, "p", {}, [
      "What to watch for, in this order. First, a head in layer 0 learns to look at the ",
      el(doc, "em", { text: "previous" }),
      " token, so every position carries its predecessor. Then a head in layer 1 learns to look at the token right ",
      el(doc, "em", { text: "after" }),
      " an earlier copy of the current letter: an ",
      el(doc, "strong", { text: "induction head" }),
      ". It can only find that copy through the layer-0 head. When it forms, the loss on the copies drops steeply after a long flat stretch. Olsson et al. (2022) called this sudden drop a “phase change” in much larger language models.",
    ]),
    el(doc, "p", {
      text: `Everything runs in this tab. The C++ core that computes every other section, compiled to WebAssembly, trains the model in a background Worker (on the page itself where a Worker cannot start). Nothing is sent anywhere. Training keeps one CPU core busy, so it starts only when you press Start.`,
    }),
    el(doc, "p", {
      text: `Every ${SNAPSHOT_EVERY} steps the core scores each head on ${PROBE.batch} test sequences of ${half} distinct letters repeated once. The labels are the core’s classifier: a head is labelled “induction” or “previous-token” when that score reaches 0.5. With these settings the induction head appears at about step ${integer.format(EXPECTED_INDUCTION_STEP)}, some 10–30 seconds on a laptop. The previous-token score rises too, but in a model this small it is shared between the layer-0 heads and may stay under 0.5: look for the bright cells just left of the diagonal in their maps.`,
    }),
  ]);

  const startButton = el(doc, "button", {
    type: "button",
    className: "training-start",
    text: "Start training",
  });
  const pauseButton = el(doc, "button", {
    type: "button",
    className: "training-pause",
    text: "Pause",
    disabled: true,
  });
  const resetButton = el(doc, "button", {
    type: "button",
    className: "training-reset",
    text: "Reset",
    disabled: true,
  });
  const progress = el(doc, "progress", {
    id: "training-progress",
    max: total,
    value: 0,
  });
  const progressText = el(doc, "span", {
    className: "training-progress__text",
    text: describeProgress(0, total, 0),
  });
  const status = el(doc, "p", {
    className: "training-status",
    role: "status",
    text: "Press Start to train. Nothing runs until you do.",
  });
  const where = el(doc, "p", {
    className: "note training-where",
    text: "\u00a0",
  });
  const milestoneList = el(doc, "ul", {
    className: "training-milestones",
    "aria-live": "polite",
    "aria-label": "Heads that appeared",
  });

  const lossChart = el(doc, "div", {
    className: "training-chart training-chart--loss",
  });
  const scoresChart = el(doc, "div", {
    className: "training-chart training-chart--scores",
  });
  const table = el(doc, "div", {
    className: "training-table__scroll",
    tabindex: "0",
    role: "region",
    "aria-label": "Loss and head scores every 500 steps (scrollable)",
  });
  const headsBox = el(doc, "div", { className: "training-heads" });
  const shownText = el(doc, "p", {
    className: "note training-shown",
    text: "\u00a0",
  });

  root.replaceChildren(
    intro,
    el(
      doc,
      "div",
      {
        className: "training-controls",
        role: "group",
        "aria-label": "Training controls",
      },
      [startButton, pauseButton, resetButton],
    ),
    el(doc, "div", { className: "training-progress" }, [
      el(doc, "label", { for: "training-progress", text: "Progress" }),
      progress,
      progressText,
    ]),
    status,
    milestoneList,
    where,
    el(doc, "div", { className: "training-plots" }, [
      el(doc, "figure", { className: "training-figure" }, [
        el(doc, "figcaption", {
          text: "Loss on the copied letters (mean of every 25 steps)",
        }),
        lossChart,
      ]),
      el(doc, "figure", { className: "training-figure" }, [
        el(doc, "figcaption", {
          text: "Best head scores on the test sequences",
        }),
        scoresChart,
      ]),
    ]),
    el(doc, "details", { className: "training-details" }, [
      el(doc, "summary", { text: "The plotted numbers as a table" }),
      table,
    ]),
    el(doc, "h3", { text: "Every head, live" }),
    el(doc, "p", {
      text: `Each map is one head’s attention on a test sequence of ${SHOWN_PROBE.half} letters repeated once (rows: the token attending; columns: the token attended to; brighter means more). A previous-token head lights up the cells just left of the diagonal. An induction head lights up a stripe in the lower half, ${SHOWN_PROBE.half - 1} columns left of the diagonal: each repeated letter looks at the letter after its first copy.`,
    }),
    shownText,
    headsBox,
  );

  let cards = buildHeadCards(headsBox, settings);
  let run = null;
  let autoPaused = false;
  let frame = 0;

  function newRun() {
    return {
      state: "starting",
      total,
      step: 0,
      elapsedMs: 0,
      points: [],
      scores: [],
      milestones: [],
      tokens: [],
      alphabetSize: settings.alphabet.length,
    };
  }

  function setState(state) {
    root.dataset.state = state;
    if (run) run.state = state;
    const active =
      state === "starting" || state === "running" || state === "paused";
    startButton.disabled = active;
    startButton.textContent =
      state === "done" || state === "error" ? "Train again" : "Start training";
    pauseButton.disabled = !(state === "running" || state === "paused");
    pauseButton.textContent = state === "paused" ? "Resume" : "Pause";
    resetButton.disabled = !run;
  }

  function drawPlots() {
    frame = 0;
    if (!run) return;
    const width = lossChart.clientWidth || 600;
    renderPlots({ loss: lossChart, scores: scoresChart, table }, run, width);
  }
  const schedulePlots = () => {
    if (!frame) frame = requestAnimationFrame(drawPlots);
  };
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => run && schedulePlots()).observe(lossChart);
  }

  /** The status line while training: which heads have appeared so far. */
  function runningText() {
    const kinds = new Set(run.milestones.map((m) => m.kind));
    const has = (k) => kinds.has(k);
    if (has("induction") && has("previous-token"))
      return "Training… both heads have appeared (below).";
    if (has("induction"))
      return "Training… an induction head has appeared (below).";
    if (has("previous-token"))
      return "Training… a previous-token head has appeared (below); no induction head yet.";
    return "Training… no previous-token or induction head yet.";
  }

  function showMilestones() {
    milestoneList.replaceChildren(
      ...run.milestones.map((m) =>
        el(doc, "li", {
          className: `training-milestone training-milestone--${m.kind}`,
          "data-kind": m.kind,
          "data-step": m.step,
          "data-score": m.score,
          "data-head": headName(m),
          text: describeMilestone(m),
        }),
      ),
    );
  }

  const onMessage = (m) => {
    if (m.type === "reset") return;
    if (!run) return;
    switch (m.type) {
      case "mode":
        where.textContent =
          m.mode === "worker"
            ? "Running in a background Worker of this tab."
            : `Running on the page’s own thread, in short bursts, because ${m.reason}.`;
        root.dataset.mode = m.mode;
        break;
      case "started":
        run.tokens = m.tokens;
        shownText.textContent = `The shown sequence: ${m.tokens.join(" ")}`;
        setState("running");
        status.textContent = runningText();
        break;
      case "progress":
        run.step = m.step;
        run.elapsedMs = m.elapsedMs;
        run.points.push(...m.points);
        progress.value = m.step;
        progressText.textContent = describeProgress(
          m.step,
          m.total,
          m.elapsedMs,
        );
        root.dataset.step = String(m.step);
        schedulePlots();
        break;
      case "heads":
        run.scores.push({
          step: m.step,
          previousToken: best(m.heads, "previousToken", 0),
          induction: best(m.heads, "induction", settings.layers - 1),
        });
        renderHeadCards(cards, m, run.tokens);
        schedulePlots();
        break;
      case "milestone":
        run.milestones.push(m);
        showMilestones();
        if (run.state === "running") status.textContent = runningText();
        schedulePlots();
        break;
      case "paused":
        setState("paused");
        status.textContent = `Paused at step ${integer.format(m.step)}${autoPaused ? " while this tab is hidden" : ""}.`;
        break;
      case "resumed":
        setState("running");
        status.textContent = runningText();
        break;
      case "done":
        setState("done");
        status.textContent =
          `Finished ${integer.format(m.step)} steps in ${fmt(m.elapsedMs / 1000, 1)} s of training. ` +
          (run.milestones.some((x) => x.kind === "induction")
            ? "An induction head formed."
            : "No head reached an induction score of 0.5 in this run.");
        break;
      case "error":
        setState("error");
        status.textContent = `Training stopped: ${m.message}`;
        status.classList.add("error");
        break;
    }
  };

  const runner = createTrainingRunner({ mha: context.mha, onMessage });

  function reset() {
    runner.reset();
    run = null;
    autoPaused = false;
    cancelAnimationFrame(frame);
    frame = 0;
    progress.value = 0;
    progressText.textContent = describeProgress(0, total, 0);
    status.classList.remove("error");
    status.textContent =
      "Reset. Press Start to train a new model from scratch.";
    where.textContent = "\u00a0";
    shownText.textContent = "\u00a0";
    milestoneList.replaceChildren();
    lossChart.replaceChildren();
    scoresChart.replaceChildren();
    table.replaceChildren();
    cards = buildHeadCards(headsBox, settings);
    delete root.dataset.step;
    setState("idle");
  }

  startButton.addEventListener("click", () => {
    if (run) reset();
    run = newRun();
    status.classList.remove("error");
    status.textContent = "Starting the core for training…";
    setState("starting");
    runner.start(settings, total);
  });
  pauseButton.addEventListener("click", () => {
    autoPaused = false;
    if (run?.state === "paused") runner.resume();
    else runner.pause();
  });
  resetButton.addEventListener("click", reset);

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
