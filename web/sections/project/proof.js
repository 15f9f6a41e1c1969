// Renderers of #project's proof (stage 4): the choice of token, that token's
// per-head contributions with their sum and the output row, and the sentence
// that gives the largest difference between the two.
import { el } from "../../components/dom.js";
import { renderMatrix } from "../../components/matrix.js";
import { PROJECT_D_MODEL, PROJECT_HEADS } from "./example.js";
import { headLabel, numberLabels } from "./parts.js";

const H = PROJECT_HEADS;
const D = PROJECT_D_MODEL;

/** Difference in compact scientific notation ("2.4e-8"), or "0". */
function formatDifference(d) {
  return d === 0 ? "0" : d.toExponential(1).replace("e-", "e−");
}

/**
 * One option per token ("1. word"), `options.selected` chosen.
 * @param {HTMLSelectElement} element
 * @param {{ tokens: { text: string }[] }} data
 * @param {{ selected: number }} options
 */
export function renderTokenChoice(element, data, options) {
  const doc = element.ownerDocument;
  element.replaceChildren(
    ...data.tokens.map((t, i) =>
      el(doc, "option", { text: `${i + 1}. ${t.text}`, value: String(i) }),
    ),
  );
  element.value = String(options.selected);
}

/**
 * The token's h contributions, their sum and the output row.
 * @param {HTMLElement} element
 * @param {{ word: string, rows: Float32Array }} data
 *   rows: (h + 2) × d_model, row-major (example.js tokenBreakdown)
 * @param {object} [options] none yet
 */
export function renderProof(element, data, options = {}) {
  renderMatrix(
    element,
    {
      rows: H + 2,
      cols: D,
      values: data.rows,
      rowLabels: [
        ...Array.from({ length: H }, (_, h) => `${headLabel(h)} part`),
        `sum of the ${H}`,
        "output row",
      ],
      colLabels: numberLabels(D),
      rowGroups: Array.from({ length: H }, (_, h) => ({
        start: h,
        size: 1,
        label: headLabel(h),
      })),
    },
    {
      label: `Contributions of the ${H} heads to “${data.word}”, their sum, and the output row`,
      showValues: true,
      digits: 3,
    },
  );
}

/**
 * The largest difference between the output and the sum of contributions,
 * for the token (`here`) and over every token (`all`).
 * @param {HTMLElement} element
 * @param {{ word: string, here: number, all: number }} data
 * @param {object} [options] none yet
 */
export function renderDifference(element, data, options = {}) {
  const doc = element.ownerDocument;
  const { word, here, all } = data;
  element.replaceChildren(
    `For “${word}”, the largest difference between the output row and the sum of the contributions is `,
    el(doc, "strong", {
      className: "project-difference__value",
      text: formatDifference(here),
      "data-value": String(here),
    }),
    "; over every token and column it is ",
    el(doc, "span", {
      className: "project-difference__all",
      text: formatDifference(all),
      "data-value": String(all),
    }),
    ". That is rounding in the last digits of 32-bit numbers: the two are equal.",
  );
}
