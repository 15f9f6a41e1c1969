// Renderer of #project's disclosed inputs: the token vectors X and the
// random W_Q, W_K, W_V, one matrix per slot of the inputs' grid.
import { renderMatrix } from "../../components/matrix.js";
import { PROJECT_D_K, PROJECT_D_MODEL, PROJECT_SEED } from "./example.js";
import { headGroups, numberLabels } from "./parts.js";

const D = PROJECT_D_MODEL;

/**
 * @param {HTMLElement} element the inputs' grid, with four empty slots
 * @param {{ n: number, rowLabels: string[], x: Float32Array,
 *   weights: { wq: Float32Array, wk: Float32Array, wv: Float32Array } }} data
 *   x: n × d_model, row-major; each weight: d_model × d_model, row-major
 * @param {object} [options] none yet
 */
export function renderInputs(element, data, options = {}) {
  const slots = /** @type {HTMLElement[]} */ (Array.from(element.children));
  const { n, rowLabels, x, weights } = data;
  renderMatrix(
    slots[0],
    { rows: n, cols: D, values: x, rowLabels, colLabels: numberLabels(D) },
    {
      label: "Token vectors X (random word vector + position)",
      showValues: true,
      digits: 2,
    },
  );
  ["wq", "wk", "wv"].forEach((name, k) =>
    renderMatrix(
      slots[k + 1],
      {
        rows: D,
        cols: D,
        values: weights[name],
        rowLabels: numberLabels(D),
        colLabels: numberLabels(D),
        colGroups: headGroups(PROJECT_D_K, "head"),
      },
      {
        label: `${["W_Q", "W_K", "W_V"][k]} (random, seed ${PROJECT_SEED})`,
        showValues: true,
        digits: 2,
      },
    ),
  );
}
