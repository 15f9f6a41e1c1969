// Renderer of one of #why's hand-built models: its token vectors X, W_Q and
// W_K (W_V = W_O = W_K = identity, so they are not shown).
import { el } from "../../components/dom.js";
import { renderMatrix } from "../../components/matrix.js";
import { WHY_TOKENS } from "./example.js";

/**
 * @param {HTMLElement} element emptied and filled with three matrices
 * @param {import("../../lib/mha.js").ForwardArgs} data the model's forward()
 *   arguments: x is n × d_model, wq and wk d_model × d_model, row-major
 * @param {{ groups?: { start: number, size: number, label: string }[] }}
 *   [options] column groups of W_Q and W_K (one per head)
 */
export function renderWeights(element, data, options = {}) {
  const doc = element.ownerDocument;
  const { n, dModel } = data;
  const features = Array.from({ length: dModel }, (_, c) => String(c));
  const boxes = ["x", "wq", "wk"].map(() => el(doc, "div"));
  renderMatrix(
    boxes[0],
    {
      rows: n,
      cols: dModel,
      values: data.x,
      rowLabels: [...WHY_TOKENS],
      colLabels: features,
    },
    {
      label: `Token vectors X (${n} × ${dModel})`,
      showValues: true,
      digits: 0,
      limit: 1,
      compact: false,
    },
  );
  for (const [k, name] of /** @type {[number, "wq" | "wk"][]} */ ([
    [1, "wq"],
    [2, "wk"],
  ])) {
    renderMatrix(
      boxes[k],
      {
        rows: dModel,
        cols: dModel,
        values: data[name],
        rowLabels: features,
        colLabels: features,
        colGroups: options.groups,
      },
      {
        label: `${name === "wq" ? "W^Q" : "W^K"} (${dModel} × ${dModel})`,
        showValues: true,
        digits: 1,
      },
    );
  }
  element.replaceChildren(...boxes);
}
