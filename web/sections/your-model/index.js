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
import { createModelWorker } from "./client.js";
import { createGrid } from "./grid.js";
import { createHeadView } from "./head-view.js";
import { createPredictions } from "./predictions.js";
import { looksLikeGpt2Small, publishedRoles } from "./roles.js";
import { MAX_TEXT_CHARS } from "./session.js";
import { smallModelSource } from "./small-model.js";
import { modelFolderURLs, pickCheckpointFiles } from "./sources.js";
import {
  ABLATION_INTRO,
  CANCELLED_TEXT,
  DEFAULT_TEXT,
  FREED_TEXT,
  GRID_INTRO,
  HEADINGS,
  ROLES_NOTE,
  errorText,
  introText,
  loadedText,
  tokenCountText,
  tryNote,
} from "./text.js";
import { createVerifyView } from "./verify-view.js";

/** A hosted model larger than this waits for the reader's click to load. */
export const AUTO_LOAD_BYTES = 64 << 20;
/** How long typing pauses before the text is run again (ms). */
const TYPING_PAUSE_MS = 250;

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
    /** @type {{ client: ReturnType<typeof createModelWorker>, info: any, name: string, folder: string | null } | null} */
    current: null,
    /** @type {{ client: ReturnType<typeof createModelWorker>, name: string, folder: string | null } | null} */
    opening: null,
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
        return fail(error);
      }
      const name = source.folder
        ? `the folder “${source.folder}”`
        : `your files (${source.weights.name})`;
      open(
        { kind: "files", config: source.config, weights: source.weights },
        name,
        {
          auto: true,
          folder: null,
        },
      );
    },
    onTry: () =>
      open(smallModelSource(), "our small model", { auto: true, folder: null }),
    onLoad: () => load(),
    onCancel: () => cancel(),
  });

  // ---- the parts shown once a model is in ----------------------------------
  const textBox = el(doc, "textarea", {
    id: "ym-text",
    className: "ym-text",
    rows: 3,
    maxlength: MAX_TEXT_CHARS,
    spellcheck: "false",
    value: state.text,
  });
  let typing = 0;
  textBox.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.text = textBox.value;
      analyse();
    }, TYPING_PAUSE_MS);
  });
  const chips = el(doc, "ol", {
    className: "ym-chips",
    "aria-label": "Tokens of your text",
  });
  const tokenCount = el(doc, "p", {
    className: "ym-count",
    "aria-live": "polite",
  });
  const textError = el(doc, "p", {
    className: "ym-text-error error",
    role: "alert",
    hidden: true,
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
    el(doc, "label", { for: "ym-text", text: "Your text" }),
    textBox,
    tokenCount,
    textError,
    chips,
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

  const fromURL = context.initialModel;
  if (fromURL) {
    try {
      const source = modelFolderURLs(fromURL, doc.location.href);
      openHosted(source, fromURL);
    } catch (error) {
      fail(error);
    }
  }

  // ---- opening and loading -------------------------------------------------

  async function openHosted(source, param) {
    open(source, `the folder “${param}” of this site`, {
      auto: null, // decided by the size, once the header is read
      folder: param,
    });
  }

  /**
   * Opens a source in a new Worker: the summary, then (if `auto`, or for a
   * hosted file of at most AUTO_LOAD_BYTES) the load. The model shown
   * stays until the new one starts loading.
   */
  async function open(source, name, { auto, folder }) {
    bring.showError(null);
    state.opening?.client.terminate();
    const client = createModelWorker();
    const opening = { client, name, folder };
    state.opening = opening;
    bring.setBusy(true);
    bring.showSummary(null, { name, askToLoad: false });
    bring.setStatus(`Reading the config and the header of ${name}…`);
    root.dataset.state = "opening";
    try {
      const summary = await client.call("open", source);
      if (state.opening !== opening) return;
      const go = auto ?? summary.fileBytes <= AUTO_LOAD_BYTES;
      bring.showSummary(summary, { name, askToLoad: !go });
      bring.setBusy(false);
      if (go) return load();
      bring.setStatus(
        `This model is ${Math.round(summary.fileBytes / 2 ** 20)} MiB: load it when you are ready.`,
      );
      root.dataset.state = "opened";
    } catch (error) {
      if (state.opening !== opening) return;
      client.terminate();
      state.opening = null;
      bring.setBusy(false);
      bring.setStatus("");
      fail(error);
    }
  }

  async function load() {
    const opening = state.opening;
    if (!opening) return;
    const freed = state.current !== null;
    state.current?.client.terminate();
    state.current = null;
    loaded.hidden = true;
    bring.setBusy(true);
    bring.setStatus(`Loading ${opening.name}…`);
    bring.showProgress({
      loadedBytes: 0,
      totalBytes: 1,
      tensors: 0,
      totalTensors: 0,
    });
    root.dataset.state = "loading";
    try {
      const info = await opening.client.call("load", null, {
        onProgress: (p) => {
          if (state.opening === opening) bring.showProgress(p);
        },
      });
      if (state.opening !== opening) return;
      state.opening = null;
      state.current = {
        client: opening.client,
        info,
        name: opening.name,
        folder: opening.folder,
      };
      bring.showProgress(null);
      bring.setBusy(false);
      bring.setStatus(
        `${loadedText(info, opening.name)}${freed ? ` ${FREED_TEXT}` : ""}`,
      );
      showModel(info);
      await analyse();
    } catch (error) {
      if (state.opening !== opening) return;
      opening.client.terminate();
      state.opening = null;
      bring.showProgress(null);
      bring.setBusy(false);
      if (error.code === "ABORTED") {
        bring.setStatus(CANCELLED_TEXT);
        root.dataset.state = "cancelled";
      } else {
        bring.setStatus("");
        fail(error);
      }
    }
  }

  function cancel() {
    state.opening?.client.cancel();
  }

  function fail(error) {
    bring.showError({ code: error.code, message: error.message });
    root.dataset.state = state.current ? "ready" : "error";
    root.dataset.error = error.code ?? "ERROR";
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
      const { detail } = errorText(error);
      textError.hidden = false;
      textError.textContent = `This text cannot be run: ${detail}.`;
      root.dataset.state = "ready";
      return;
    }
    if (c !== state.current || again) return;
    textError.hidden = true;
    state.run = run;
    state.continuation = null;
    tokenCount.textContent = tokenCountText(run);
    chips.replaceChildren(
      ...run.tokens.map((t, i) =>
        el(doc, "li", { className: "ym-chip", "data-id": t.id }, [
          el(doc, "span", { className: "ym-chip__text", text: t.label }),
          el(doc, "span", { className: "ym-chip__id", text: String(t.id) }),
          el(doc, "span", {
            className: "visually-hidden",
            text: ` (token ${i}, id ${t.id})`,
          }),
        ]),
      ),
    );
    grid.update(run);
    grid.select(state.selected.layer, state.selected.head);
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
      textError.hidden = false;
      textError.textContent = `The predictions could not be computed: ${error.message}`;
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
