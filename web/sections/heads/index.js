// Section #heads: the reader's sentence through six constructed heads. One head
// at a time (buttons) or all six in a grid. Every keystroke recomputes in
// the wasm core; switching the view only redraws the last result.
import { renderHeadsView } from "../../components/heads-view.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { computeHeads } from "../../constructed/compute.js";
import { formatMs } from "../../components/format.js";
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { el } from "../../components/dom.js";
import { sectionLabel } from "../index.js";
import { heatmapLegend } from "../../components/legend.js";
import { tokenChips } from "../../components/token-chips.js";

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

  const intro = el(doc, "p", {}, [
    "Type any sentence: the page splits it into tokens, tags each one with its part of speech, builds a vector for every token and runs six attention heads over them in the WebAssembly core. ",
    el(doc, "strong", {
      text: "These six heads are constructed, not trained:",
    }),
    " their weights were written by hand so that each one shows a pattern that researchers have found in real models. The patterns still come out of the real computation, scores q·k, then a softmax, and you can read the weights in ",
    el(doc, "a", { href: "#learn", text: sectionLabel("learn") }),
    ".",
  ]);

  const input = el(doc, "input", {
    id: "heads-sentence",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "heads-sentence-hint",
    value: sentence.get(),
  });
  const hint = el(doc, "p", {
    id: "heads-sentence-hint",
    className: "note",
    text: `Words, punctuation, emoji and any script work; the heatmaps show at most 40 tokens. ${capitalized(sectionLabel("learn"))} and ${sectionLabel("project")} follow this sentence too.`,
  });
  const chips = el(doc, "div", { className: "heads-chips-wrap" });
  const problem = el(doc, "p", {
    className: "error heads-problem",
    "aria-live": "polite",
  });
  const causalBox = el(doc, "input", {
    id: "heads-causal",
    type: "checkbox",
    checked: view.causal,
    on: {
      change: () => {
        view.causal = causalBox.checked;
        update(sentence.get());
      },
    },
  });
  const causalOption = el(doc, "p", { className: "heads-causal" }, [
    causalBox,
    " ",
    el(doc, "label", {
      for: "heads-causal",
      text: "Causal mask, as in a GPT-style decoder: each token sees only itself and the tokens before it (hidden cells are hatched).",
    }),
  ]);
  const timing = el(doc, "p", {
    className: "note heads-timing",
    "aria-live": "polite",
  });
  const controls = el(doc, "div", { className: "panel heads-controls" }, [
    el(doc, "label", { for: "heads-sentence", text: "Your sentence" }),
    input,
    hint,
    chips,
    causalOption,
    problem,
    timing,
  ]);

  const headButtons = CONSTRUCTED_HEADS.map((h, index) =>
    el(doc, "button", {
      type: "button",
      className: "heads-button",
      "data-head": String(index),
      text: `${index + 1}. ${h.name}`,
      on: {
        click: () => {
          view.head = index;
          view.grid = false;
          draw();
        },
      },
    }),
  );
  const gridButton = el(doc, "button", {
    type: "button",
    className: "heads-button heads-button--grid",
    text: "Grid: all heads",
    on: {
      click: () => {
        view.grid = !view.grid;
        draw();
      },
    },
  });
  const toolbar = el(doc, "div", { className: "heads-toolbar" }, [
    el(
      doc,
      "div",
      {
        role: "group",
        "aria-label": "Show one head",
        className: "heads-buttons",
      },
      headButtons,
    ),
    gridButton,
  ]);

  const stale = el(doc, "p", { className: "note heads-stale" });
  const stage = el(doc, "div", { className: "heads-stage" });
  const closing = el(doc, "p", {
    className: "note",
    text: "Every cell is one query token (row) attending to one key token (column); each row adds up to 100%. Hover or focus a cell to read it out, and move between cells with the arrow keys.",
  });

  root.replaceChildren(
    intro,
    controls,
    toolbar,
    heatmapLegend(doc),
    stale,
    stage,
    closing,
  );

  function heatmapOptions(index) {
    const h = CONSTRUCTED_HEADS[index];
    const run = shown;
    return {
      tools: {
        name: `heads-${h.id}`,
        getResult: () => run.result,
        getExtra: () => ({
          sentence: run.text,
          head: h.id,
          inputs: { x: run.x },
        }),
        embedCode: () =>
          headEmbedCode({ sentence: run.text, head: h.id, causal: run.causal }),
      },
      label: `Head ${index + 1}, ${h.name}: attention weights on your sentence`,
      caption: `Head ${index + 1} · ${h.name}`,
    };
  }

  /** Redraws the heatmaps from the last good result (no computing). */
  function draw() {
    headButtons.forEach((b, i) =>
      b.setAttribute("aria-pressed", String(!view.grid && i === view.head)),
    );
    gridButton.setAttribute("aria-pressed", String(view.grid));
    if (!shown) {
      stage.replaceChildren();
      return;
    }
    renderHeadsView(stage, {
      heads: view.grid ? CONSTRUCTED_HEADS.map((_, i) => i) : [view.head],
      grid: view.grid,
      classes: {
        stage: "heads-stage",
        grid: "heads-grid",
        item: "heads-item",
        map: "heads-item__map",
        description: "heads-item__description",
      },
      descriptionFirst: true,
      // Read when each heatmap is drawn: a deferred one draws the latest.
      describe: (index) => CONSTRUCTED_HEADS[index].description,
      getRun: () => shown,
      heatmapOptions,
      drawAll: (jobs) => drawer.drawAll(jobs),
    });
  }

  /** Recomputes for `text`, or reports why it cannot. */
  function update(text) {
    if (input.value !== text) input.value = text;
    const run = computeHeads(mha, text, view.causal);
    if (run.problem) {
      problem.textContent = run.problem;
      stale.textContent = shown
        ? `The heatmaps below still show your last sentence that worked: “${shown.text}”.`
        : "";
      return;
    }
    problem.textContent = "";
    stale.textContent = "";
    shown = run;
    chips.replaceChildren(
      tokenChips(doc, run.tokens, {
        show: "tag",
        label: "Your tokens and their part-of-speech tags",
      }),
    );
    const n = run.tokens.length;
    timing.textContent =
      `${CONSTRUCTED_HEADS.length} heads × ${n} token${n === 1 ? "" : "s"} computed in ` +
      `${formatMs(run.forwardMs)} by the wasm core (${formatMs(run.totalMs)} including tagging and building the token vectors).`;
    draw();
  }

  input.addEventListener("input", () => sentence.set(input.value));
  sentence.subscribe(update);
  update(sentence.get());
}

/** "section 4" → "Section 4". */
function capitalized(text) {
  return text[0].toUpperCase() + text.slice(1);
}
