// Renderer of #project's stage 1: each head's output (n × d_k) in its own
// frame, titled and coloured by head.
import { el } from "../../components/dom.js";
import { renderMatrix } from "../../components/matrix.js";
import { PROJECT_D_K } from "./example.js";
import { numberLabels } from "./parts.js";

const DK = PROJECT_D_K;

/**
 * @param {HTMLElement} element holds one `.project-head` frame per head
 * @param {import("./parts.js").ProjectData} data
 * @param {{ limit: number }} options the colour scale's largest magnitude
 */
export function renderHeadOutputs(element, data, options) {
  const doc = element.ownerDocument;
  const { n, rowLabels, result } = data;
  const frames = /** @type {HTMLElement[]} */ (
    Array.from(element.querySelectorAll(":scope > .project-head"))
  );
  frames.forEach((frame, h) => {
    const title = el(doc, "p", {
      className: "project-head__title",
      text: `Head ${h + 1}`,
    });
    const slot = el(doc, "div");
    frame.replaceChildren(title, slot);
    renderMatrix(
      slot,
      {
        rows: n,
        cols: DK,
        values: result.headOutputs.subarray(h * n * DK, (h + 1) * n * DK),
        rowLabels,
        colLabels: numberLabels(DK),
      },
      {
        label: `Head ${h + 1} output, ${n} × ${DK}`,
        caption: `output, ${n} × ${DK}`,
        showValues: true,
        digits: 2,
        limit: options.limit,
      },
    );
  });
}
