// The fixed layout of section #why, built once from text.js: the opening,
// the single-head panel (slider, bar, readouts, heatmap), the two-head
// panel, the hand-built weights' disclosure and the closing line, with empty
// slots that one-head.js, two-heads.js and weights.js fill.
import { el } from "../../components/dom.js";
import { withMath } from "../../components/math.js";
import {
  CLOSING,
  HEAD_NAMES,
  INTRO,
  ONE_HEAD,
  TWO_HEADS,
  WEIGHTS,
} from "./text.js";

/** The slider: 0 to MAX in steps of STEP, starting at START (aim × MAX). */
export const SLIDER = { MAX: 100, STEP: 5, START: 60 };

/**
 * The single-head panel: the slider and the empty drawings it drives.
 * @param {Document} doc
 * @returns {{ element: HTMLElement, slider: HTMLInputElement,
 *   bestText: HTMLElement }}
 */
function buildOneHeadPanel(doc) {
  const slider = el(doc, "input", {
    type: "range",
    id: "why-aim",
    min: "0",
    max: String(SLIDER.MAX),
    step: String(SLIDER.STEP),
    value: String(SLIDER.START),
  });
  const end = (text) =>
    el(doc, "span", { className: "why-slider__end", "aria-hidden": "true" }, [
      text,
    ]);
  const control = el(doc, "div", { className: "why-slider" }, [
    el(doc, "label", { for: "why-aim", text: ONE_HEAD.sliderLabel }),
    el(doc, "div", { className: "why-slider__track" }, [
      end(ONE_HEAD.sliderStart),
      slider,
      end(ONE_HEAD.sliderEnd),
    ]),
    el(doc, "output", {
      id: "why-aim-value",
      for: "why-aim",
      className: "why-slider__value",
    }),
  ]);
  const bestText = el(doc, "p", { className: "why-best" });
  const element = el(doc, "div", { className: "panel why-panel" }, [
    el(doc, "h3", { text: ONE_HEAD.title }),
    el(doc, "p", { text: ONE_HEAD.lead }),
    control,
    el(doc, "figure", { className: "why-bar-figure" }, [
      el(doc, "figcaption", { text: ONE_HEAD.barCaption }),
      el(doc, "div", { className: "why-bar", role: "img" }),
      el(doc, "ul", { className: "why-bar__legend" }),
    ]),
    el(doc, "p", { className: "why-total" }),
    el(doc, "p", {
      className: "why-readout",
      "aria-live": "polite",
      id: "why-readout",
    }),
    bestText,
    el(doc, "div", { className: "why-heatmap", id: "why-one-head" }),
  ]);
  return { element, slider, bestText };
}

/** The two-head panel: one empty heatmap frame per head and a summary. */
function buildTwoHeadPanel(doc) {
  return el(doc, "div", { className: "panel why-panel" }, [
    el(doc, "h3", { text: TWO_HEADS.title }),
    el(doc, "p", { text: TWO_HEADS.lead }),
    el(
      doc,
      "div",
      { className: "why-heads" },
      HEAD_NAMES.map((_, h) =>
        el(doc, "div", {
          className: `why-head matrix__edge--${h}`,
          id: `why-head-${h + 1}`,
        }),
      ),
    ),
    el(doc, "p", { className: "why-two-summary" }),
  ]);
}

/**
 * Builds the whole section's layout.
 * @param {Document} doc
 * @returns {{ elements: HTMLElement[], slider: HTMLInputElement,
 *   onePanel: HTMLElement, bestText: HTMLElement, twoPanel: HTMLElement,
 *   oneWeights: HTMLElement, twoWeights: HTMLElement }}
 *   elements: the section's children, in order
 */
export function buildLayout(doc) {
  const intro = el(
    doc,
    "div",
    { className: "why-intro" },
    INTRO.map((text) => el(doc, "p", { text })),
  );
  const one = buildOneHeadPanel(doc);
  const twoPanel = buildTwoHeadPanel(doc);
  const oneWeights = el(doc, "div", { className: "why-weights__grid" });
  const twoWeights = el(doc, "div", { className: "why-weights__grid" });
  const details = el(doc, "details", { className: "why-weights" }, [
    el(doc, "summary", { text: WEIGHTS.summary }),
    el(doc, "p", {}, withMath(doc, WEIGHTS.note)),
    el(doc, "h4", {}, withMath(doc, WEIGHTS.oneTitle)),
    oneWeights,
    el(doc, "h4", {}, withMath(doc, WEIGHTS.twoTitle)),
    twoWeights,
  ]);
  const closing = el(doc, "p", { text: CLOSING });
  return {
    elements: [intro, one.element, twoPanel, details, closing],
    slider: one.slider,
    onePanel: one.element,
    bestText: one.bestText,
    twoPanel,
    oneWeights,
    twoWeights,
  };
}
