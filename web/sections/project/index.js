// Section #project, "Concatenate, then project": a four-stage stepper through the
// end of multi-head attention (head outputs → concat → W_O → output), on a
// small random example (4 heads × d_k 2, web/sections/project/example.js) run
// by the wasm core on the reader's sentence. The last stage proves that the
// output is the sum of the heads' contributions.
//
// The core runs once per sentence change; the stages, the chosen token and
// the stepper position only redraw from the kept result.
import { mathElement } from "../../components/math.js";
import { renderMatrix } from "../../components/matrix.js";
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { renderBarChart, OKABE_ITO } from "../../components/bar-chart.js";
import {
  PROJECT_D_K,
  PROJECT_D_MODEL,
  PROJECT_HEADS,
  PROJECT_SEED,
  WORD_SCALE,
  contributionSum,
  largestDifference,
  projectWeights,
  runProject,
} from "./example.js";
import { el } from "../../components/dom.js";
import { sectionLabel } from "../index.js";
import { buildStepper, headLabel, numberLabels } from "./parts.js";
import { STAGES } from "./text.js";

const H = PROJECT_HEADS;
const D = PROJECT_D_MODEL;
const DK = PROJECT_D_K;

/** Difference in compact scientific notation ("2.4e-8"), or "0". */
function formatDifference(d) {
  return d === 0 ? "0" : d.toExponential(1).replace("e-", "e−");
}

/** A display formula in the section's own frame (scrolls when too wide). */
function projectFormula(doc, tex) {
  const node = mathElement(doc, tex, true);
  node.classList.add("project-formula");
  return node;
}

