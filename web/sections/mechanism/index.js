// Section #mechanism, "The multi-head mechanism": the formulas (KaTeX, with MathML
// for screen readers), a live picture of W_Q splitting into one column
// block per head (mha.forward on seeded random weights), and the
// dimension-splitting calculator (mha.cost).
import { el } from "../../components/dom.js";
import { renderMatrix } from "../../components/matrix.js";
import {
  MECH_D_MODEL,
  MECH_HEADS,
  MECH_TOKENS,
  headSlice,
  joinHeads,
  projectionArgs,
} from "./example.js";
import { mountCalculator } from "./calculator.js";
import { mathElement, withMath } from "../../components/math.js";

/** The formulas of the section, in order, with a plain-words gloss each. */
const FORMULAS = [
  {
    tex: String.raw`\text{head}_i = \operatorname{Attention}\!\left(X W_i^{Q},\; X W_i^{K},\; X W_i^{V}\right)`,
    gloss:
      "Each head $i$ has three projection matrices of its own. It projects " +
      "the same token vectors $X$ into its own queries, keys and values.",
  },
  {
    tex: String.raw`\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}}\right) V`,
    gloss:
      "Inside a head this is ordinary scaled dot-product attention: query " +
      "against key gives a score, softmax turns each row of scores into " +
      "weights that add up to 1, and the weights mix the values.",
  },
  {
    tex: String.raw`\operatorname{MultiHead}(X) = \operatorname{Concat}\!\left(\text{head}_1, \ldots, \text{head}_h\right) W^{O}`,
    gloss:
      "The head outputs are laid side by side and one more matrix, $W^O$, " +
      "mixes them back into a vector of the model's width.",
  },
  {
    tex: String.raw`d_k = \frac{d_{\text{model}}}{h}`,
    gloss:
      "The heads share the width: with $h$ heads, each one works in " +
      "$d_{\\text{model}}/h$ dimensions, so the whole layer costs about " +
      "as much as a single head of full width.",
  },
];

