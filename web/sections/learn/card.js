// Renderers of one #learn card's live part: the token chips (tags or
// meaning classes) and the head's heatmap on the reader's sentence, with
// its download and embed tools.
import { renderHeatmap } from "../../components/heatmap.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { tokenChips } from "../../components/token-chips.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { chipsLabel, heatmapText } from "./text.js";

/**
 * @param {HTMLElement} element the card's chips slot
 * @param {{ tokens: object[] }} data the run's tokens
 * @param {{ show: "tag" | "sense" }} options what each chip shows
 */
export function renderCardChips(element, data, options) {
  element.replaceChildren(
    tokenChips(element.ownerDocument, data.tokens, {
      show: options.show,
      label: chipsLabel(options.show),
    }),
  );
}

/**
 * @param {HTMLElement} element the card's heatmap slot
 * @param {{ run: { text: string, tokens: { text: string }[], x: object,
 *   result: { headWeights(h: number): Float32Array } } }} data the
 *   constructed heads on the reader's sentence (computeHeads)
 * @param {{ head: number }} options which constructed head
 */
export function renderCardMap(element, data, options) {
  const { run } = data;
  const h = options.head;
  renderHeatmap(
    element,
    {
      tokens: run.tokens.map((t) => t.text),
      weights: run.result.headWeights(h),
    },
    { ...heatmapText(h, CONSTRUCTED_HEADS[h].name), tools: toolsFor(h, run) },
  );
}

/** Download and embed tools of head `h`'s heatmap on the run `run`. */
function toolsFor(h, run) {
  const id = CONSTRUCTED_HEADS[h].id;
  return {
    name: `learn-${id}`,
    getResult: () => run.result,
    getExtra: () => ({ sentence: run.text, head: id, inputs: { x: run.x } }),
    embedCode: () => headEmbedCode({ sentence: run.text, head: id }),
  };
}
