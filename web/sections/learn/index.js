// Section #learn: one card per kind of head. Each card explains what trained
// models' heads of that kind do, shows the constructed head live on the
// reader's sentence, and opens up that head's W_Q and W_K.
import { renderHeatmap } from "../../components/heatmap.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { divergingGradient, renderMatrix } from "../../components/matrix.js";
import {
  CONSTRUCTED_HEADS,
  constructedModelWeights,
} from "../../constructed/run.js";
import { computeHeads } from "../../constructed/compute.js";
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { LEARN_CARDS } from "./cards.js";
import {
  FEATURE_GROUPS,
  FEATURE_LABELS,
  featuresRead,
  headColumns,
} from "../../constructed/weights.js";
import { el } from "../../components/dom.js";
import { heatmapLegend, renderLegend } from "../../components/legend.js";
import { tokenChips } from "../../components/token-chips.js";
import { D_K, D_MODEL } from "../../lib/heads.js";

/**
 * @param {HTMLElement} root
 * @param {{ mha: import("../../lib/mha.js").MHA,
 *   sentence: { get(): string, subscribe(fn: (v: string) => void): () => void } }} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const { mha, sentence } = context;
  let shown = null;
  const drawer = createDeferredDrawer();

  const intro = el(doc, "div", { className: "learn-intro" }, [
    el(doc, "p", {}, [
      "Studies that open up trained Transformers keep finding the same few kinds of head. Below, each kind gets a card: what real models' heads of that kind do, then a head of that kind running live on ",
      el(doc, "a", { href: "#heads", text: "your sentence" }),
      ".",
    ]),
    el(doc, "p", { className: "panel learn-constructed" }, [
      el(doc, "strong", { text: "Built by hand. " }),
      "A trained model finds its weights by gradient descent on a great deal of text. The heads here are constructed instead: we chose the features of each token vector and wrote W_Q and W_K so that each pattern arises through the real attention computation (scores q·k/√d_k, softmax) in the wasm core. Open “Show the weights” on any card to see exactly what a head reads. A later release of this page will put a small trained model next to them.",
    ]),
  ]);
  const problem = el(doc, "p", {
    className: "error learn-problem",
    "aria-live": "polite",
  });

  const weights = constructedModelWeights();
  const cards = LEARN_CARDS.map((card) => {
    const head = CONSTRUCTED_HEADS[card.head];
    const titleId = `learn-card-${head.id}`;
    const chips = card.chips
      ? el(doc, "div", { className: "learn-card__chips" })
      : null;
    const map = el(doc, "div", { className: "learn-card__map" });
    const details = weightsDisclosure(doc, weights, card.head);
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
              el(doc, "strong", {
                text: `How constructed head ${card.head + 1} does it: `,
              }),
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
    return { card, head, node, chips, map };
  });

  root.replaceChildren(
    intro,
    heatmapLegend(doc),
    problem,
    el(
      doc,
      "div",
      { className: "learn-cards" },
      cards.map((c) => c.node),
    ),
  );

  /** Redraws every card's heatmap from the last good result. */
  function draw() {
    for (const { card, chips } of cards) {
      if (chips) {
        chips.replaceChildren(
          tokenChips(doc, shown.tokens, {
            show: card.chips,
            label:
              card.chips === "tag"
                ? "Your tokens with their part-of-speech tags"
                : "Your tokens with their meaning classes",
          }),
        );
      }
    }
    // Each job reads `shown` when it runs: a deferred card draws the latest.
    drawer.drawAll(
      cards.map(({ card, head, map }) => [
        map,
        () =>
          renderHeatmap(
            map,
            {
              tokens: shown.tokens.map((t) => t.text),
              weights: shown.result.headWeights(card.head),
            },
            {
              label: `Head ${card.head + 1}, ${head.name}: attention weights on your sentence`,
              caption: `Head ${card.head + 1} · ${head.name}, live on your sentence`,
              tools: toolsFor(card.head, shown),
            },
          ),
      ]),
    );
  }

  function update(text) {
    const run = computeHeads(mha, text);
    if (run.problem) {
      problem.textContent = shown
        ? `${run.problem} The cards still show “${shown.text}”.`
        : run.problem;
      return;
    }
    problem.textContent = "";
    shown = run;
    draw();
  }

  sentence.subscribe(update);
  update(sentence.get());
}

/**
 * A closed <details> that draws the head's W_Q and W_K blocks when first
 * opened (they never change).
 */
function weightsDisclosure(doc, weights, head) {
  const wq = headColumns(weights.wq, head);
  const wk = headColumns(weights.wk, head);
  const body = el(doc, "div", { className: "learn-weights" });
  const details = el(doc, "details", { className: "learn-card__weights" }, [
    el(doc, "summary", {
      text: `Show the weights of head ${head + 1} (W_Q and W_K)`,
    }),
    body,
  ]);
  const list = (names) => names.join(", ") || "nothing";
  details.addEventListener("toggle", () => {
    if (!details.open || body.childElementCount) return;
    const qMap = el(doc, "div", { className: "learn-weights__matrix" });
    const kMap = el(doc, "div", { className: "learn-weights__matrix" });
    body.append(
      el(doc, "p", {
        text: `Its query reads: ${list(featuresRead(wq))}. Its key reads: ${list(featuresRead(wk))}.`,
      }),
      el(doc, "p", {
        className: "note",
        text: `Rows: the ${D_MODEL} features of a token vector, grouped by colour (constant, position, word identity, part of speech, meaning class, two flags, unused). Columns: this head's ${D_K} query or key dimensions, columns ${head * D_K}–${head * D_K + D_K - 1} of the full matrices. Orange is positive, blue negative, white zero; each matrix uses its own scale. A row of white means the head ignores that feature.`,
      }),
      renderLegend(doc, {
        gradient: divergingGradient(),
        low: "negative",
        high: "positive (white: zero)",
      }),
      el(doc, "div", { className: "learn-weights__pair" }, [qMap, kMap]),
    );
    /** @type {[HTMLElement, Float32Array, string, string][]} */
    const matrices = [
      [qMap, wq, "W_Q", "q"],
      [kMap, wk, "W_K", "k"],
    ];
    for (const [target, values, name, letter] of matrices) {
      renderMatrix(
        target,
        {
          rows: D_MODEL,
          cols: D_K,
          values,
          rowLabels: FEATURE_LABELS,
          colLabels: [...Array(D_K).keys()].map((c) => `${letter}${c}`),
          rowGroups: FEATURE_GROUPS,
        },
        {
          label: `${name} of head ${head + 1}: ${D_MODEL} features × ${D_K} dimensions`,
          caption: `${name}, head ${head + 1}`,
          showValues: true,
          digits: 1,
        },
      );
    }
  });
  return details;
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
