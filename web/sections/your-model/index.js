// #your-model: every head of a GPT-2 or GPT-Neo checkpoint that the reader
// brings (config.json + model.safetensors from their disk, or a folder
// beside the page named by ?model=), live on their text. The core runs in
// the section's module Worker (worker.js, session.js): one Worker per
// model, so loading another frees the first entirely, and a file that
// cannot be used loses nothing of the model shown.
//
// This file is the wiring only. Data flows one way: source → Worker
// (open: summary; load: progress) → the reader's text → Worker (analyse,
// predict, continuation, verify) → plain results in `state` → the parts of
// this folder (bring.js, grid.js, head-view.js, predictions.js,
// verify-view.js), which draw them.
import { el } from "../../components/dom.js";
import { sectionNumber } from "../index.js";
import { createBringPanel } from "./bring.js";
import { createModelLoading } from "./loading.js";
import { createGrid } from "./grid.js";
import { createHeadView } from "./head-view.js";
import { createPredictions } from "./predictions.js";
import { looksLikeGpt2Small, publishedRoles } from "./roles.js";
import { smallModelSource } from "./small-model.js";
import { modelFolderURLs, pickCheckpointFiles } from "./sources.js";
import {
  ABLATION_INTRO,
  DEFAULT_TEXT,
  GRID_INTRO,
  HEADINGS,
  ROLES_NOTE,
  errorText,
  introText,
  tryNote,
} from "./text.js";
import { createTextPanel } from "./text-panel.js";
import { createVerifyView } from "./verify-view.js";

/** Resolves after the browser has had a frame: splits long DOM work. */
const nextFrame = () =>
  new Promise((resolve) => {
    if (typeof requestAnimationFrame === "function")
      requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });

