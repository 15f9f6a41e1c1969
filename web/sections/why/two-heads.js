// Renderer of #why's two-head panel: one heatmap per head (cat's row
// outlined) and the sentence with what cat gives each relation.
import { el } from "../../components/dom.js";
import { percent, renderHeatmap } from "../../components/heatmap.js";
import { CAT, SAT, THE, WHY_TOKENS, attentionRow } from "./example.js";
import { rowCells } from "./parts.js";
import { HEAD_NAMES } from "./text.js";

/**
 * Draws the panel built by layout.js from the two-head result.
 * @param {HTMLElement} element the panel
 * @param {{ result: import("../../lib/mha.js").ForwardResult }} data the
 *   core's forward result (weights: heads × n × n, row-major)
 * @param {{ embedCode: () => string }} options the heatmaps' embed code
 */
export function renderTwoHeads(element, data, options) {
  const doc = element.ownerDocument;
  const { result } = data;
  const n = result.n;
  const figures = /** @type {HTMLElement[]} */ (
    Array.from(element.querySelectorAll(".why-head"))
  );
  figures.forEach((fig, h) => {
    renderHeatmap(
      fig,
      {
        tokens: [...WHY_TOKENS],
        weights: result.weights.subarray(h * n * n, (h + 1) * n * n),
      },
      {
        label: HEAD_NAMES[h],
        caption: `${HEAD_NAMES[h]} (cat’s row outlined)`,
        highlight: rowCells(CAT),
        tools: {
          name: `why-two-heads-${h + 1}`,
          getResult: () => result,
          embedCode: options.embedCode,
        },
      },
    );
  });
  const determiner = attentionRow(result, 0, CAT)[THE];
  const verb = attentionRow(result, 1, CAT)[SAT];
  /** @type {HTMLElement} */ (
    element.querySelector(".why-two-summary")
  ).replaceChildren(
    "In head 1, “cat” gives ",
    el(doc, "strong", { className: "why-value", text: percent(determiner) }),
    " to “The”; in head 2, it gives ",
    el(doc, "strong", { className: "why-value", text: percent(verb) }),
    " to “sat”. Both relations are captured at the same time, each " +
      "in its own head, and each head’s row still adds up to 100%.",
  );
}
