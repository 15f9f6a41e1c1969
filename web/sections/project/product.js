// Renderers of #project's stages 2 to 4's matrices: the concatenation, the
// product concat × W_O, and the output it gives.
import { renderMatrix } from "../../components/matrix.js";
import {
  PROJECT_D_K,
  PROJECT_D_MODEL,
  PROJECT_HEADS,
  PROJECT_SEED,
} from "./example.js";
import { headGroups, numberLabels } from "./parts.js";

const H = PROJECT_HEADS;
const D = PROJECT_D_MODEL;
const DK = PROJECT_D_K;

/** The concatenation (n × d_model) as renderMatrix data. */
function concatData({ n, rowLabels, result }) {
  return {
    rows: n,
    cols: D,
    values: result.concat,
    rowLabels,
    colLabels: numberLabels(D),
    colGroups: headGroups(DK, "head"),
  };
}

/**
 * Stage 2: the concatenation, its columns grouped by head.
 * @param {HTMLElement} element
 * @param {import("./parts.js").ProjectData} data
 * @param {{ limit: number }} options the colour scale's largest magnitude
 */
export function renderConcat(element, data, options) {
  const { n } = data;
  renderMatrix(element, concatData(data), {
    label: `Concatenation, ${n} × ${D}: ${H} heads × ${DK} = ${D}`,
    showValues: true,
    digits: 2,
    limit: options.limit,
  });
}

/**
 * Stage 3: concat × W_O, W_O's rows grouped by head.
 * @param {HTMLElement} element `.project-product`: two slots around the sign
 * @param {import("./parts.js").ProjectData & { wo: Float32Array }} data
 *   wo: d_model × d_model, row-major
 * @param {{ limit: number }} options the concatenation's colour scale
 */
export function renderProduct(element, data, options) {
  const [concatSlot, woSlot] = /** @type {HTMLElement[]} */ (
    Array.from(element.querySelectorAll(":scope > .project-matrix"))
  );
  renderMatrix(concatSlot, concatData(data), {
    label: `Concat, ${data.n} × ${D}`,
    showValues: true,
    digits: 2,
    limit: options.limit,
  });
  renderMatrix(
    woSlot,
    {
      rows: D,
      cols: D,
      values: data.wo,
      rowLabels: numberLabels(D),
      colLabels: numberLabels(D),
      rowGroups: headGroups(DK, "head", " rows"),
    },
    {
      label: `W_O, ${D} × ${D} (random, seed ${PROJECT_SEED}); row blocks by head`,
      showValues: true,
      digits: 2,
    },
  );
}

/**
 * Stage 4: the layer's output.
 * @param {HTMLElement} element
 * @param {import("./parts.js").ProjectData} data
 * @param {object} [options] none yet
 */
export function renderOutput(element, data, options = {}) {
  const { n, rowLabels, result } = data;
  renderMatrix(
    element,
    {
      rows: n,
      cols: D,
      values: result.output,
      rowLabels,
      colLabels: numberLabels(D),
    },
    {
      label: `Output = concat × W_O, ${n} × ${D}`,
      showValues: true,
      digits: 2,
    },
  );
}
