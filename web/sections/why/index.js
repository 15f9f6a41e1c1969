// Section #why, "Why one head isn't enough": on "The cat sat", one head gives
// "cat" a single distribution over the keys, so steering it towards one
// relation takes weight from the other; two heads hold both relations at
// once. Every percentage is read from mha.forward() on the hand-built
// examples of example.js.
import { el } from "../../components/dom.js";
import { INTRO } from "./text.js";
import { iframeCode } from "../../components/section-tools.js";
import { embedURL } from "../../embed/url-state.js";
import { withMath } from "../../components/math.js";
import { percent, renderHeatmap } from "../../components/heatmap.js";
import { renderMatrix } from "../../components/matrix.js";
import {
  CAT,
  SAT,
  THE,
  WHY_TOKENS,
  attentionRow,
  singleHeadArgs,
  twoHeadArgs,
} from "./example.js";

const SLIDER_MAX = 100;
const SLIDER_STEP = 5;
const DEFAULT_AIM = 60;

/** Names of the two relations "cat" takes part in, for labels. */
const RELATION = {
  [THE]: "its determiner",
  [CAT]: "itself",
  [SAT]: "the verb it is the subject of",
};

/**
 * Colour classes of the token segments: the shared Okabe–Ito group colours
 * (matrix.js), so "The" has head 1's colour and "sat" head 2's, as below.
 */
const SWATCH = {
  [THE]: "matrix__edge--0",
  [CAT]: "matrix__edge--7",
  [SAT]: "matrix__edge--1",
};

/** Head captions of the two-head example (head index → text). */
const HEAD_NAMES = ["Head 1: determiner ↔ noun", "Head 2: subject ↔ verb"];

