// <mha-heads>: the constructed attention heads on one sentence, as a custom
// element for any page. Its styles live in its shadow root (themable through
// the --mha-* custom properties of element.css); every number comes from the
// wasm core, loaded once per page and shared by every element (createMHA is
// a singleton).
//
//   <script type="module" src="…/mha-embed.js"></script>
//   <mha-heads sentence="The clever fox jumped" heads="positional,previous"
//              view="grid"></mha-heads>
//
// Attributes (each also a property; changes are applied live, batched in a
// microtask):
//   sentence  the text to run (default "The clever fox jumped")
//   heads     comma list of head ids, names or 1-based numbers (default all)
//   view      "single" (one head, with buttons to switch) or "grid"
//   head      the head the single view starts on
//   causal    boolean: the decoder's causal mask
//   editable  boolean: the reader may type a sentence and toggle the mask
//   label     the element's visible title and accessible name
//   theme     "light" or "dark" to override prefers-color-scheme (CSS only)
// Read back: element.result (the last forward() result), element.tokens,
// element.problem, element.ready (a promise for the first update), and a
// bubbling, composed "mha-update" event after every update (recomputed or
// only redrawn), whose detail holds the state and the result.
import { renderHeadsView } from "../components/heads-view.js";
import { createMHA } from "../lib/mha.js";
import { CONSTRUCTED_HEADS, runConstructed } from "../constructed/run.js";
import { el } from "../components/dom.js";
import { heatmapLegend } from "../components/legend.js";
import { DEFAULT_SENTENCE, headIndex, parseHeads } from "./url-state.js";
import { headPatternMetrics, renderHeadMetrics } from "./head-metrics.js";

const ATTRIBUTES = [
  "sentence",
  "heads",
  "view",
  "head",
  "causal",
  "editable",
  "label",
];
const DEFAULT_LABEL = "Multi-head attention, computed live";
const KNOWN_HEADS = CONSTRUCTED_HEADS.map((h) => h.id).join(", ");

// The folder holding index.html, lib/, components/ and embed/. mha-embed.js
// (which sits in it) sets MhaHeads.base, so that a bundled copy still finds
// its stylesheets; this default serves the unbundled modules.
let defaultBase = null;
try {
  defaultBase = new URL("../", import.meta.url).href;
} catch {
  defaultBase = null;
}