/**
 * Builds section #mechanism inside `root`.
 * @param {HTMLElement} root the empty section container
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, { mha }) {
  const doc = root.ownerDocument;

  // ---- Text and formulas -----------------------------------------------
  // The one short phrase quoted from the paper, with its attribution.
  const intro = el(doc, "p", {}, [
    "The fix is to run several attention operations side by side, each " +
      "with projections of its own, and to let each one specialise. " +
      "Vaswani et al. introduced this in 2017 in “Attention Is All You " +
      "Need”. Their argument, in short: one head blends everything it " +
      "looks at into a single average, while several heads let the model " +
      "pick up ",
    el(doc, "q", {
      text: "information from different representation subspaces",
    }),
    " (Vaswani et al., 2017) at different positions in the same step.",
  ]);

  const formulas = el(doc, "div", { className: "mechanism-formulas" });
  for (const f of FORMULAS) {
    const tex = mathElement(doc, f.tex, true);
    tex.classList.add("mechanism-formula__tex");
    formulas.append(
      el(doc, "div", { className: "mechanism-formula" }, [
        tex,
        el(
          doc,
          "p",
          { className: "mechanism-formula__gloss" },
          withMath(doc, f.gloss),
        ),
      ]),
    );
  }

  // ---- Per-head projections --------------------------------------------
  const dK = MECH_D_MODEL / MECH_HEADS;
  const groups = Array.from({ length: MECH_HEADS }, (_, h) => ({
    start: h * dK,
    size: dK,
    label: `Head ${h + 1}`,
  }));
  const reseed = el(doc, "button", {
    type: "button",
    id: "mechanism-reseed",
    text: "Draw new random weights",
  });
  const seedStatus = el(doc, "p", {
    className: "note mechanism-seed",
    "aria-live": "polite",
  });
  const xBox = el(doc, "div", { className: "mechanism-proj__item" });
  const wqBox = el(doc, "div", { className: "mechanism-proj__item" });
  const qBox = el(doc, "div", { className: "mechanism-proj__item" });
  const blockBoxes = groups.map((_, h) =>
    el(doc, "div", {
      className: `mechanism-block matrix__edge--${h}`,
      "data-head": String(h + 1),
    }),
  );
  const projection = el(doc, "div", { className: "panel mechanism-proj" }, [
    el(doc, "h3", { text: "Each head gets its own slice of the projections" }),
    el(
      doc,
      "p",
      {},
      withMath(
        doc,
        `Here is a layer of width $d_{\\text{model}} = ${MECH_D_MODEL}$ ` +
          `with $h = ${MECH_HEADS}$ heads, so $d_k = ${dK}$. Its weights ` +
          "and the three token vectors are random numbers (seeded, so you " +
          "see the same ones on every visit), like a layer before " +
          "training; the core computes $Q = X W^Q$. Read $W^Q$ as " +
          `${MECH_HEADS} blocks of ${dK} columns: the columns under one ` +
          "colour are that head's $W_i^Q$, and they make that head's " +
          "queries and nothing else. $W^K$ and $W^V$ are split the same way.",
      ),
    ),
    el(doc, "div", { className: "mechanism-proj__controls" }, [
      reseed,
      seedStatus,
    ]),
    el(doc, "div", { className: "mechanism-proj__row" }, [
      xBox,
      el(doc, "span", {
        className: "mechanism-op",
        "aria-hidden": "true",
        text: "·",
      }),
      wqBox,
      el(doc, "div", { className: "mechanism-proj__result" }, [
        el(doc, "span", {
          className: "mechanism-op",
          "aria-hidden": "true",
          text: "=",
        }),
        qBox,
      ]),
    ]),
    el(
      doc,
      "p",
      {},
      withMath(
        doc,
        "Cut $Q$ at the same boundaries and each head has its own " +
          `$${MECH_TOKENS.length} \\times ${dK}$ block of queries (what ` +
          "the API returns as result.q), ready for its own attention:",
      ),
    ),
    el(doc, "div", { className: "mechanism-blocks" }, blockBoxes),
  ]);

  // ---- Calculator -------------------------------------------------------
  const calculator = el(doc, "div", { className: "panel mechanism-calc" });

  root.replaceChildren(
    intro,
    formulas,
    projection,
    el(doc, "h3", { text: "Dimension splitting: the cost stays the same" }),
    el(
      doc,
      "p",
      {},
      withMath(
        doc,
        "Splitting the width leaves the layer's size alone. The four " +
          "weight matrices are $d_{\\text{model}} \\times d_{\\text{model}}$ " +
          "whatever $h$ is, and the work per token hardly moves: only the " +
          "softmax is repeated once per head. Try the sizes of real " +
          "models, or your own.",
      ),
    ),
    calculator,
  );

  // ---- Computation and drawing -------------------------------------------
  let seed = 1;
  /** Last projection example: { seed, args, result } from the core. */
  let example = null;

  const compute = () => {
    const args = projectionArgs(seed);
    example = { seed, args, result: mha.forward(args) };
  };

  const draw = () => {
    const { args, result } = example;
    const { n } = result;
    const tokens = [...MECH_TOKENS];
    const cols = Array.from({ length: MECH_D_MODEL }, (_, c) => String(c));
    renderMatrix(
      xBox,
      {
        rows: n,
        cols: MECH_D_MODEL,
        values: args.x,
        rowLabels: tokens,
        colLabels: cols,
      },
      {
        label: `X: token vectors (${n} × ${MECH_D_MODEL}, random)`,
        caption: `X (${n} × ${MECH_D_MODEL})`,
        showValues: true,
        digits: 1,
      },
    );
    renderMatrix(
      wqBox,
      {
        rows: MECH_D_MODEL,
        cols: MECH_D_MODEL,
        values: args.wq,
        rowLabels: cols,
        colLabels: cols,
        colGroups: groups,
      },
      {
        label: `W^Q (${MECH_D_MODEL} × ${MECH_D_MODEL}, random), in ${MECH_HEADS} column blocks of ${dK}, one per head`,
        caption: `W^Q (${MECH_D_MODEL} × ${MECH_D_MODEL})`,
        showValues: true,
        digits: 1,
      },
    );
    renderMatrix(
      qBox,
      {
        rows: n,
        cols: MECH_D_MODEL,
        values: joinHeads(result),
        rowLabels: tokens,
        colLabels: cols,
        colGroups: groups,
      },
      {
        label: `Q = X · W^Q (${n} × ${MECH_D_MODEL}), in ${MECH_HEADS} column blocks, one per head`,
        caption: `Q = X · W^Q (${n} × ${MECH_D_MODEL})`,
        showValues: true,
        digits: 2,
      },
    );
    blockBoxes.forEach((box, h) => {
      renderMatrix(
        box,
        {
          rows: n,
          cols: dK,
          values: headSlice(result.q, h, n, result.dK),
          rowLabels: tokens,
          colLabels: Array.from({ length: dK }, (_, c) => String(h * dK + c)),
        },
        {
          label: `Head ${h + 1} queries Q${subscript(h + 1)} (${n} × ${dK}): columns ${h * dK} to ${h * dK + dK - 1} of Q`,
          caption: `Head ${h + 1}: Q${subscript(h + 1)}`,
          showValues: true,
          digits: 2,
        },
      );
    });
    seedStatus.textContent = `Random seed ${example.seed}.`;
  };

  compute();
  draw();
  reseed.addEventListener("click", () => {
    seed += 1;
    compute();
    draw();
  });

  mountCalculator(calculator, mha);
}

/** A small integer written with Unicode subscript digits ("Q" + "₁"). */
function subscript(k) {
  return String(k).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
