// The fixed layout of section #learn, built once from text.js and cards.js:
// the introduction, the legend, the problem line and one card per kind of
// head, each with the empty slots its renderers fill (chips, heatmap,
// weights).
import { el } from "../../components/dom.js";
import { heatmapLegend } from "../../components/legend.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { LEARN_CARDS } from "./cards.js";
import {
  CONSTRUCTED_NOTE,
  INTRO_LEAD,
  howTitle,
  weightsSummary,
} from "./text.js";

/** The two paragraphs above the cards. */
function buildIntro(doc) {
  return el(doc, "div", { className: "learn-intro" }, [
    el(doc, "p", {}, [
      INTRO_LEAD.before,
      el(doc, "a", INTRO_LEAD.link),
      INTRO_LEAD.after,
    ]),
    el(doc, "p", { className: "panel learn-constructed" }, [
      el(doc, "strong", { text: CONSTRUCTED_NOTE.title }),
      CONSTRUCTED_NOTE.text,
    ]),
  ]);
}

/**
 * One card: the research and how the constructed head does it, the live
 * slots (chips when the card has them, the heatmap) and the closed weights
 * disclosure.
 * @param {Document} doc
 * @param {(typeof LEARN_CARDS)[number]} card
 */
function buildCard(doc, card) {
  const head = CONSTRUCTED_HEADS[card.head];
  const titleId = `learn-card-${head.id}`;
  const chips = card.chips
    ? el(doc, "div", { className: "learn-card__chips" })
    : null;
  const map = el(doc, "div", { className: "learn-card__map" });
  const weights = el(doc, "div", { className: "learn-weights" });
  const details = /** @type {HTMLDetailsElement} */ (
    el(doc, "details", { className: "learn-card__weights" }, [
      el(doc, "summary", { text: weightsSummary(card.head) }),
      weights,
    ])
  );
  const node = el(
    doc,
    "article",
    {
      className: "learn-card",
      "aria-labelledby": titleId,
      "data-head": String(card.head),
    },
    [
      el(doc, "h3", { id: titleId, text: card.title }),
      el(doc, "div", { className: "learn-card__body" }, [
        el(doc, "div", { className: "learn-card__text" }, [
          ...card.research.map((text) => el(doc, "p", { text })),
          el(doc, "p", { className: "learn-card__how" }, [
            el(doc, "strong", { text: howTitle(card.head) }),
            card.how,
          ]),
        ]),
        el(doc, "div", { className: "learn-card__live" }, [
          ...(chips ? [chips] : []),
          map,
        ]),
      ]),
      details,
    ],
  );
  return { card, head, node, chips, map, details, weights };
}

/**
 * Builds the section's layout.
 * @param {Document} doc
 * @returns {{ children: HTMLElement[], problem: HTMLElement,
 *   cards: ReturnType<typeof buildCard>[] }}
 */
export function buildLayout(doc) {
  const problem = el(doc, "p", {
    className: "error learn-problem",
    "aria-live": "polite",
  });
  const cards = LEARN_CARDS.map((card) => buildCard(doc, card));
  const children = [
    buildIntro(doc),
    heatmapLegend(doc),
    problem,
    el(
      doc,
      "div",
      { className: "learn-cards" },
      cards.map((c) => c.node),
    ),
  ];
  return { children, problem, cards };
}