/** The custom element class; mha-embed.js defines it as <mha-heads>. */
export class MhaHeads extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  /** URL of the explainer's folder (where index.html and embed/ live). */
  static base = defaultBase;

  #ui;
  #mha = null;
  #loading = null;
  #scheduled = false;
  #changed = new Set(ATTRIBUTES);
  #state = {
    sentence: DEFAULT_SENTENCE,
    causal: false,
    heads: CONSTRUCTED_HEADS.map((_, i) => i),
    head: 0,
    grid: false,
  };
  #messages = { heads: "", view: "", head: "", core: "" };
  #problem = null;
  #failed = false;
  /** The last run that worked: { text, causal, tokens, result, metrics }. */
  #run = null;
  #resolveReady;
  #ready = new Promise((resolve) => (this.#resolveReady = resolve));

  constructor() {
    super();
    this.#ui = buildShadow(this.attachShadow({ mode: "open" }), {
      onHead: (index) => {
        this.#state.head = index;
        this.#state.grid = false;
        this.#render(false);
      },
      onGrid: () => {
        this.#state.grid = !this.#state.grid;
        this.#render(false);
      },
      onInput: (text) => {
        this.#state.sentence = text;
        this.#render(true);
      },
      onCausal: (causal) => {
        this.#state.causal = causal;
        this.#render(true);
      },
    });
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback(name) {
    this.#changed.add(name);
    this.#schedule();
  }

  // Properties mirroring the attributes. Setting one sets the attribute;
  // reading one gives what the element currently shows.

  /** The sentence shown (the attribute's, or what the reader typed). */
  get sentence() {
    return this.#state.sentence;
  }
  set sentence(value) {
    this.setAttribute("sentence", String(value));
  }

  /** Ids of the heads shown, in order. Set with an array or a comma list. */
  get heads() {
    return this.#state.heads.map((i) => CONSTRUCTED_HEADS[i].id);
  }
  set heads(value) {
    if (value === null || value === undefined) this.removeAttribute("heads");
    else
      this.setAttribute(
        "heads",
        Array.isArray(value) ? value.join(",") : String(value),
      );
  }

  /** "single" or "grid": the view shown now. */
  get view() {
    return this.#state.grid ? "grid" : "single";
  }
  set view(value) {
    this.setAttribute("view", String(value));
  }

  /** Id of the head the single view shows. */
  get head() {
    return CONSTRUCTED_HEADS[this.#state.head].id;
  }
  set head(value) {
    this.setAttribute("head", String(value));
  }

  /** Whether the causal mask is on. */
  get causal() {
    return this.#state.causal;
  }
  set causal(on) {
    this.toggleAttribute("causal", Boolean(on));
  }

  get editable() {
    return this.hasAttribute("editable");
  }
  set editable(on) {
    this.toggleAttribute("editable", Boolean(on));
  }

  get label() {
    return this.getAttribute("label") ?? DEFAULT_LABEL;
  }
  set label(value) {
    this.setAttribute("label", String(value));
  }

  /** The last result of mha.forward() on the sentence shown, or null. */
  get result() {
    return this.#run?.result ?? null;
  }

  /** The tokens of the sentence shown, or []. */
  get tokens() {
    return this.#run ? this.#run.tokens.map((t) => t.text) : [];
  }

  /** Why the current sentence cannot be shown, or null. */
  get problem() {
    return this.#problem;
  }

  /** Resolves after the first update that computed or failed. */
  get ready() {
    return this.#ready;
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#flush();
    });
  }

  /** Applies the attributes changed since the last flush, then renders. */
  #flush() {
    const changed = this.#changed;
    this.#changed = new Set();
    const s = this.#state;
    const compute =
      changed.has("sentence") || changed.has("causal") || !this.#run;
    if (changed.has("sentence"))
      s.sentence = this.getAttribute("sentence") ?? DEFAULT_SENTENCE;
    if (changed.has("causal")) s.causal = this.hasAttribute("causal");
    if (changed.has("heads")) this.#readHeads();
    if (changed.has("view")) this.#readView();
    if (changed.has("heads") || changed.has("head")) this.#readHead();
    if (changed.has("label")) this.#ui.title.textContent = this.label;
    if (changed.has("editable")) {
      this.#ui.editor.hidden = !this.editable;
      this.#ui.sentenceLine.hidden = this.editable;
    }
    this.#render(compute);
  }

  #readHeads() {
    const value = this.getAttribute("heads");
    const { indices, unknown } = parseHeads(value);
    const names = unknown.map((u) => `“${u}”`).join(", ");
    if (indices.length === 0) {
      this.#state.heads = CONSTRUCTED_HEADS.map((_, i) => i);
      this.#messages.heads = `No head in heads="${value}" is known, so all heads are shown. Known heads: ${KNOWN_HEADS} (or 1–${CONSTRUCTED_HEADS.length}).`;
    } else {
      this.#state.heads = indices;
      this.#messages.heads = unknown.length
        ? `Unknown head${unknown.length > 1 ? "s" : ""} ${names} left out. Known heads: ${KNOWN_HEADS} (or 1–${CONSTRUCTED_HEADS.length}).`
        : "";
    }
  }

  #readView() {
    const value = this.getAttribute("view");
    const v = (value ?? "single").trim().toLowerCase();
    this.#state.grid = v === "grid";
    this.#messages.view =
      v === "grid" || v === "single"
        ? ""
        : `view="${value}" is not a view: use "single" or "grid". Showing one head at a time.`;
  }

  #readHead() {
    const s = this.#state;
    const value = this.getAttribute("head");
    this.#messages.head = "";
    if (value !== null) {
      const k = headIndex(value);
      if (k >= 0 && s.heads.includes(k)) {
        s.head = k;
        return;
      }
      this.#messages.head =
        k < 0
          ? `head="${value}" is not a known head. Known heads: ${KNOWN_HEADS}.`
          : `head="${value}" is not among the heads shown.`;
    }
    if (!s.heads.includes(s.head)) s.head = s.heads[0];
  }

  /** Loads the core if needed, recomputes if asked, redraws, reports. */
  #render(compute) {
    if (!this.#mha) {
      this.#load();
      this.#showMessages();
      return;
    }
    if (compute || !this.#run) this.#compute();
    this.#draw();
    this.#showMessages();
    this.dispatchEvent(
      new CustomEvent("mha-update", {
        bubbles: true,
        composed: true,
        detail: {
          sentence: this.sentence,
          tokens: this.tokens,
          heads: this.heads,
          head: this.head,
          view: this.view,
          causal: this.causal,
          result: this.result,
          problem: this.#problem,
        },
      }),
    );
    this.#resolveReady();
  }

  #load() {
    if (this.#loading) return;
    this.#messages.core = "Loading the attention core…";
    this.#loading = createMHA().then(
      (mha) => {
        this.#mha = mha;
        this.#messages.core = "";
        this.#schedule();
      },
      (error) => {
        this.#failed = true;
        this.#messages.core = `The attention core could not start: ${error.message}`;
        this.#showMessages();
        this.#resolveReady();
      },
    );
  }

  #compute() {
    const { sentence, causal } = this.#state;
    const ui = this.#ui;
    if (ui.input.value !== sentence) ui.input.value = sentence;
    ui.causalBox.checked = causal;
    let run;
    try {
      run = runConstructed(this.#mha, sentence, { causal });
    } catch (error) {
      run = {
        problem: `The attention core could not compute this text: ${error.message}`,
      };
    }
    this.#problem = run.problem ?? null;
    if (!run.problem) {
      this.#run = {
        text: sentence,
        causal,
        tokens: run.tokens,
        result: run.result,
        metrics: new Map(), // head index → the core's pattern metrics
      };
    }
    ui.sentence.textContent = sentence;
  }

  /** Redraws from the last good run (never computes). */
  #draw() {
    const ui = this.#ui;
    const s = this.#state;
    const single = s.heads.length === 1;
    const grid = s.grid && !single;
    ui.toolbar.hidden = single;
    // The head buttons: one per head shown, rebuilt when the list changes.
    const ids = s.heads.join(",");
    if (ui.buttons.dataset.heads !== ids) {
      ui.buttons.dataset.heads = ids;
      ui.buttons.replaceChildren(
        ...s.heads.map((index) =>
          el(ui.doc, "button", {
            type: "button",
            "data-head": CONSTRUCTED_HEADS[index].id,
            text: `${index + 1}. ${CONSTRUCTED_HEADS[index].name}`,
            on: { click: () => ui.handlers.onHead(index) },
          }),
        ),
      );
    }
    for (const button of ui.buttons.children) {
      const index = headIndex(/** @type {HTMLElement} */ (button).dataset.head);
      button.setAttribute("aria-pressed", String(!grid && index === s.head));
    }
    ui.gridButton.setAttribute("aria-pressed", String(grid));

    const run = this.#run;
    ui.stale.textContent =
      this.#problem && run
        ? `The heatmaps still show the last sentence that worked: “${run.text}”.`
        : "";
    ui.causalNote.hidden = !(run && run.causal);
    if (!run) {
      ui.stage.replaceChildren();
      return;
    }
    // Keep focus on the same cell of the same head across a redraw.
    const active = ui.root.activeElement;
    const focused =
      active?.matches?.("td") && active.closest("[data-head-view]")
        ? active.closest("[data-head-view]").dataset.headView
        : null;
    renderHeadsView(ui.stage, {
      heads: grid ? s.heads : [s.head],
      grid,
      classes: {
        stage: "mha__stage",
        grid: "mha__stage--grid",
        item: "mha__item",
        map: "mha__map",
        description: "mha__description",
      },
      descriptionFirst: false,
      describe: (index) => CONSTRUCTED_HEADS[index].description,
      getRun: () => run,
      heatmapOptions: (index) => {
        const h = CONSTRUCTED_HEADS[index];
        return {
          label: `Head ${index + 1}, ${h.name}: attention weights`,
          caption: `Head ${index + 1} · ${h.name}`,
          tools: {
            name: `mha-heads-${h.id}`,
            getResult: () => run.result,
            getExtra: () => ({
              sentence: run.text ?? this.sentence,
              head: h.id,
            }),
          },
        };
      },
    });
    this.#drawMetrics(grid ? s.heads : [s.head]);
    if (focused !== null) {
      /** @type {HTMLElement | null} */ (
        ui.stage.querySelector(`[data-head-view="${focused}"] td[tabindex="0"]`)
      )?.focus();
    }
  }

  /**
   * Under each heatmap shown, the core's pattern metrics of that head on
   * the last good run (computed once per run and head).
   * @param {number[]} heads
   */
  #drawMetrics(heads) {
    const run = this.#run;
    const ui = this.#ui;
    for (const index of heads) {
      const item = ui.stage.querySelector(`[data-head-view="${index}"]`);
      if (!item) continue;
      let dl = /** @type {HTMLElement | null} */ (
        item.querySelector(".mha__metrics")
      );
      if (!dl) {
        dl = el(ui.doc, "dl", { className: "mha__metrics" });
        item.querySelector(".mha__map").after(dl);
      }
      if (!run.metrics.has(index)) {
        run.metrics.set(
          index,
          headPatternMetrics(
            this.#mha,
            run.result.headWeights(index),
            run.tokens.length,
            run.causal,
          ),
        );
      }
      renderHeadMetrics(dl, run.metrics.get(index));
    }
  }

  #showMessages() {
    const loading = !this.#mha && this.#loading && !this.#failed;
    const list = [
      this.#messages.core,
      this.#problem,
      this.#messages.heads,
      this.#messages.view,
      this.#messages.head,
    ].filter(Boolean);
    const ui = this.#ui;
    const text = list.join("\n");
    if (ui.status.dataset.text === text) return;
    ui.status.dataset.text = text;
    ui.status.replaceChildren(
      ...list.map((m, k) =>
        el(ui.doc, "p", {
          className: loading && k === 0 ? "mha__loading" : "mha__error",
          text: m,
        }),
      ),
    );
  }
}

