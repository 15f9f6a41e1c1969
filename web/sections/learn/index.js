// Section #learn: one card per kind of head. Each card explains what trained
// models' heads of that kind do, shows the constructed head live on the
// reader's sentence, and opens up that head's W_Q and W_K.
//
// This file is the wiring only: the layout (layout.js, words in text.js and
// cards.js) is built once; the core runs once per sentence change; each card
// redraws from the kept run through card.js (deferred until it is near the
// screen), and weights.js draws a head's weights when first opened.
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { computeHeads } from "../../constructed/compute.js";
import { constructedModelWeights } from "../../constructed/run.js";
import { headColumns } from "../../constructed/weights.js";
import { renderCardChips, renderCardMap } from "./card.js";
import { buildLayout } from "./layout.js";
import { problemText } from "./text.js";
import { renderHeadWeights } from "./weights.js";

/**
 * @param {HTMLElement} root
 * @param {{ mha: import("../../lib/mha.js").MHA,
 *   sentence: { get(): string, subscribe(fn: (v: string) => void): () => void } }} context
 */
export function mount(root, context) {
  const { mha, sentence } = context;
  let shown = null;
  const drawer = createDeferredDrawer();

  const layout = buildLayout(root.ownerDocument);
  root.replaceChildren(...layout.children);
  const weights = constructedModelWeights();
  for (const { card, details, weights: body } of layout.cards) {
    // The weights never change: drawn once, when first opened.
    details.addEventListener("toggle", () => {
      if (!details.open || body.childElementCount) return;
      const data = {
        wq: headColumns(weights.wq, card.head),
        wk: headColumns(weights.wk, card.head),
      };
      renderHeadWeights(body, data, { head: card.head });
    });
  }

  /** Redraws every card from the last good result. */
  function draw() {
    for (const { card, chips } of layout.cards) {
      if (chips) renderCardChips(chips, shown, { show: card.chips });
    }
    // Each job reads `shown` when it runs: a deferred card draws the latest.
    drawer.drawAll(
      layout.cards.map(({ card, map }) => [
        map,
        () => renderCardMap(map, { run: shown }, { head: card.head }),
      ]),
    );
  }

  function update(text) {
    const run = computeHeads(mha, text);
    if (run.problem) {
      layout.problem.textContent = problemText(
        run.problem,
        shown ? shown.text : null,
      );
      return;
    }
    layout.problem.textContent = "";
    shown = run;
    draw();
  }

  sentence.subscribe(update);
  update(sentence.get());
}