/**
 * Builds section #project in `root` and keeps it in step with `context.sentence`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const { mha, sentence } = context;
  const doc = root.ownerDocument;
  const state = { run: null, stage: 0, token: 0 };

  // ---- Explanation -----------------------------------------------------
  const sentenceEcho = el(doc, "q", { className: "project-sentence" });
  const inputSlots = ["x", "wq", "wk", "wv"].map(() =>
    el(doc, "div", { className: "project-matrix" }),
  );
  const inputs = el(doc, "details", { className: "project-inputs" }, [
    el(doc, "summary", {
      text: "Show the random inputs: token vectors X, W_Q, W_K, W_V",
    }),
    el(doc, "div", { className: "project-inputs__grid" }, inputSlots),
  ]);
  const intro = el(doc, "div", { className: "project-intro" }, [
    el(doc, "p", {
      text: "Every head ends with its own small answer for each token: a vector only d_k numbers wide. The layer has to hand one vector of the full width, d_model, to whatever comes next, so the heads' answers are first laid end to end and then passed through one more learned matrix, W_O:",
    }),
    projectFormula(
      doc,
      String.raw`\text{MultiHead}(X) = \text{Concat}(\text{head}_1, \dots, \text{head}_h)\,W^O`,
    ),
    el(doc, "p", { text: "The final projection is there for two reasons:" }),
    el(doc, "ul", { className: "project-reasons" }, [
      el(doc, "li", {}, [
        el(doc, "strong", { text: "Matching the width. " }),
        "The next layer (and the residual connection that adds the layer's input back) expects vectors of exactly d_model numbers. Concatenation gives h × d_k = d_model numbers; W_O keeps that width and makes it a learned mixture rather than a plain stack.",
      ]),
      el(doc, "li", {}, [
        el(doc, "strong", { text: "Mixing the heads. " }),
        "Before W_O, each group of columns knows only what its own head found. Every output number is a weighted sum over all the concatenated columns, so a head that tracked grammar and a head that tracked meaning can be combined into one feature.",
      ]),
    ]),
    el(doc, "p", { className: "note project-about" }, [
      `Below, a tiny model: ${H} heads × d_k = ${DK}, so d_model = ${D}. Its weights W_Q, W_K, W_V and W_O are random numbers (not trained), drawn from a seeded generator with seed ${PROJECT_SEED}, so they are the same on every visit. Each word's vector is random too (values between −${WORD_SCALE} and ${WORD_SCALE}, seeded by the word itself, so a word always gets the same vector), plus the position encoding. There are no bias terms. ${context.embedded ? "The sentence is" : `The sentence is the one you type in ${sectionLabel("heads")}`}: `,
      sentenceEcho,
      ".",
    ]),
    inputs,
  ]);

  const problem = el(doc, "p", {
    className: "error",
    role: "alert",
    hidden: true,
  });

  // ---- Stepper ----------------------------------------------------------
  const stepper = buildStepper(doc, STAGES, (i) => show(i));
  const panels = stepper.panels;

  // Stage 1: one small matrix per head, framed in the head's colour.
  const headSlots = Array.from({ length: H }, (_, h) =>
    el(doc, "div", {
      className: `project-head matrix__group--${h}`,
      "data-head": String(h),
    }),
  );
  panels[0].append(
    el(doc, "p", {
      text: `Each head has just computed its attention-weighted average of values. Because d_k = ${DK}, each head's answer for a token is only ${DK} numbers. These are the core's per-head outputs, one colour per head.`,
    }),
    el(doc, "div", { className: "project-heads" }, headSlots),
  );

  // Stage 2: the concatenation.
  const concatSlot = el(doc, "div", { className: "project-matrix" });
  panels[1].append(
    el(doc, "p", {
      text: `Concatenation does no arithmetic: for every token, the ${H} answers are written one after another in a single row. Columns 1–${DK} come from head 1, the next ${DK} from head 2, and so on: ${H} heads × ${DK} = ${D} columns, exactly d_model.`,
    }),
    concatSlot,
  );

  // Stage 3: concat × W_O.
  const projectConcat = el(doc, "div", { className: "project-matrix" });
  const projectWo = el(doc, "div", { className: "project-matrix" });
  panels[2].append(
    el(doc, "p", {}, [
      `Multiplying the concatenation by W_O (${D} × ${D}) gives the output. Look at W_O by rows: rows 1–${DK} are only ever multiplied by head 1's columns, rows ${DK + 1}–${2 * DK} by head 2's, and so on. So each head owns a block of W_O's rows, which turns its ${DK} numbers into a full-width vector, and the output is the sum of those ${H} vectors. Below, `,
      mathElement(doc, String.raw`W^O_i`),
      " stands for head i's block of rows:",
    ]),
    projectFormula(
      doc,
      String.raw`\text{output}_t = \sum_{i=1}^{h} \text{head}_i(t)\, W^O_i`,
    ),
    el(doc, "div", { className: "project-product" }, [
      projectConcat,
      el(doc, "span", { className: "project-product__sign", text: "×" }),
      projectWo,
    ]),
    el(doc, "p", {
      className: "note",
      text: "Each output column draws on every head at once: that is where the heads' findings get mixed.",
    }),
  );

  // Stage 4: the output and the proof.
  const outputSlot = el(doc, "div", { className: "project-matrix" });
  const tokenSelect = el(doc, "select", {
    className: "project-token",
    id: "project-token",
    on: {
      change: () => {
        state.token = Number(tokenSelect.value);
        drawProof();
      },
    },
  });
  const proofSlot = el(doc, "div", {
    className: "project-matrix project-proof",
  });
  const difference = el(doc, "p", {
    className: "project-difference",
    "aria-live": "polite",
  });
  const normsChart = el(doc, "div", { className: "project-norms-chart" });
  const normsTable = el(doc, "div", { className: "project-matrix" });
  panels[3].append(
    el(doc, "p", {
      text: `The layer's output: one ${D}-number vector per token, the same width as the input, ready for the next layer.`,
    }),
    outputSlot,
    el(doc, "h4", {
      text: "Proof: the output is the heads' contributions added up",
    }),
    el(doc, "p", {
      text: "The core also reports each head's contribution: its own columns of the concatenation times its own rows of W_O. Add the four and you get the output row, up to 32-bit rounding.",
    }),
    el(doc, "p", { className: "project-token-row" }, [
      el(doc, "label", {
        for: "project-token",
        text: "Break down the output of token ",
      }),
      tokenSelect,
    ]),
    proofSlot,
    difference,
    el(doc, "h4", { text: "How much each head contributes" }),
    el(doc, "p", {
      text: "The length (norm) of each head's contribution tells how strongly that head moves the token's output. With random weights the sizes are arbitrary; in a trained model they show which heads matter for which token.",
    }),
    el(doc, "div", { className: "project-norms" }, [normsChart, normsTable]),
  );

  root.replaceChildren(intro, problem, stepper.element);

  // ---- Drawing (from state.run only) -------------------------------------

  function show(i) {
    state.stage = i;
    stepper.show(i);
  }

  const drawer = createDeferredDrawer();

  // Far below the sentence box, this section recomputes and redraws only
  // when the reader scrolls near it (always for the latest sentence).
  function recompute(text) {
    drawer.draw(root, () => recomputeNow(text));
  }

  function recomputeNow(text) {
    state.run = runProject(mha, text);
    sentenceEcho.textContent = text;
    const { run } = state;
    problem.hidden = !run.problem;
    problem.textContent = run.problem ?? "";
    stepper.element.hidden = Boolean(run.problem);
    inputs.hidden = Boolean(run.problem);
    if (run.problem) return;
    if (state.token >= run.tokens.length) state.token = 0;
    draw();
  }

  function draw() {
    const { tokens, x, result } = state.run;
    const n = tokens.length;
    const rowLabels = tokens.map((t) => t.text);
    const weights = projectWeights();
    let limit = 0;
    for (const v of result.concat) limit = Math.max(limit, Math.abs(v));

    renderMatrix(
      inputSlots[0],
      { rows: n, cols: D, values: x, rowLabels, colLabels: numberLabels(D) },
      {
        label: "Token vectors X (random word vector + position)",
        showValues: true,
        digits: 2,
      },
    );
    ["wq", "wk", "wv"].forEach((name, k) =>
      renderMatrix(
        inputSlots[k + 1],
        {
          rows: D,
          cols: D,
          values: weights[name],
          rowLabels: numberLabels(D),
          colLabels: numberLabels(D),
          colGroups: headGroups(DK, "head"),
        },
        {
          label: `${["W_Q", "W_K", "W_V"][k]} (random, seed ${PROJECT_SEED})`,
          showValues: true,
          digits: 2,
        },
      ),
    );

    for (let h = 0; h < H; h++) {
      const frame = headSlots[h];
      const title = el(doc, "p", {
        className: "project-head__title",
        text: `Head ${h + 1}`,
      });
      const slot = el(doc, "div");
      frame.replaceChildren(title, slot);
      renderMatrix(
        slot,
        {
          rows: n,
          cols: DK,
          values: result.heads.subarray(h * n * DK, (h + 1) * n * DK),
          rowLabels,
          colLabels: numberLabels(DK),
        },
        {
          label: `Head ${h + 1} output, ${n} × ${DK}`,
          caption: `output, ${n} × ${DK}`,
          showValues: true,
          digits: 2,
          limit,
        },
      );
    }

    const concatData = {
      rows: n,
      cols: D,
      values: result.concat,
      rowLabels,
      colLabels: numberLabels(D),
      colGroups: headGroups(DK, "head"),
    };
    renderMatrix(concatSlot, concatData, {
      label: `Concatenation, ${n} × ${D}: ${H} heads × ${DK} = ${D}`,
      showValues: true,
      digits: 2,
      limit,
    });
    renderMatrix(projectConcat, concatData, {
      label: `Concat, ${n} × ${D}`,
      showValues: true,
      digits: 2,
      limit,
    });
    renderMatrix(
      projectWo,
      {
        rows: D,
        cols: D,
        values: weights.wo,
        rowLabels: numberLabels(D),
        colLabels: numberLabels(D),
        rowGroups: headGroups(DK, "head", " rows"),
      },
      {
        label: `W_O, ${D} × ${D} (random, seed ${PROJECT_SEED}); row blocks by head`,
        showValues: true,
        digits: 2,
      },
    );
    renderMatrix(
      outputSlot,
      {
        rows: n,
        cols: D,
        values: result.output,
        rowLabels,
        colLabels: numberLabels(D),
      },
      {
        label: `Output = concat × W_O, ${n} × ${D}`,
        showValues: true,
        digits: 2,
      },
    );

    tokenSelect.replaceChildren(
      ...tokens.map((t, i) =>
        el(doc, "option", { text: `${i + 1}. ${t.text}`, value: String(i) }),
      ),
    );
    tokenSelect.value = String(state.token);

    renderMatrix(
      normsTable,
      {
        rows: n,
        cols: H,
        values: transpose(result.contributionNorms, H, n),
        rowLabels,
        colLabels: Array.from({ length: H }, () => "norm"),
        colGroups: headGroups(1, "head"),
      },
      {
        label: "Length of each head's contribution, for every token",
        showValues: true,
        digits: 2,
      },
    );
    drawProof();
  }

  function drawProof() {
    const { tokens, result } = state.run;
    const n = tokens.length;
    const i = state.token;
    const rows = new Float32Array((H + 2) * D);
    for (let h = 0; h < H; h++)
      rows.set(
        result.contributions.subarray(
          h * n * D + i * D,
          h * n * D + (i + 1) * D,
        ),
        h * D,
      );
    rows.set(contributionSum(result, i), H * D);
    rows.set(result.output.subarray(i * D, (i + 1) * D), (H + 1) * D);
    renderMatrix(
      proofSlot,
      {
        rows: H + 2,
        cols: D,
        values: rows,
        rowLabels: [
          ...Array.from({ length: H }, (_, h) => `${headLabel(h)} part`),
          `sum of the ${H}`,
          "output row",
        ],
        colLabels: numberLabels(D),
        rowGroups: Array.from({ length: H }, (_, h) => ({
          start: h,
          size: 1,
          label: headLabel(h),
        })),
      },
      {
        label: `Contributions of the ${H} heads to “${tokens[i].text}”, their sum, and the output row`,
        showValues: true,
        digits: 3,
      },
    );
    const here = largestDifference(result, [i]);
    const all = largestDifference(result);
    difference.replaceChildren(
      `For “${tokens[i].text}”, the largest difference between the output row and the sum of the contributions is `,
      el(doc, "strong", {
        className: "project-difference__value",
        text: formatDifference(here),
        "data-value": String(here),
      }),
      "; over every token and column it is ",
      el(doc, "span", {
        className: "project-difference__all",
        text: formatDifference(all),
        "data-value": String(all),
      }),
      ". That is rounding in the last digits of 32-bit numbers: the two are equal.",
    );

    renderBarChart(
      normsChart,
      {
        bars: Array.from({ length: H }, (_, h) => ({
          label: headLabel(h),
          value: result.contributionNorms[h * n + i],
          color: OKABE_ITO[h],
        })),
      },
      {
        label: `Length of each head's contribution to “${tokens[i].text}”`,
        labelHeader: "Head",
        valueHeader: "Norm",
        format: (v) => v.toFixed(3),
      },
    );
  }

  recompute(sentence.get());
  sentence.subscribe(recompute);
  show(0);
}

/** Groups of `size` columns (or rows), one per head, for renderMatrix. */
function headGroups(size, word, suffix = "") {
  return Array.from({ length: H }, (_, h) => ({
    start: h * size,
    size,
    label: `${word} ${h + 1}${suffix}`,
  }));
}

/** An h × n array as n × h. */
function transpose(values, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}