/** Resolves a file of the explainer's folder (see MhaHeads.base). */
function asset(path) {
  return new URL(path, MhaHeads.base ?? document.baseURI).href;
}

/**
 * Builds the element's shadow tree once: stylesheets, title, optional
 * editor, live status, head buttons, legend, heatmap stage and a note.
 */
function buildShadow(root, handlers) {
  const doc = root.ownerDocument;
  const sheets = [
    "components/heatmap.css",
    "components/heatmap-tools.css",
    "embed/element.css",
  ].map((path) => el(doc, "link", { rel: "stylesheet", href: asset(path) }));
  const frame = el(doc, "section", {
    className: "mha",
    "aria-labelledby": "mha-title",
  });
  // Hidden until the stylesheets arrive (or fail), so nothing flashes
  // unstyled. element.style is the CSSOM, which a strict CSP allows.
  frame.style.visibility = "hidden";
  let pending = sheets.length;
  const settle = () => {
    pending -= 1;
    if (pending === 0) frame.style.visibility = "";
  };
  for (const link of sheets) {
    link.addEventListener("load", settle, { once: true });
    link.addEventListener("error", settle, { once: true });
  }

  const title = el(doc, "p", {
    className: "mha__title",
    id: "mha-title",
    text: DEFAULT_LABEL,
  });
  const sentence = el(doc, "span", { className: "mha__sentence-text" });
  const sentenceLine = el(doc, "p", { className: "mha__sentence" }, [
    el(doc, "span", { className: "mha__sentence-label", text: "Sentence: " }),
    sentence,
  ]);

  const input = el(doc, "input", {
    id: "mha-input",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
  });
  input.addEventListener("input", () => handlers.onInput(input.value));
  const causalBox = el(doc, "input", { id: "mha-causal", type: "checkbox" });
  causalBox.addEventListener("change", () =>
    handlers.onCausal(causalBox.checked),
  );
  const editor = el(doc, "div", { className: "mha__editor" }, [
    el(doc, "label", { for: "mha-input", text: "Your sentence" }),
    input,
    el(doc, "p", { className: "mha__check" }, [
      causalBox,
      " ",
      el(doc, "label", {
        for: "mha-causal",
        text: "Causal mask: each token sees only itself and the tokens before it",
      }),
    ]),
  ]);
  editor.hidden = true;

  const status = el(doc, "div", {
    className: "mha__status",
    "aria-live": "polite",
  });
  const buttons = el(doc, "div", {
    className: "mha__buttons",
    role: "group",
    "aria-label": "Show one head",
  });
  const gridButton = el(doc, "button", {
    type: "button",
    className: "mha__grid-button",
    text: "Grid: all heads",
    on: { click: () => handlers.onGrid() },
  });
  const toolbar = el(doc, "div", { className: "mha__toolbar" }, [
    buttons,
    gridButton,
  ]);
  const causalNote = el(doc, "p", {
    className: "mha__note",
    text: "Causal mask on: each token sees only itself and the tokens before it; the hidden cells are hatched.",
  });
  const stale = el(doc, "p", { className: "mha__note mha__stale" });
  const stage = el(doc, "div", { className: "mha__stage" });
  const explainer = el(doc, "a", {
    href: asset("index.html#learn"),
    target: "_blank",
    rel: "noopener",
    text: "how they are built",
  });
  const about = el(doc, "p", { className: "mha__note" }, [
    "Each row shows how much one token (the query) attends to every token (the keys); rows add up to 100%. Hover or focus a cell to read it, and move with the arrow keys. The heads are hand-constructed, not trained: their weights were written so that each shows a pattern found in real models. Every number is computed in your browser by a WebAssembly attention core. See ",
    explainer,
    el(doc, "span", { className: "visually-hidden", text: " (new tab)" }),
    ".",
  ]);

  frame.append(
    title,
    sentenceLine,
    editor,
    status,
    toolbar,
    heatmapLegend(doc),
    causalNote,
    stale,
    stage,
    about,
  );
  root.append(...sheets, frame);
  return {
    root,
    doc,
    handlers,
    title,
    sentence,
    sentenceLine,
    editor,
    input,
    causalBox,
    status,
    buttons,
    gridButton,
    toolbar,
    causalNote,
    stale,
    stage,
  };
}
