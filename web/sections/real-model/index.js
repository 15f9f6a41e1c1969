// #real-model: the heads of a small transformer that this repository trained
// (docs/MODEL.md), not constructed. The checkpoints, the index and the
// training logs are files of web/data/model/; everything else is computed
// here by the wasm core: every head's metrics and label on the probe
// (Model.analyze), the heatmaps (Model.forward), the ablations
// (Model.ablation) and the next characters (Model.topNext). The logs are
// plotted as the training record.
//
// This file is the wiring only. Data flows one way: checkpoint + probe +
// reader's text → core (run.js) → plain results kept in `state` → the parts
// of this folder (grid.js, reader.js, ablation.js through ablation-view.js,
// curve.js), inside the layout of layout.js (words in text.js).
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { createAblationPanel } from "./ablation.js";
import { ablatedNames, ablationView } from "./ablation-view.js";
import { createTimeline } from "./curve.js";
import { createModelData } from "./data.js";
import { createHeadGrid } from "./grid.js";
import { buildIntro, buildLayout, buildStatus } from "./layout.js";
import { createReader } from "./reader.js";
import {
  analyzeCheckpoint,
  bestInductionHead,
  createProbe,
  probeAblation,
  runText,
} from "./run.js";
import { formatStep, loadErrorText, summarizeHeads } from "./text.js";

/**
 * @param {HTMLElement} root
 * @param {{ mha: import("../../lib/mha.js").MHA,
 *   sentence: { get(): string, set(v: string): void, subscribe(fn: (v: string) => void): () => void } }} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const status = buildStatus(doc);
  root.replaceChildren(...buildIntro(doc), status);
  root.dataset.state = "loading";
  start(root, context, status).catch((error) => {
    status.textContent = loadErrorText(error.message);
    status.classList.add("error");
    root.dataset.state = "error";
    console.error(error);
  });
}

/** Loads the index and the last checkpoint, then builds and wires the parts. */
async function start(root, context, status) {
  const { mha, sentence } = context;
  const data = createModelData(mha);
  const index = await data.index();
  const last = index.checkpoints.length - 1;
  const first = await data.model(last);
  const probe = createProbe(mha);
  const { layers, heads } = first.config;

  const state = {
    model: null,
    analysis: null,
    probeRun: null,
    selected: null, // { layer, head }
    flags: /** @type {Uint8Array} */ (new Uint8Array(layers * heads)),
    repeat: false,
    text: null, // the reader's text run (run.js runText)
    probeAblation: null,
  };
  const compute = {
    probeAblation() {
      if (!state.model) return;
      state.probeAblation = probeAblation(state.model, probe, state.flags);
    },
    text() {
      if (!state.model) return;
      state.text = runText(mha, state.model, {
        text: sentence.get(),
        repeat: state.repeat,
        flags: state.flags,
      });
      draw.reader();
      draw.ablation();
    },
  };
  const parts = createParts(root.ownerDocument, {
    index,
    layers,
    heads,
    sentence,
    state,
    compute,
    show: (i) => show(i),
    drawReader: () => draw.reader(),
  });
  const draw = createDrawing(mha, state, parts);
  const show = createShow(root, { data, index, probe, state, parts, compute });

  const layout = buildLayout(
    root.ownerDocument,
    {
      status,
      timeline: parts.timeline.element,
      grid: parts.grid.element,
      reader: parts.reader.element,
      ablation: parts.ablation.element,
    },
    {
      config: first.config,
      parameterCount: first.parameterCount,
      probeText: probe.text,
      thresholds: mha.headThresholds,
    },
  );
  parts.summary = layout.summary;
  root.replaceChildren(...layout.children);

  sentence.subscribe((text) => {
    parts.reader.setText(text);
    compute.text();
  });
  await show(last);
  status.remove();
  // The logs only feed the curves: load them after the first result.
  drawLogsWhenLoaded(data, parts.timeline);
}

