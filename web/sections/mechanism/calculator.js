// The dimension-splitting calculator of section #mechanism: for a width d_model, a
// head count h and a context length n, it asks the core (mha.cost) for the
// head width, the parameters and the FLOPs per token, once for h heads and
// once for a single head of the full width, and shows them side by side.
// Invalid sizes show the core's own error message.
//
// This file is the wiring only: the layout (calculator-layout.js, words in
// text.js) is built once; the core runs on each preset or field change;
// calculator-state.js, cost-summary.js, cost-table.js and cost-ratio.js draw
// from the kept result.
import { renderCalculatorState } from "./calculator-state.js";
import { buildCalculatorLayout } from "./calculator-layout.js";
import { renderCostRatio } from "./cost-ratio.js";
import { renderCostSummary } from "./cost-summary.js";
import { renderCostTable } from "./cost-table.js";
import { DEFAULT_CONTEXT, PRESETS } from "./example.js";

/**
 * Builds the calculator inside `root` and computes the first preset.
 * @param {HTMLElement} root an empty container
 * @param {import("../../lib/mha.js").MHA} mha
 */
export function mountCalculator(root, mha) {
  const layout = buildCalculatorLayout(root.ownerDocument);
  root.replaceChildren(...layout.elements);
  const fields = [layout.dModel, layout.heads, layout.context];

  /** The preset last chosen, while the inputs still match it. */
  let chosen = null;
  /** @type {import("./cost-summary.js").CostComparison | null} the last valid computation */
  let last = null;

  /** @returns {import("./calculator-state.js").Sizes} */
  const readSizes = () => {
    const num = (input) => (input.value === "" ? 0 : Number(input.value));
    return {
      n: num(layout.context),
      dModel: num(layout.dModel),
      heads: num(layout.heads),
    };
  };

  /** Asks the core; returns its error, or null when `last` was updated. */
  const compute = () => {
    const sizes = readSizes();
    try {
      const split = mha.cost(sizes);
      const single = mha.cost({ ...sizes, heads: 1 });
      last = { sizes, split, single };
      return null;
    } catch (e) {
      return e;
    }
  };

  const draw = (failure) => {
    renderCalculatorState(layout, { failure, sizes: readSizes(), chosen });
    if (failure) return;
    renderCostSummary(layout.summary, last);
    renderCostTable(layout.tableBox, last);
    renderCostRatio(layout.ratio, last);
  };

  const update = () => draw(compute());

  const setSizes = (p) => {
    layout.dModel.value = String(p.dModel);
    layout.heads.value = String(p.heads);
  };

  layout.presetButtons.forEach((button, k) => {
    button.addEventListener("click", () => {
      chosen = PRESETS[k].id;
      setSizes(PRESETS[k]);
      update();
    });
  });
  for (const input of fields) {
    input.addEventListener("input", () => {
      const p = PRESETS.find((q) => q.id === chosen);
      const s = readSizes();
      if (p && (p.dModel !== s.dModel || p.heads !== s.heads)) chosen = null;
      update();
    });
  }

  chosen = PRESETS[0].id;
  setSizes(PRESETS[0]);
  layout.context.value = String(DEFAULT_CONTEXT);
  update();
}