/**
 * Builds section #why inside `root`.
 * @param {HTMLElement} root the empty section container
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, { mha }) {
  const doc = root.ownerDocument;
  const quote = (t) => `“${t}”`;

  // ---- Text and layout -------------------------------------------------
  const intro = el(
    doc,
    "div",
    { className: "why-intro" },
    INTRO.map((text) => el(doc, "p", { text })),
  );

  // One head.
  const slider = el(doc, "input", {
    type: "range",
    id: "why-aim",
    min: "0",
    max: String(SLIDER_MAX),
    step: String(SLIDER_STEP),
    value: String(DEFAULT_AIM),
  });
  const sliderValue = el(doc, "output", {
    id: "why-aim-value",
    for: "why-aim",
    className: "why-slider__value",
  });
  const sliderLabel = el(doc, "label", {
    for: "why-aim",
    text: "Direction of cat’s query (between “sat” and “The”)",
  });
  const control = el(doc, "div", { className: "why-slider" }, [
    sliderLabel,
    el(doc, "div", { className: "why-slider__track" }, [
      el(doc, "span", { className: "why-slider__end", "aria-hidden": "true" }, [
        "← sat",
      ]),
      slider,
      el(doc, "span", { className: "why-slider__end", "aria-hidden": "true" }, [
        "The →",
      ]),
    ]),
    sliderValue,
  ]);

  const bar = el(doc, "div", { className: "why-bar", role: "img" });
  const barLegend = el(doc, "ul", { className: "why-bar__legend" });
  const total = el(doc, "p", { className: "why-total" });
  const readout = el(doc, "p", {
    className: "why-readout",
    "aria-live": "polite",
    id: "why-readout",
  });
  const bestText = el(doc, "p", { className: "why-best" });
  const oneHeatmap = el(doc, "div", {
    className: "why-heatmap",
    id: "why-one-head",
  });

  const onePanel = el(doc, "div", { className: "panel why-panel" }, [
    el(doc, "h3", { text: "One head: one distribution per token" }),
    el(doc, "p", {
      text:
        "This model has a single head, and its weights are tiny ones " +
        "built by hand rather than learned (you can inspect them below " +
        "the demonstration). The slider turns the query of “cat” " +
        "between the key of “sat” and the key of “The”; the core then " +
        "computes the attention weights. Watch the bar: it is always " +
        "exactly full, so whatever “The” gains, “sat” loses.",
    }),
    control,
    el(doc, "figure", { className: "why-bar-figure" }, [
      el(doc, "figcaption", { text: "Where “cat” puts its attention" }),
      bar,
      barLegend,
    ]),
    total,
    readout,
    bestText,
    oneHeatmap,
  ]);

  // Two heads.
  const headsBox = el(doc, "div", { className: "why-heads" });
  const headFigures = HEAD_NAMES.map((_, h) => {
    const fig = el(doc, "div", {
      className: `why-head matrix__edge--${h}`,
      id: `why-head-${h + 1}`,
    });
    headsBox.append(fig);
    return fig;
  });
  const twoSummary = el(doc, "p", { className: "why-two-summary" });
  const twoPanel = el(doc, "div", { className: "panel why-panel" }, [
    el(doc, "h3", { text: "Two heads: one relation each" }),
    el(doc, "p", {
      text:
        "Now the same three tokens go through a model with two heads. " +
        "Each head has its own query and key projections, so each one " +
        "has its own full budget. Head 1 aims the query of “cat” at " +
        "its determiner, head 2 at its verb. Neither has to give " +
        "anything up: the row of “cat” (outlined) is sharp in both.",
    }),
    headsBox,
    twoSummary,
  ]);

  // The hand-built weights.
  const oneWeights = el(doc, "div", { className: "why-weights__grid" });
  const twoWeights = el(doc, "div", { className: "why-weights__grid" });
  const details = el(doc, "details", { className: "why-weights" }, [
    el(doc, "summary", { text: "Show the hand-built weight matrices" }),
    el(
      doc,
      "p",
      {},
      withMath(
        doc,
        "Neither model is trained: every number here was set by hand so " +
          "that each relation is easy to see. The token vectors are " +
          "one-hot: feature 0 stands for “The”, 1 for “cat” and 2 for " +
          "“sat” (the two-head model writes the same three features " +
          "twice, once in each head's half). $W^K$ is the identity, so " +
          "each token's key points along its own feature, and the row of " +
          "$W^Q$ for a token's feature is that token's query. The value " +
          "and output matrices $W^V$ and $W^O$ are identities too; they " +
          "play no part in the attention weights.",
      ),
    ),
    el(
      doc,
      "h4",
      {},
      withMath(doc, "One head ($d_{\\text{model}} = 3$, $d_k = 3$)"),
    ),
    oneWeights,
    el(
      doc,
      "h4",
      {},
      withMath(doc, "Two heads ($d_{\\text{model}} = 6$, $d_k = 3$ each)"),
    ),
    twoWeights,
  ]);

  const closing = el(doc, "p", {
    text:
      "That is the idea of multi-head attention: rather than one " +
      "attention pattern that must compromise, run several in " +
      "parallel, each with its own learned projections, and let each " +
      "head specialise in a different kind of relation.",
  });

  root.replaceChildren(intro, onePanel, twoPanel, details, closing);

  // ---- Computation (the core) and drawing -------------------------------
  const aimOf = (value) => Number(value) / SLIDER_MAX;

  /** Last single-head state: the slider value, its args and result. */
  let one = null;
  const computeOne = () => {
    const aim = aimOf(slider.value);
    const args = singleHeadArgs(aim);
    one = { aim, args, result: mha.forward(args) };
  };

  // The best the single head can do for both relations at once: the
  // largest min(cat→The, cat→sat) over every slider position.
  let best = null;
  for (let v = 0; v <= SLIDER_MAX; v += SLIDER_STEP) {
    const row = attentionRow(mha.forward(singleHeadArgs(aimOf(v))), 0, CAT);
    const both = Math.min(row[THE], row[SAT]);
    if (!best || both > best.both) best = { value: v, both, row };
  }

  const two = { args: twoHeadArgs() };
  two.result = mha.forward(two.args);

  const mix = (aim) =>
    `${aim.toFixed(2)} toward “The”, ${(1 - aim).toFixed(2)} toward “sat”`;

  bestText.replaceChildren(
    "The fairest split this head can reach (query ",
    mix(aimOf(best.value)),
    ") gives each relation ",
    el(doc, "strong", { className: "why-value", text: percent(best.both) }),
    ". One head can share its attention out, but it can never give " +
      "both relations a large share at once.",
  );

  const drawOne = () => {
    const { aim, args, result } = one;
    const row = attentionRow(result, 0, CAT);
    const sum = row.reduce((a, b) => a + b, 0);

    sliderValue.textContent = mix(aim);
    slider.setAttribute("aria-valuetext", mix(aim));

    const order = [THE, CAT, SAT];
    bar.replaceChildren(
      ...order.map((j) => {
        const seg = el(doc, "span", {
          className: `why-bar__seg ${SWATCH[j]}`,
          "data-token": WHY_TOKENS[j],
        });
        seg.style.flexGrow = String(row[j]);
        if (row[j] >= 0.12)
          seg.textContent = `${WHY_TOKENS[j]} ${percent(row[j])}`;
        return seg;
      }),
    );
    bar.setAttribute(
      "aria-label",
      "Cat’s attention: " +
        order.map((j) => `${WHY_TOKENS[j]} ${percent(row[j])}`).join(", "),
    );
    barLegend.replaceChildren(
      ...order.map((j) =>
        el(doc, "li", { "data-token": WHY_TOKENS[j] }, [
          el(doc, "span", {
            className: `why-bar__swatch ${SWATCH[j]}`,
            "aria-hidden": "true",
          }),
          `cat → ${WHY_TOKENS[j]} (${RELATION[j]}): `,
          el(doc, "strong", { className: "why-value", text: percent(row[j]) }),
        ]),
      ),
    );

    total.replaceChildren(
      "Total of cat’s row: ",
      el(doc, "strong", { className: "why-total__value", text: percent(sum) }),
      ` (${(sum * 100).toFixed(1)}% before the three parts are each rounded).`,
    );

    const leader = row[THE] >= row[SAT] ? THE : SAT;
    const other = leader === THE ? SAT : THE;
    readout.textContent =
      `${quote("cat")} gives ${percent(row[leader])} to ` +
      `${quote(WHY_TOKENS[leader])} and only ${percent(row[other])} to ` +
      `${quote(WHY_TOKENS[other])} (${percent(row[CAT])} stays on itself).`;

    renderHeatmap(
      oneHeatmap,
      { tokens: [...WHY_TOKENS], weights: result.weights },
      {
        label: "One head: attention weights on “The cat sat”",
        caption: "The single head’s attention weights (cat’s row outlined)",
        highlight: rowCells(CAT),
        tools: {
          name: "why-one-head",
          getResult: () => result,
          embedCode: whyEmbedCode,
        },
      },
    );

    drawWeights(oneWeights, args, undefined);
  };

  const drawTwo = () => {
    const { args, result } = two;
    const n = result.n;
    headFigures.forEach((fig, h) => {
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
            embedCode: whyEmbedCode,
          },
        },
      );
    });
    const determiner = attentionRow(result, 0, CAT)[THE];
    const verb = attentionRow(result, 1, CAT)[SAT];
    twoSummary.replaceChildren(
      "In head 1, “cat” gives ",
      el(doc, "strong", { className: "why-value", text: percent(determiner) }),
      " to “The”; in head 2, it gives ",
      el(doc, "strong", { className: "why-value", text: percent(verb) }),
      " to “sat”. Both relations are captured at the same time, each " +
        "in its own head, and each head’s row still adds up to 100%.",
    );
    drawWeights(
      twoWeights,
      args,
      HEAD_NAMES.map((name, h) => ({
        start: h * result.dK,
        size: result.dK,
        label: `Head ${h + 1}`,
      })),
    );
  };

  /** Draws x, W_Q and W_K of one example (W_V = W_O = W_K = identity). */
  function drawWeights(container, args, groups) {
    const { n, dModel } = args;
    const features = Array.from({ length: dModel }, (_, c) => String(c));
    const boxes = ["x", "wq", "wk"].map(() => el(doc, "div"));
    renderMatrix(
      boxes[0],
      {
        rows: n,
        cols: dModel,
        values: args.x,
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
    for (const [k, name] of [
      [1, "wq"],
      [2, "wk"],
    ]) {
      renderMatrix(
        boxes[k],
        {
          rows: dModel,
          cols: dModel,
          values: args[name],
          rowLabels: features,
          colLabels: features,
          colGroups: groups,
        },
        {
          label: `${name === "wq" ? "W^Q" : "W^K"} (${dModel} × ${dModel})`,
          showValues: true,
          digits: 1,
        },
      );
    }
    container.replaceChildren(...boxes);
  }

  computeOne();
  drawOne();
  drawTwo();

  slider.addEventListener("input", () => {
    computeOne();
    drawOne();
  });
}

/** The cells of query row `i` in a 3-token heatmap, as "i,j" keys. */
function rowCells(i) {
  return new Set(WHY_TOKENS.map((_, j) => `${i},${j}`));
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