/** Loads the training logs and plots them (or says why not). */
function drawLogsWhenLoaded(data, timeline) {
  data
    .logs()
    .then((logs) => timeline.drawLogs(logs))
    .catch((error) =>
      timeline.setStatus(
        `The training log could not be loaded: ${error.message}`,
      ),
    );
}

/**
 * The section's interactive parts, each wired to the state it changes: the
 * checkpoint slider, the head grid, the reader and the ablation panel.
 */
function createParts(doc, o) {
  const { index, layers, heads, sentence, state, compute } = o;
  const last = index.checkpoints.length - 1;
  const timeline = createTimeline(doc, {
    checkpoints: index.checkpoints,
    phaseStep: index.phase_change_step,
    start: last,
    onChange: (i) => o.show(i),
  });
  const grid = createHeadGrid(doc, {
    layers,
    heads,
    onSelect: (layer, head) => {
      state.selected = { layer, head };
      grid.select(layer, head);
      o.drawReader();
      reader.reveal();
    },
  });
  const reader = createReader(doc, {
    sentence,
    repeat: state.repeat,
    onRepeat: (on) => {
      state.repeat = on;
      reader.setRepeat(on);
      compute.text();
    },
  });
  const ablation = createAblationPanel(doc, {
    layers,
    heads,
    onChange: (flags) => {
      state.flags = flags;
      compute.probeAblation();
      compute.text();
    },
  });
  return {
    timeline,
    grid,
    reader,
    ablation,
    /** @type {HTMLElement | null} set once the layout is built */
    summary: null,
  };
}

/**
 * show(i): loads checkpoint i (cached), analyses it and redraws everything
 * from it; a later call wins over one still loading.
 */
function createShow(root, { data, index, probe, state, parts, compute }) {
  const { timeline, grid, ablation } = parts;
  let showing = 0;
  return async function show(i) {
    const token = ++showing;
    root.dataset.state = "loading";
    timeline.setCurrent(i);
    timeline.setStatus(
      `Loading step ${formatStep(index.checkpoints[i].step)}…`,
    );
    let model;
    try {
      model = await data.model(i);
    } catch (error) {
      if (token === showing)
        timeline.setStatus(`Could not load this checkpoint: ${error.message}`);
      return;
    }
    if (token !== showing) return; // the reader moved on
    if (!model.alive) return show(i); // evicted meanwhile: load it again
    state.model = model;
    Object.assign(state, analyzeCheckpoint(model, probe));
    state.selected ??= bestInductionHead(state.analysis);
    timeline.setStatus("");
    parts.summary.textContent = `At step ${formatStep(model.step)}: ${summarizeHeads(state.analysis).text}`;
    grid.update(
      state.analysis,
      (l, h) => state.probeRun.headWeights(l, h),
      probe.length,
    );
    grid.select(state.selected.layer, state.selected.head);
    ablation.setLabels(state.analysis);
    compute.probeAblation();
    compute.text();
    root.dataset.step = String(model.step);
    root.dataset.state = "ready";
  };
}

/** The two deferred redraws, from `state` only. */
function createDrawing(mha, state, { reader, ablation }) {
  const drawer = createDeferredDrawer();
  const names = () => ablatedNames(state.flags, state.model.config.heads);
  return {
    reader() {
      drawer.draw(reader.element, () => {
        const { layer, head } = state.selected;
        const found = state.analysis.reports.find(
          (h) => h.layer === layer && h.head === head,
        );
        reader.draw(state.text, {
          ...state.selected,
          label: found.label,
          step: state.model.step,
          stepText: formatStep(state.model.step),
          ablated: names(),
        });
      });
    },
    ablation() {
      drawer.draw(ablation.element, () => {
        ablation.draw(
          ablationView(mha, {
            names: names(),
            probe: state.probeAblation,
            text: state.text,
          }),
        );
      });
    },
  };
}
