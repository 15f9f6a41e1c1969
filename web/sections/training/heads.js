// The #training section's head cards: for every head of the model in training, its
// attention on the shown probe sequence (a heatmap thumbnail), the core's
// label and its previous-token and induction scores on the probe. Built
// once per run, then redrawn from each "heads" message of the loop.
import { renderHeatmap } from "../../components/heatmap.js";
import { el } from "../../components/dom.js";
import { headName } from "../../components/format.js";
import { fmt } from "./plots.js";

const integer = new Intl.NumberFormat("en-US");

/**
 * Empty cards, one per head, grouped by layer.
 * @param {HTMLElement} element
 * @param {{ layers: number, heads: number }} settings
 * @returns {Map<string, { card: HTMLElement, label: HTMLElement,
 *   scores: HTMLElement, map: HTMLElement }>} by headName
 */
export function buildHeadCards(element, settings) {
  const doc = element.ownerDocument;
  const cards = new Map();
  const layers = [];
  for (let layer = 0; layer < settings.layers; layer++) {
    const row = el(doc, "div", { className: "training-layer" });
    for (let head = 0; head < settings.heads; head++) {
      const name = headName({ layer, head });
      const label = el(doc, "span", {
        className: "training-head__label",
        text: "–",
      });
      const scores = el(doc, "p", {
        className: "training-head__scores",
        text: "\u00a0",
      });
      const map = el(doc, "div", { className: "training-head__map" });
      const card = el(
        doc,
        "article",
        {
          className: "training-head",
          "data-head": name,
          "aria-label": `Layer ${layer}, head ${head}`,
        },
        [
          el(doc, "h4", {}, [`Layer ${layer}, head ${head} `, label]),
          scores,
          map,
        ],
      );
      cards.set(name, { card, label, scores, map });
      row.append(card);
    }
    layers.push(
      el(doc, "div", { className: "training-layer-group" }, [
        el(doc, "h4", {
          className: "training-layer__title",
          text: `Layer ${layer}`,
        }),
        row,
      ]),
    );
  }
  element.replaceChildren(...layers);
  return cards;
}

/**
 * Fills the cards from a "heads" message.
 * @param {ReturnType<typeof buildHeadCards>} cards
 * @param {{ step: number, heads: object[], weights: Float32Array[] }} message
 * @param {string[]} tokens  the shown sequence
 */
export function renderHeadCards(cards, message, tokens) {
  message.heads.forEach((h, i) => {
    const c = cards.get(headName(h));
    if (!c) return;
    c.label.textContent = h.label;
    c.card.dataset.label = h.label;
    c.card.dataset.previousToken = String(h.previousToken);
    c.card.dataset.induction = String(h.induction);
    c.card.dataset.step = String(message.step);
    c.scores.textContent = `previous-token ${fmt(h.previousToken)} · induction ${fmt(h.induction)}`;
    renderHeatmap(
      c.map,
      { tokens, weights: message.weights[i] },
      {
        label: `Layer ${h.layer}, head ${h.head} at step ${integer.format(message.step)}: attention on the shown sequence`,
        caption: `Step ${integer.format(message.step)}`,
        compact: true,
      },
    );
  });
}
