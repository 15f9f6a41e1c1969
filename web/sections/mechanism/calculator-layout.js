// The fixed layout of the dimension-splitting calculator, built once from
// text.js: the preset buttons, the three number fields, the error line and
// the results' empty slots (summary, cost table, ratio).
import { el } from "../../components/dom.js";
import { withMath } from "../../components/math.js";
import { PRESETS } from "./example.js";
import { CALCULATOR, fmt } from "./text.js";

/**
 * @typedef {object} CalculatorLayout
 * @property {HTMLElement[]} elements the calculator's children, in order
 * @property {HTMLButtonElement[]} presetButtons one per preset, in order
 * @property {HTMLInputElement} dModel the model width field
 * @property {HTMLInputElement} heads the head count field
 * @property {HTMLInputElement} context the context length field
 * @property {HTMLElement} error the core's error message
 * @property {HTMLElement} results the summary, table and ratio together
 * @property {HTMLElement} summary the sentence on d_k and parameters
 * @property {HTMLElement} tableBox where the cost table goes
 * @property {HTMLElement} ratio the FLOPs ratio sentence
 */

/**
 * Builds the layout.
 * @param {Document} doc
 * @returns {CalculatorLayout}
 */
export function buildCalculatorLayout(doc) {
  const presetButtons = PRESETS.map(
    (p) =>
      /** @type {HTMLButtonElement} */ (
        el(
          doc,
          "button",
          {
            type: "button",
            className: "mechanism-preset",
            "data-preset": p.id,
            "aria-pressed": "false",
          },
          [
            el(doc, "span", {
              className: "mechanism-preset__name",
              text: p.name,
            }),
            el(doc, "span", {
              className: "mechanism-preset__sizes",
              text: `${fmt(p.dModel)} wide, ${p.heads} heads`,
            }),
          ],
        )
      ),
  );
  // A number field; the error line describes every field, a hint only its own.
  const field = (id, label, hint) => {
    const input = /** @type {HTMLInputElement} */ (
      el(doc, "input", {
        type: "number",
        id,
        min: "1",
        step: "1",
        inputmode: "numeric",
        "aria-describedby": hint
          ? `${id}-hint mechanism-calc-error`
          : "mechanism-calc-error",
      })
    );
    const wrap = el(doc, "div", { className: "mechanism-field" }, [
      el(doc, "label", { for: id }, withMath(doc, label)),
      input,
      ...(hint
        ? [el(doc, "span", { className: "note", id: `${id}-hint`, text: hint })]
        : []),
    ]);
    return { input, wrap };
  };
  const dModel = field("mechanism-dmodel", CALCULATOR.dModel);
  const heads = field("mechanism-heads", CALCULATOR.heads);
  const context = field(
    "mechanism-context",
    CALCULATOR.context,
    CALCULATOR.contextHint,
  );

  const error = el(doc, "p", {
    className: "error mechanism-calc__error",
    id: "mechanism-calc-error",
    "aria-live": "polite",
  });
  const summary = el(doc, "p", {
    className: "mechanism-calc__summary",
    "aria-live": "polite",
  });
  const tableBox = el(doc, "div", {
    className: "mechanism-calc__table",
    tabindex: "0",
    role: "region",
    "aria-label": CALCULATOR.tableLabel,
  });
  const ratio = el(doc, "p", { className: "mechanism-calc__ratio" });
  const results = el(doc, "div", { className: "mechanism-calc__results" }, [
    summary,
    tableBox,
    ratio,
  ]);

  return {
    elements: [
      el(
        doc,
        "div",
        {
          className: "mechanism-presets",
          role: "group",
          "aria-label": CALCULATOR.presetsLabel,
        },
        presetButtons,
      ),
      el(doc, "div", { className: "mechanism-fields" }, [
        dModel.wrap,
        heads.wrap,
        context.wrap,
      ]),
      error,
      results,
    ],
    presetButtons,
    dModel: dModel.input,
    heads: heads.input,
    context: context.input,
    error,
    results,
    summary,
    tableBox,
    ratio,
  };
}
