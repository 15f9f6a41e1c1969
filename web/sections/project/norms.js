// Renderers of how much each head contributes (#project, stage 4): a bar
// chart of the lengths for the chosen token, and a table for every token.
import { renderBarChart, OKABE_ITO } from "../../components/bar-chart.js";
import { renderMatrix } from "../../components/matrix.js";
import { PROJECT_HEADS } from "./example.js";
import { headGroups, headLabel } from "./parts.js";

const H = PROJECT_HEADS;

/** An h × n array as n × h. */
function transpose(values, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/**
 * Every token's contribution lengths, one row per token.
 * @param {HTMLElement} element
 * @param {import("./parts.js").ProjectData} data
 * @param {object} [options] none yet
 */
export function renderNormsTable(element, data, options = {}) {
  const { n, rowLabels, result } = data;
  renderMatrix(
    element,
    {
      rows: n,
      cols: H,
      values: transpose(result.contributionNorms, H, n),
      rowLabels,
      colLabels: Array.from({ length: H }, () => "norm"),
      colGroups: headGroups(1, "head"),
    },
    {
      label: "Length of each head's contribution, for every token",
      showValues: true,
      digits: 2,
    },
  );
}

/**
 * One bar per head: the length of its contribution to the chosen token.
 * @param {HTMLElement} element
 * @param {{ word: string, norms: number[] }} data norms: h values
 * @param {object} [options] none yet
 */
export function renderNormsChart(element, data, options = {}) {
  renderBarChart(
    element,
    {
      bars: data.norms.map((value, h) => ({
        label: headLabel(h),
        value,
        color: OKABE_ITO[h],
      })),
    },
    {
      label: `Length of each head's contribution to “${data.word}”`,
      labelHeader: "Head",
      valueHeader: "Norm",
      format: (v) => v.toFixed(3),
    },
  );
}
