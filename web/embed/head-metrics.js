// The pattern readout under each heatmap of <mha-heads>: three of the core's
// pattern metrics of the head on the sentence shown (mha.patternMetrics),
// as a small description list. The numbers are the core's; this file only
// picks and formats them.
import { el } from "../components/dom.js";
import { percent } from "../components/format.js";

/**
 * The metrics shown, in order: the core's field name, the term, and how
 * its value reads.
 * @type {readonly { metric: "previousToken" | "selfMass" | "entropyNormalized",
 *   term: string, text: (v: number) => string }[]}
 */
export const READOUT_METRICS = Object.freeze([
  { metric: "previousToken", term: "On the previous token", text: percent },
  { metric: "selfMass", term: "On itself", text: percent },
  {
    metric: "entropyNormalized",
    term: "Spread (entropy)",
    text: (v) => `${percent(v)} of the maximum`,
  },
]);

/**
 * The core's pattern metrics of one head on one run.
 * @param {import("../lib/mha.js").MHA} mha
 * @param {Float32Array} weights the head's n × n attention weights
 * @param {number} n tokens
 * @param {boolean} causal whether the run used the causal mask
 */
export function headPatternMetrics(mha, weights, n, causal) {
  return mha.patternMetrics(weights, n, { causal });
}

/**
 * Fills `element` (a <dl>) with the readout of `metrics`, replacing what
 * it held. Each <dd> carries the core's value in data-value.
 * @param {HTMLElement} element
 * @param {import("../lib/mha.js").PatternMetrics} metrics
 */
export function renderHeadMetrics(element, metrics) {
  const doc = element.ownerDocument;
  element.replaceChildren(
    ...READOUT_METRICS.map(({ metric, term, text }) =>
      el(doc, "div", { className: "mha__metric" }, [
        el(doc, "dt", { text: term }),
        el(doc, "dd", {
          "data-metric": metric,
          "data-value": String(metrics[metric]),
          text: text(metrics[metric]),
        }),
      ]),
    ),
  );
}
