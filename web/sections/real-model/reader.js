// The #real-model section's "your text" panel: the reader's sentence (shared with
// #heads, #learn, #examples and #project), the "repeat my text" toggle, and the full heatmap of the
// chosen head on the characters the model reads. The model is
// character-level, so every character is a token, and it reads at most
// config.context (128) of them.
//
// Pure drawing: the section computes the run (run.js) and hands it
// in; this module only reads the inputs and draws.
import { el } from "../../components/dom.js";
import { sectionNumber } from "../index.js";
import { heatmapLegend } from "../../components/legend.js";
import { renderHeatmap } from "../../components/heatmap.js";
import { headName } from "../../components/format.js";
import { PROBE_ALPHABET } from "./text.js";

/** `count` distinct random letters, like one half of the probe. */
function randomLetters(count) {
  const letters = [...PROBE_ALPHABET];
  for (let i = letters.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [letters[i], letters[j]] = [letters[j], letters[i]];
  }
  return letters.slice(0, count).join("");
}

/**
 * The heatmap marks a cell masked where its score is -Infinity. Model.forward()
 * returns weights only, so this stands in for the scores: -Infinity above
 * the diagonal (a character never sees a later one), 0 elsewhere.
 */
export function causalMask(n) {
  const mask = new Float32Array(n * n);
  for (let i = 0; i < n; i++) mask.fill(-Infinity, i * n + i + 1, (i + 1) * n);
  return mask;
}

/** Above this many characters the heatmap drops the percentages. */
const COMPACT_ABOVE = 24;

/**
 * @param {Document} doc
 * @param {{ sentence: { get(): string, set(v: string): void },
 *   repeat: boolean, onRepeat: (on: boolean) => void }} o
 * @returns {{ element: HTMLElement, setRepeat(on: boolean): void,
 *   setText(text: string): void, reveal(): void,
 *   draw(run: object | null, view: object): void }}
 */
export function createReader(doc, { sentence, repeat, onRepeat }) {
  const input = el(doc, "input", {
    id: "real-model-sentence",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "real-model-sentence-hint",
    value: sentence.get(),
    on: { input: () => sentence.set(input.value) },
  });
  const repeatButton = el(doc, "button", {
    type: "button",
    className: "rm-repeat",
    "aria-pressed": String(repeat),
    text: "Repeat my text",
    on: {
      click: () =>
        onRepeat(repeatButton.getAttribute("aria-pressed") !== "true"),
    },
  });
  const hint = el(doc, "p", {
    id: "real-model-sentence-hint",
    className: "note",
    text: `The same sentence as in sections ${sectionNumber("heads")}–${sectionNumber("project")}. This model reads characters, not words: every letter, space and punctuation mark is one token. It was trained on windows of at most 128 characters, so it reads the first 128 (with “Repeat my text”, the first 64 twice, one straight after the other). Characters outside plain ASCII become “?”. The model learned to copy on strings of random letters; on English it leans on what it knows of English instead, so a repeated English sentence gains less than repeated random letters do.`,
  });
  const status = el(doc, "p", {
    className: "rm-reader__status",
    "aria-live": "polite",
  });
  const map = el(doc, "div", { className: "rm-reader__map" });

  const element = el(doc, "div", { className: "rm-reader" }, [
    el(doc, "label", {
      for: "real-model-sentence",
      text: "Your text",
    }),
    el(doc, "div", { className: "rm-reader__row" }, [
      input,
      repeatButton,
      el(doc, "button", {
        type: "button",
        className: "rm-letters",
        text: "Try random letters",
        on: { click: () => sentence.set(randomLetters(24)) },
      }),
    ]),
    hint,
    status,
    heatmapLegend(doc),
    map,
  ]);

  return {
    element,
    /** Scrolls the panel's top into view if the heatmap is off screen. */
    reveal() {
      const view = doc.defaultView;
      const box = map.getBoundingClientRect();
      if (box.top > view.innerHeight - 80 || box.bottom < 0) {
        element.scrollIntoView({ block: "start" });
      }
    },
    setRepeat(on) {
      repeatButton.setAttribute("aria-pressed", String(on));
    },
    setText(text) {
      if (input.value !== text) input.value = text;
    },
    /**
     * @param {{ tokens: string[], forward: object, input: object, text: string } | null} run
     * @param {{ layer: number, head: number, label: string, step: number,
     *   stepText: string, ablated: string[] }} view
     */
    draw(run, view) {
      renderReaderMap({ status, map }, run, view);
    },
  };
}

/**
 * The reader's status line and the chosen head's heatmap on the run (or a
 * prompt when there is no text).
 * @param {{ status: HTMLElement, map: HTMLElement }} element
 * @param {{ tokens: string[], forward: { headWeights(l: number, h: number): Float32Array },
 *   input: { clipped: boolean, secondCopy: number, kept: number } } | null} data
 * @param {{ layer: number, head: number, label: string, step: number,
 *   stepText: string, ablated: string[] }} options the head and the step shown
 */
export function renderReaderMap(element, data, options) {
  const { status, map } = element;
  const run = data;
  const view = options;
  if (!run || run.tokens.length === 0) {
    status.textContent =
      "Type some text above to see the head on your own characters.";
    map.replaceChildren();
    return;
  }
  const n = run.tokens.length;
  const name = headName(view);
  const parts = [
    `${name} (${view.label}) at step ${view.stepText} on ${n} character${n === 1 ? "" : "s"}`,
  ];
  if (run.input.clipped)
    parts.push(
      run.input.secondCopy >= 0
        ? `your text was cut to its first ${run.input.kept} characters to fit twice`
        : `your text was cut to the first ${n} characters`,
    );
  if (view.ablated.length)
    parts.push(
      `with ${view.ablated.join(", ")} switched off (below), which changes what the later layer sees`,
    );
  status.textContent = parts.join("; ") + ".";
  const label = `${name}, ${view.label}, at step ${view.stepText}: attention of each character (row) to the earlier characters (columns)`;
  renderHeatmap(
    map,
    {
      tokens: run.tokens,
      weights: run.forward.headWeights(view.layer, view.head),
      scores: causalMask(n),
    },
    {
      label,
      caption: `${name} · ${view.label} · step ${view.stepText}`,
      compact: n > COMPACT_ABOVE,
      tools: { name: `real-model-${name}-step-${view.step}` },
    },
  );
}
