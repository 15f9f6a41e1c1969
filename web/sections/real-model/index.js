// #real-model: the heads of a small transformer that this repository trained
// (docs/MODEL.md), not constructed. The checkpoints, the index and the
// training logs are files of web/data/model/; everything else is computed
// here by the wasm core: every head's metrics and label on the probe
// (Model.analyze), the heatmaps (Model.forward) and the ablations
// (Model.ablation). The logs are plotted as the training record.
//
// Data flows one way: checkpoint + probe + reader's text → core → plain
// results (kept in `state`) → the renderers of this folder.
import { el } from "../../components/dom.js";
import { sectionNumber } from "../index.js";
import { headName } from "../../components/format.js";
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { createModelData } from "./data.js";
import { createHeadGrid } from "./grid.js";
import { createReader } from "./reader.js";
import { createAblationPanel } from "./ablation.js";
import { createTimeline } from "./curve.js";
import {
  PROBE,
  composeInput,
  countCorrect,
  displayChar,
  formatStep,
  logitsRow,
  summarizeHeads,
  textLossWeights,
  topNext,
} from "./text.js";

/**
 * @param {HTMLElement} root
 * @param {{ mha: import("../../lib/mha.js").MHA,
 *   sentence: { get(): string, set(v: string): void, subscribe(fn: (v: string) => void): () => void } }} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const status = el(doc, "p", {
    className: "rm-status",
    role: "status",
    text: "Loading the trained model…",
  });
  root.replaceChildren(...intro(doc), status);
  root.dataset.state = "loading";
  start(root, context, status).catch((error) => {
    status.textContent = `The trained model could not be loaded: ${error.message}`;
    status.classList.add("error");
    root.dataset.state = "error";
    console.error(error);
  });
}

function intro(doc) {
  return [
    el(doc, "p", {}, [
      `The heads in sections ${sectionNumber("heads")} to ${sectionNumber("examples")} were `,
      el(doc, "strong", { text: "constructed" }),
      ": we wrote their weights by hand so that each would show one pattern. The heads here were ",
      el(doc, "strong", { text: "learned" }),
      ". They belong to a small transformer that this project trained itself, starting from random numbers, on the text of ",
      el(doc, "cite", { text: "Moby-Dick" }),
      " and on strings of random letters with a stretch copied later in the string. Nobody told any head what to do; gradient descent found the jobs below. The model, the data, the exact training command and every result are described in ",
      el(doc, "code", { text: "docs/MODEL.md" }),
      " in the project's source; the weights it saved along the way ship with this page.",
    ]),
    el(doc, "p", {}, [
      "Two kinds of head matter most here. A ",
      el(doc, "strong", { text: "previous-token head" }),
      " attends from each character to the one just before it, so the next layer knows, at every position, what came before. An ",
      el(doc, "strong", { text: "induction head" }),
      " uses that: at the current character, it looks for earlier places where the same character appeared and attends to the character that followed it there, then copies it as its guess for what comes next. Together they continue any pattern seen earlier in the text: …",
      el(doc, "code", { text: "ab" }),
      "… ",
      el(doc, "code", { text: "a" }),
      " → ",
      el(doc, "code", { text: "b" }),
      " (Olsson et al., 2022). In training, this pair tends to appear suddenly, in a “phase change”: move the slider to watch it happen.",
    ]),
  ];
}

async function start(root, context, status) {
  const { mha, sentence } = context;
  const doc = root.ownerDocument;
  const data = createModelData(mha);
  const index = await data.index();
  const checkpoints = index.checkpoints;
  const last = checkpoints.length - 1;
  const first = await data.model(last);
  const { layers, heads, context: window } = first.config;

  const probe = mha.probeSequences(PROBE);
  const probeLength = 2 * PROBE.half;
  const probeWeights = mha.repeatedHalfWeights(PROBE.batch, PROBE.half);
  const probeFirst = probe.subarray(0, probeLength);
  // The copies follow each other directly: the model learned to copy on
  // strings of letters with no separator, and a space reads as English.
  const separator = [];
  const decode = (id) => mha.decodeTokens([id]);

  const state = {
    index: last,
    model: null,
    analysis: null,
    probeRun: null,
    selected: null, // { layer, head }
    flags: /** @type {Uint8Array} */ (new Uint8Array(layers * heads)),
    repeat: false,
    text: null, // the reader's text run
    probeAblation: null,
  };
  const drawer = createDeferredDrawer();

  // ---- the parts -----------------------------------------------------------
  const timeline = createTimeline(doc, {
    checkpoints,
    phaseStep: index.phase_change_step,
    start: last,
    onChange: (i) => show(i),
  });
  const grid = createHeadGrid(doc, {
    layers,
    heads,
    onSelect: (layer, head) => {
      state.selected = { layer, head };
      grid.select(layer, head);
      drawReader();
      reader.reveal();
    },
  });
  const reader = createReader(doc, {
    sentence,
    repeat: state.repeat,
    onRepeat: (on) => {
      state.repeat = on;
      reader.setRepeat(on);
      computeText();
    },
  });
  const ablation = createAblationPanel(doc, {
    layers,
    heads,
    onChange: (flags) => {
      state.flags = flags;
      computeProbeAblation();
      computeText();
    },
  });

  const probeText = mha.decodeTokens(probeFirst);
  const summary = el(doc, "p", {
    className: "rm-summary",
    "aria-live": "polite",
  });
  const modelFacts = el(doc, "p", { className: "note" });
  modelFacts.textContent = `The model: ${layers} layers × ${heads} heads, d_model = ${first.config.dModel} (d_k = ${first.config.dK}), attention only (no MLP), ${first.parameterCount.toLocaleString("en")} parameters, a vocabulary of ${first.config.vocab} characters, reading at most ${window} at a time.`;

  root.replaceChildren(
    ...intro(doc),
    modelFacts,
    status,
    el(doc, "h3", { text: "Every head, as training goes on" }),
    el(doc, "p", {}, [
      `Each thumbnail below is one head on a probe: ${PROBE.half} random letters written twice, `,
      el(doc, "code", { className: "rm-probe", text: probeText }),
      `. Rows are characters, columns the earlier characters they attend to. A previous-token head draws a line just below the diagonal; an induction head, in the second half, draws one ${PROBE.half - 1} columns to the left of the diagonal (the letter after the earlier copy of the current one). The labels and scores are the core's analysis of ${PROBE.batch} such strings (seed ${PROBE.seed}); an induction score of ${mha.headThresholds.induction} or more earns the label “induction”, a previous-token score of ${mha.headThresholds.previousToken} or more “previous-token”. Move the slider to load another checkpoint; choose a head to see it on your own text.`,
    ]),
    timeline.element,
    summary,
    grid.element,
    el(doc, "h3", { text: "One head on your text" }),
    reader.element,
    el(doc, "h3", { text: "Switch heads off" }),
    el(doc, "p", {
      text: "Ablation: zero a head's output before the output projection and see what the model loses. If the model really uses its induction circuit to predict the copied letters, switching off either of its two heads should make that prediction fail while costing little elsewhere.",
    }),
    ablation.element,
  );

  // ---- computing ------------------------------------------------------------
  let showing = 0;

  /** Loads checkpoint i (cached) and recomputes everything from it. */
  async function show(i) {
    const token = ++showing;
    root.dataset.state = "loading";
    timeline.setCurrent(i);
    timeline.setStatus(`Loading step ${formatStep(checkpoints[i].step)}…`);
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
    state.index = i;
    state.model = model;
    state.analysis = model.analyze(probe, { batch: PROBE.batch });
    state.probeRun = model.forward(probeFirst);
    if (!state.selected) {
      const best = state.analysis.heads.reduce((a, b) =>
        b.induction > a.induction ? b : a,
      );
      state.selected = { layer: best.layer, head: best.head };
    }
    const step = formatStep(model.step);
    timeline.setStatus("");
    summary.textContent = `At step ${step}: ${summarizeHeads(state.analysis).text}`;
    grid.update(
      state.analysis,
      (l, h) => state.probeRun.headWeights(l, h),
      probeLength,
    );
    grid.select(state.selected.layer, state.selected.head);
    ablation.setLabels(state.analysis);
    computeProbeAblation();
    computeText();
    root.dataset.step = String(model.step);
    root.dataset.state = "ready";
  }

  function ablatedNames() {
    const names = [];
    state.flags.forEach((f, k) => {
      if (f)
        names.push(headName({ layer: Math.floor(k / heads), head: k % heads }));
    });
    return names;
  }

  function computeProbeAblation() {
    if (!state.model) return;
    state.probeAblation = state.model.ablation({
      sequences: probe,
      batch: PROBE.batch,
      lossWeights: probeWeights,
      ablate: state.flags,
    });
  }

  /** Runs the model on the reader's text (with the switched-off heads). */
  function computeText() {
    if (!state.model) return;
    const model = state.model;
    const input = composeInput(mha.encodeText(sentence.get()), {
      repeat: state.repeat,
      context: window,
      separator,
    });
    const off = ablatedNames().length > 0;
    if (input.ids.length === 0) {
      state.text = null;
    } else {
      const on = model.forward(input.ids);
      const run = off ? model.forward(input.ids, { ablate: state.flags }) : on;
      const weights = textLossWeights(input);
      const scored = !weights || weights.some((w) => w > 0);
      state.text = {
        input,
        tokens: [...mha.decodeTokens(input.ids)].map(displayChar),
        on,
        forward: run,
        weights,
        ablation:
          input.ids.length >= 2 && scored
            ? model.ablation({
                sequences: input.ids,
                batch: 1,
                lossWeights: weights ?? undefined,
                ablate: state.flags,
              })
            : null,
      };
    }
    drawReader();
    drawAblation();
  }

  // ---- drawing (from `state` only) -------------------------------------------
  function drawReader() {
    drawer.draw(reader.element, () => {
      const head = state.analysis.heads.find(
        (h) =>
          h.layer === state.selected.layer && h.head === state.selected.head,
      );
      reader.draw(state.text, {
        ...state.selected,
        label: head.label,
        step: state.model.step,
        stepText: formatStep(state.model.step),
        ablated: ablatedNames(),
      });
    });
  }

  function drawAblation() {
    drawer.draw(ablation.element, () => {
      const names = ablatedNames();
      const off = names.length > 0;
      const t = state.text;
      const a = t?.ablation ?? null;
      const n = t ? t.input.ids.length : 0;
      const vocab = state.model.config.vocab;
      const line = (predicted) =>
        " " + [...mha.decodeTokens(predicted)].map(guessChar).join("");
      ablation.draw({
        ablated: names,
        decode,
        probe: state.probeAblation,
        probeScope: `probe, repeated half (${PROBE.batch} × ${PROBE.half - 1} letters)`,
        text: a,
        textWhere:
          t && t.input.secondCopy >= 0
            ? "on the second copy of your text"
            : "on your text",
        textScope: t
          ? t.input.secondCopy >= 0
            ? `your text, second copy (${a ? countCorrect(a.predicted, t.input.ids, t.weights).total : 0} characters)`
            : `your text (${n - 1} next characters)`
          : "",
        right: a
          ? {
              on: countCorrect(a.predicted, t.input.ids, t.weights),
              off: off
                ? countCorrect(a.ablatedPredicted, t.input.ids, t.weights)
                : null,
            }
          : null,
        next: t
          ? {
              on: topNext(logitsRow(t.on.logits, vocab, n - 1), 5),
              off: off
                ? topNext(logitsRow(t.forward.logits, vocab, n - 1), 5)
                : null,
            }
          : null,
        guessLines: a
          ? {
              text: [...mha.decodeTokens(t.input.ids)].map(guessChar).join(""),
              on: line(a.predicted),
              off: off ? line(a.ablatedPredicted) : null,
            }
          : null,
      });
    });
  }

  sentence.subscribe((text) => {
    reader.setText(text);
    computeText();
  });
  await show(last);
  status.remove();
  // The logs only feed the curves: load them after the first result.
  data
    .logs()
    .then((logs) => timeline.drawLogs(logs))
    .catch((error) =>
      timeline.setStatus(
        `The training log could not be loaded: ${error.message}`,
      ),
    );
}

/** A character in the monospaced guess lines: space as "·", newline "¶". */
function guessChar(c) {
  return c === " " ? "·" : c === "\n" ? "¶" : c;
}