/**
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext & {
 *   initialModel?: string | null,
 *   modelFolder?: () => string | null }} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const embedded = Boolean(context.embedded);
  /** Everything the drawing reads; changed only by the functions below. */
  const state = {
    /** @type {import("./loading.js").LoadedModel | null} */
    current: null,
    text: DEFAULT_TEXT,
    run: null,
    selected: { layer: 0, head: 0 },
    flags: new Uint8Array(0),
    /** The intact continuation of the current run (kept across ablations). */
    continuation: null,
  };

  const bring = createBringPanel(doc, {
    tryNote: tryNote(embedded ? null : sectionNumber("real-model")),
    onFiles: (files) => {
      let source;
      try {
        source = pickCheckpointFiles(files);
      } catch (error) {
        return loading.fail(error);
      }
      const name = source.folder
        ? `the folder “${source.folder}”`
        : `your files (${source.weights.name})`;
      loading.open(
        { kind: "files", config: source.config, weights: source.weights },
        name,
        {
          auto: true,
          folder: null,
        },
      );
    },
    onTry: () =>
      loading.open(smallModelSource(), "our small model", {
        auto: true,
        folder: null,
      }),
    onLoad: () => loading.load(),
    onCancel: () => loading.cancel(),
  });

  // ---- the parts shown once a model is in ----------------------------------
  const textPanel = createTextPanel(doc, {
    text: state.text,
    onText: (text) => {
      state.text = text;
      analyse();
    },
  });
  const gridBox = el(doc, "div", { className: "ym-grid-box" });
  const rolesNote = el(doc, "p", {
    className: "note ym-roles-note",
    hidden: true,
    text: ROLES_NOTE,
  });
  const headView = createHeadView(doc, { onAblate: (l, h) => toggle(l, h) });
  const predictions = createPredictions(doc, {
    onClear: () => setFlags(new Uint8Array(state.flags.length)),
    onRemove: (l, h) => toggle(l, h),
  });
  const verify = createVerifyView(doc, { onVerify: () => runVerify() });
  let grid = null;

  const loaded = el(doc, "div", { className: "ym-loaded", hidden: true }, [
    el(doc, "h3", { text: HEADINGS.text }),
    ...textPanel.elements,
    el(doc, "h3", { text: HEADINGS.grid }),
    el(doc, "p", { text: GRID_INTRO }),
    rolesNote,
    gridBox,
    el(doc, "h3", { text: HEADINGS.head }),
    headView.element,
    el(doc, "h3", { text: HEADINGS.predict }),
    el(doc, "p", { text: ABLATION_INTRO }),
    predictions.element,
    el(doc, "h3", { text: HEADINGS.verify }),
    verify.element,
  ]);

  root.replaceChildren(
    ...introText({
      realModel: embedded ? null : sectionNumber("real-model"),
    }).map((t) => el(doc, "p", { text: t })),
    el(doc, "h3", { text: HEADINGS.bring }),
    bring.element,
    loaded,
  );
  bring.acceptDrops(root);
  root.dataset.state = "empty";
  context.modelFolder = () => state.current?.folder ?? null;
  const loading = createModelLoading(root, bring, {
    onUnload: () => {
      state.current = null;
      loaded.hidden = true;
    },
    onLoaded: (model) => {
      state.current = model;
      showModel(model.info);
      analyse();
    },
  });

  const fromURL = context.initialModel;
  if (fromURL) {
    try {
      const source = modelFolderURLs(fromURL, doc.location.href);
      // A hosted file loads at once up to AUTO_LOAD_BYTES, else on a click.
      loading.open(source, `the folder “${fromURL}” of this site`, {
        auto: null,
        folder: fromURL,
      });
    } catch (error) {
      loading.fail(error);
    }
  }

  /** Builds the parts that depend on the model's size. */
  function showModel(info) {
    const { layers, heads } = info.config;
    state.flags = new Uint8Array(layers * heads);
    state.selected = { layer: 0, head: 0 };
    state.run = null;
    state.continuation = null;
    const gpt2Small = looksLikeGpt2Small({
      ...info.config,
      family: info.meta.family,
    });
    const rolesOf = gpt2Small ? (l, h) => publishedRoles(l, h) : undefined;
    rolesNote.hidden = !gpt2Small;
    grid = createGrid(doc, {
      layers,
      heads,
      rolesOf,
      onSelect: (l, h) => {
        state.selected = { layer: l, head: h };
        grid.select(l, h);
        drawHead();
      },
      onAblate: (l, h) => toggle(l, h),
    });
    gridBox.replaceChildren(grid.element);
    verify.setAvailable(
      info.verify !== null,
      info.verify
        ? ""
        : `This checkpoint has ${layers} layers × ${heads} heads, d_model ${info.config.dModel}: it is neither GPT-2 small nor distilgpt2, so there is no published continuation to check it against.`,
    );
    loaded.hidden = false;
    root.dataset.layers = String(layers);
    root.dataset.heads = String(heads);
    root.dataset.family = info.meta.family;
    // For tests and the curious: the Worker's wasm heap around the load.
    root.dataset.heapBefore = String(info.heapBefore);
    root.dataset.heapAfter = String(info.heapAfter);
    root.dataset.parameters = String(info.parameterCount);
  }

  // ---- the reader's text ---------------------------------------------------

  let running = null;
  let again = false;
  /** Runs the text (one run at a time; typing meanwhile runs once more). */
  async function analyse() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await analyseOnce();
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  }

  async function analyseOnce() {
    const c = state.current;
    if (!c) return;
    root.dataset.state = "analysing";
    let run;
    try {
      run = await c.client.call("analyse", state.text);
    } catch (error) {
      if (c !== state.current) return;
      textPanel.showError(
        `This text cannot be run: ${errorText(error).detail}.`,
      );
      root.dataset.state = "ready";
      return;
    }
    if (c !== state.current || again) return;
    state.run = run;
    state.continuation = null;
    textPanel.draw(run);
    const gridShown = grid.update(run);
    grid.select(state.selected.layer, state.selected.head);
    await gridShown;
    await nextFrame();
    if (c !== state.current || again) return;
    drawHead();
    await predict();
    if (c === state.current && !again) {
      root.dataset.n = String(run.n);
      root.dataset.state = "ready";
    }
  }

  function drawHead() {
    const run = state.run;
    if (!run || !state.current) return;
    const { info } = state.current;
    const { layer, head } = state.selected;
    const { heads, attentionWindows } = info.config;
    const index = layer * heads + head;
    const n = run.n;
    const gpt2Small = !rolesNote.hidden;
    headView.draw({
      layer,
      head,
      report: run.reports[index],
      n,
      weights: run.weights.subarray(index * n * n, (index + 1) * n * n),
      tokens: run.tokens,
      window: attentionWindows[layer] ?? 0,
      off: state.flags[index] === 1,
      published: gpt2Small ? publishedRoles(layer, head) : null,
      modelName: state.current.name,
    });
  }

  // ---- ablation and predictions --------------------------------------------

  function toggle(layer, head) {
    const next = state.flags.slice();
    const index = layer * state.current.info.config.heads + head;
    next[index] = next[index] ? 0 : 1;
    setFlags(next);
  }

  function setFlags(next) {
    state.flags = next;
    grid?.setFlags(next);
    drawHead();
    predict();
  }

  let predicting = 0;
  async function predict() {
    const c = state.current;
    if (!c || !state.run) return;
    const version = ++predicting;
    const flags = state.flags.slice();
    const names = [];
    flags.forEach((f, i) => {
      if (f)
        names.push({
          layer: Math.floor(i / c.info.config.heads),
          head: i % c.info.config.heads,
        });
    });
    try {
      const p = await c.client.call("predict", flags);
      if (version !== predicting || c !== state.current) return;
      predictions.draw(p, names);
      state.continuation ??= await c.client.call(
        "continuation",
        new Uint8Array(flags.length),
      );
      const off = names.length
        ? await c.client.call("continuation", flags)
        : null;
      if (version !== predicting || c !== state.current) return;
      predictions.drawContinuation(state.continuation, off);
    } catch (error) {
      if (c !== state.current) return;
      textPanel.showError(
        `The predictions could not be computed: ${error.message}`,
      );
    }
  }

  async function runVerify() {
    const c = state.current;
    if (!c) return;
    verify.running();
    try {
      const r = await c.client.call("verify");
      if (c === state.current) verify.draw(r);
    } catch (error) {
      if (c === state.current) verify.showError(error.message);
    }
  }
}
