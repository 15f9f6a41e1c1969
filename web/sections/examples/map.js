// Renderers of #examples' panel: the example's words, its heatmap with the
// outlined cells and download/embed tools, and the share under it.
import { renderHeatmap } from "../../components/heatmap.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { heatmapText, ruleNote, shareText } from "./text.js";

/**
 * The example's description and its rule.
 * @param {{ about: HTMLElement, rule: HTMLElement }} element the two slots
 * @param {{ about: string, rule: string }} data the example
 */
export function renderExampleText(element, data) {
  element.about.textContent = data.about;
  element.rule.textContent = ruleNote(data.rule);
}

/**
 * The head's heatmap on the kept sentence, the cells outlined.
 * @param {HTMLElement} element
 * @param {{ kept: { text: string, tokens: { text: string }[],
 *   weights: Float32Array, result: object }, cells: Set<string> }} data
 * @param {{ head: number, id: string, name: string }} options the
 *   constructed head: its index, id and name
 */
export function renderExampleMap(element, data, options) {
  const { kept, cells } = data;
  const { head, id, name } = options;
  renderHeatmap(
    element,
    { tokens: kept.tokens.map((t) => t.text), weights: kept.weights },
    {
      ...heatmapText(head, name),
      highlight: cells,
      tools: {
        name: `example-${id}`,
        getResult: () => kept.result,
        getExtra: () => ({ sentence: kept.text, head: id }),
        embedCode: () => headEmbedCode({ sentence: kept.text, head: id }),
      },
    },
  );
}

/**
 * The sentence under the heatmap.
 * @param {HTMLElement} element
 * @param {{ share: { mean: number | null, rows: { row: number, share: number }[] },
 *   tokens: { text: string }[] }} data
 */
export function renderShare(element, data) {
  element.textContent = shareText(data.share, data.tokens);
}
