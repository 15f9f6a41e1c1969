// Section #why, "Why one head isn't enough": on "The cat sat", one head gives
// "cat" a single distribution over the keys, so steering it towards one
// relation takes weight from the other; two heads hold both relations at
// once. Every percentage is read from mha.forward() on the hand-built
// examples of example.js.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; the core runs on each slider move (and once for the two-head
// model and the fairest split); one-head.js, two-heads.js and weights.js draw
// from the kept results.
import { iframeCode } from "../../components/section-tools.js";
import { embedURL } from "../../embed/url-state.js";
import {
  CAT,
  attentionRow,
  fairestSplit,
  singleHeadArgs,
  twoHeadArgs,
} from "./example.js";
import { SLIDER, buildLayout } from "./layout.js";
import { renderFairestSplit, renderOneHead } from "./one-head.js";
import { HEAD_NAMES } from "./text.js";
import { renderTwoHeads } from "./two-heads.js";
import { renderWeights } from "./weights.js";

/**
 * Builds section #why inside `root`.
 * @param {HTMLElement} root the empty section container
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, { mha }) {
  const doc = root.ownerDocument;
  const layout = buildLayout(doc);
  root.replaceChildren(...layout.elements);
  const tools = { embedCode: whyEmbedCode };

  // ---- Computation (the core) ------------------------------------------
  const aimOf = (value) => Number(value) / SLIDER.MAX;

  /** Last single-head state: the slider's aim, its args, result and cat's row. */
  let one = null;
  const computeOne = () => {
    const aim = aimOf(layout.slider.value);
    const args = singleHeadArgs(aim);
    const result = mha.forward(args);
    one = { aim, args, result, row: attentionRow(result, 0, CAT) };
  };

  const aims = [];
  for (let v = 0; v <= SLIDER.MAX; v += SLIDER.STEP) aims.push(aimOf(v));
  const best = fairestSplit(mha, aims);

  const two = { args: twoHeadArgs() };
  two.result = mha.forward(two.args);

  // ---- Drawing (from the kept results only) ------------------------------
  renderFairestSplit(layout.bestText, best);

  const drawOne = () => {
    renderOneHead(layout.onePanel, one, tools);
    renderWeights(layout.oneWeights, one.args);
  };

  const drawTwo = () => {
    const { args, result } = two;
    renderTwoHeads(layout.twoPanel, { result }, tools);
    renderWeights(layout.twoWeights, args, {
      groups: HEAD_NAMES.map((name, h) => ({
        start: h * result.dK,
        size: result.dK,
        label: `Head ${h + 1}`,
      })),
    });
  };

  computeOne();
  drawOne();
  drawTwo();

  layout.slider.addEventListener("input", () => {
    computeOne();
    drawOne();
  });
}

/** The iframe code that embeds this section (its heatmaps' "Copy embed code"). */
function whyEmbedCode() {
  return iframeCode({
    src: embedURL(document.baseURI, {
      section: "why",
      sentence: "The cat sat",
    }),
    title: "Multi-head attention: why one head isn't enough",
    height: 1500,
  });
}
