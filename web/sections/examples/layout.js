// The fixed layout of section #examples, built once from text.js: the
// paragraph above, the picker of examples, and the panel with the slots the
// renderers fill (about, rule, problem, heatmap, summary) and the editor.
import { el } from "../../components/dom.js";
import { heatmapLegend } from "../../components/legend.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { CONTROLS, EXAMPLES, INTRO, pickerSentence } from "./text.js";

/**
 * The radio buttons, one per example; the first is checked.
 * @param {Document} doc
 * @param {(index: number) => void} onPick
 */
function buildPicker(doc, onPick) {
  return el(doc, "fieldset", { className: "examples-picker" }, [
    el(doc, "legend", { text: CONTROLS.legend }),
    ...EXAMPLES.map((example, index) => {
      const id = `examples-pick-${example.rule}`;
      const radio = el(doc, "input", {
        type: "radio",
        name: "examples-pick",
        id,
        value: String(index),
        checked: index === 0,
        on: { change: () => onPick(index) },
      });
      return el(doc, "div", { className: "examples-picker__option" }, [
        radio,
        el(doc, "label", { for: id }, [
          el(doc, "span", { text: CONSTRUCTED_HEADS[example.head].name }),
          el(doc, "span", {
            className: "examples-picker__sentence",
            text: pickerSentence(example.sentence),
          }),
        ]),
      ]);
    }),
  ]);
}

/**
 * Builds the section's layout.
 * @param {Document} doc
 * @param {{ onPick: (index: number) => void, onInput: (text: string) => void,
 *   onReset: () => void }} on
 * @returns {{ children: HTMLElement[], about: HTMLElement,
 *   rule: HTMLElement, input: HTMLInputElement, problem: HTMLElement,
 *   map: HTMLElement, summary: HTMLElement }}
 */
export function buildLayout(doc, on) {
  const intro = el(doc, "p", { text: INTRO });
  const picker = buildPicker(doc, on.onPick);
  const about = el(doc, "p", { className: "examples-about" });
  const rule = el(doc, "p", { className: "note examples-rule" });
  const input = /** @type {HTMLInputElement} */ (
    el(doc, "input", {
      id: "examples-sentence",
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
    })
  );
  const reset = el(doc, "button", {
    type: "button",
    text: CONTROLS.reset,
    on: { click: () => on.onReset() },
  });
  const editor = el(doc, "div", { className: "examples-editor" }, [
    el(doc, "label", { for: "examples-sentence", text: CONTROLS.editor }),
    el(doc, "div", { className: "examples-editor__row" }, [input, reset]),
  ]);
  const problem = el(doc, "p", {
    className: "error examples-problem",
    "aria-live": "polite",
  });
  const map = el(doc, "div", { className: "examples-map" });
  const summary = el(doc, "p", {
    className: "examples-summary",
    "aria-live": "polite",
  });
  const panel = el(doc, "div", { className: "panel examples-panel" }, [
    about,
    rule,
    editor,
    problem,
    heatmapLegend(doc),
    map,
    summary,
  ]);
  input.addEventListener("input", () => on.onInput(input.value));
  return {
    children: [intro, picker, panel],
    about,
    rule,
    input,
    problem,
    map,
    summary,
  };
}
