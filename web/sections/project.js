// Section 6, "Concatenate, then project": a four-stage stepper through the
// end of multi-head attention (head outputs → concat → W_O → output), on a
// small random model (4 heads × d_k 2, web/sections/project-model.js) run
// by the wasm core on the reader's sentence. The last stage proves that the
// output is the sum of the heads' contributions.
//
// The core runs once per sentence change; the stages, the chosen token and
// the stepper position only redraw from the kept result.
import { mathElement } from "../components/math.js";
import { renderMatrix } from "../components/matrix.js";
import { createDeferredDrawer } from "../components/deferred-draw.js";
import { renderBarChart, OKABE_ITO } from "../components/bar-chart.js";
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
} from "./project-model.js";
import { buildStepper, el, headLabel, numberLabels } from "./project-parts.js";

const H = PROJECT_HEADS;
const D = PROJECT_D_MODEL;
const DK = PROJECT_D_K;

const STAGES = [
  {
    id: "heads",
    title: "Each head's output",
    summary: `${H} separate outputs, each ${DK} numbers wide per token.`,
  },
  {
    id: "concat",
    title: "Concatenate",
    summary: `${H} heads × ${DK} = ${D} columns, side by side.`,
  },
  {
    id: "project",
    title: "Project with W_O",
    summary: `The ${D} × ${D} matrix W_O; row block i belongs to head i.`,
  },
  {
    id: "output",
    title: "Final output",
    summary:
      "The output, and the proof that it is the sum of the heads' parts.",
  },
];

/** Difference in compact scientific notation ("2.4e-8"), or "0". */
function formatDifference(d) {
  return d === 0 ? "0" : d.toExponential(1).replace("e-", "e−");
}

/**
 * Builds section 6 in `root` and keeps it in step with `context.sentence`.
 * @param {HTMLElement} root
 * @param {{ mha: import("../lib/mha.js").MHA,
 *   sentence: { get(): string, subscribe(fn: (s: string) => void): () => void } }} context
 */
/** A display formula in the section's own frame (scrolls when too wide). */
function projectFormula(tex) {
  const node = mathElement(document, tex, true);
  node.classList.add("project-formula");
  return node;
}

export function mount(root, context) {
  const { mha, sentence } = context;
  const state = { run: null, stage: 0, token: 0 };

  // ---- Explanation -----------------------------------------------------
  const intro = el("div", "project-intro");
  intro.append(
    el(
      "p",
      null,
      "Every head ends with its own small answer for each token: a vector only d_k numbers wide. The layer has to hand one vector of the full width, d_model, to whatever comes next, so the heads' answers are first laid end to end and then passed through one more learned matrix, W_O:",
    ),
  );
  intro.append(
    projectFormula(
      String.raw`\text{MultiHead}(X) = \text{Concat}(\text{head}_1, \dots, \text{head}_h)\,W^O`,
    ),
  );
  intro.append(el("p", null, "The final projection is there for two reasons:"));
  const reasons = el("ul", "project-reasons");
  const r1 = el("li");
  r1.append(
    el("strong", null, "Matching the width. "),
    "The next layer (and the residual connection that adds the layer's input back) expects vectors of exactly d_model numbers. Concatenation gives h × d_k = d_model numbers; W_O keeps that width and makes it a learned mixture rather than a plain stack.",
  );
  const r2 = el("li");
  r2.append(
    el("strong", null, "Mixing the heads. "),
    "Before W_O, each group of columns knows only what its own head found. Every output number is a weighted sum over all the concatenated columns, so a head that tracked grammar and a head that tracked meaning can be combined into one feature.",
  );
  reasons.append(r1, r2);
  intro.append(reasons);

  const about = el("p", "note project-about");
  about.append(
    `Below, a tiny model: ${H} heads × d_k = ${DK}, so d_model = ${D}. Its weights W_Q, W_K, W_V and W_O are random numbers (not trained), drawn from a seeded generator with seed ${PROJECT_SEED}, so they are the same on every visit. Each word's vector is random too (values between −${WORD_SCALE} and ${WORD_SCALE}, seeded by the word itself, so a word always gets the same vector), plus the position encoding. There are no bias terms. The sentence is the one you type in section 3: `,
  );
  const sentenceEcho = el("q", "project-sentence");
  about.append(sentenceEcho, ".");
  intro.append(about);

  const inputs = el("details", "project-inputs");
  inputs.append(
    el(
      "summary",
      null,
      "Show the random inputs: token vectors X, W_Q, W_K, W_V",
    ),
  );
  const inputsBody = el("div", "project-inputs__grid");
  const inputSlots = ["x", "wq", "wk", "wv"].map(() => {
    const slot = el("div", "project-matrix");
    inputsBody.append(slot);
    return slot;
  });
  inputs.append(inputsBody);
  intro.append(inputs);

  const problem = el("p", "error");
  problem.setAttribute("role", "alert");
  problem.hidden = true;

  // ---- Stepper ----------------------------------------------------------
  const stepper = buildStepper(root.ownerDocument, STAGES, (i) => show(i));
  const panels = stepper.panels;

  // Stage 1: one small matrix per head, framed in the head's colour.
  const headSlots = [];
  const headGrid = el("div", "project-heads");
  for (let h = 0; h < H; h++) {
    const frame = el("div", `project-head matrix__group--${h}`);
    frame.dataset.head = String(h);
    headSlots.push(frame);
    headGrid.append(frame);
  }
  panels[0].append(
    el(
      "p",
      null,
      `Each head has just computed its attention-weighted average of values. Because d_k = ${DK}, each head's answer for a token is only ${DK} numbers. These are the core's per-head outputs, one colour per head.`,
    ),
    headGrid,
  );

  // Stage 2: the concatenation.
  const concatSlot = el("div", "project-matrix");
  panels[1].append(
    el(
      "p",
      null,
      `Concatenation does no arithmetic: for every token, the ${H} answers are written one after another in a single row. Columns 1–${DK} come from head 1, the next ${DK} from head 2, and so on: ${H} heads × ${DK} = ${D} columns, exactly d_model.`,
    ),
    concatSlot,
  );

  // Stage 3: concat × W_O.
  const projectConcat = el("div", "project-matrix");
  const projectWo = el("div", "project-matrix");
  const product = el("div", "project-product");
  product.append(
    projectConcat,
    el("span", "project-product__sign", "×"),
    projectWo,
  );
  const stage3Text = el(
    "p",
    null,
    `Multiplying the concatenation by W_O (${D} × ${D}) gives the output. Look at W_O by rows: rows 1–${DK} are only ever multiplied by head 1's columns, rows ${DK + 1}–${2 * DK} by head 2's, and so on. So each head owns a block of W_O's rows, which turns its ${DK} numbers into a full-width vector, and the output is the sum of those ${H} vectors. Below, `,
  );
  stage3Text.append(
    mathElement(document, String.raw`W^O_i`),
    " stands for head i's block of rows:",
  );
  panels[2].append(
    stage3Text,
    projectFormula(
      String.raw`\text{output}_t = \sum_{i=1}^{h} \text{head}_i(t)\, W^O_i`,
    ),
    product,
    el(
      "p",
      "note",
      "Each output column draws on every head at once: that is where the heads' findings get mixed.",
    ),
  );

  // Stage 4: the output and the proof.
  const outputSlot = el("div", "project-matrix");
  const tokenLabel = el("label", null, "Break down the output of token ");
  const tokenSelect = el("select", "project-token");
  tokenSelect.id = "project-token";
  tokenLabel.htmlFor = tokenSelect.id;
  const tokenRow = el("p", "project-token-row");
  tokenRow.append(tokenLabel, tokenSelect);
  const proofSlot = el("div", "project-matrix project-proof");
  const difference = el("p", "project-difference");
  difference.setAttribute("aria-live", "polite");
  const normsChart = el("div", "project-norms-chart");
  const normsTable = el("div", "project-matrix");
  const norms = el("div", "project-norms");
  norms.append(normsChart, normsTable);
  panels[3].append(
    el(
      "p",
      null,
      `The layer's output: one ${D}-number vector per token, the same width as the input, ready for the next layer.`,
    ),
    outputSlot,
    el("h4", null, "Proof: the output is the heads' contributions added up"),
    el(
      "p",
      null,
      "The core also reports each head's contribution: its own columns of the concatenation times its own rows of W_O. Add the four and you get the output row, up to 32-bit rounding.",
    ),
    tokenRow,
    proofSlot,
    difference,
    el("h4", null, "How much each head contributes"),
    el(
      "p",
      null,
      "The length (norm) of each head's contribution tells how strongly that head moves the token's output. With random weights the sizes are arbitrary; in a trained model they show which heads matter for which token.",
    ),
    norms,
  );

  root.replaceChildren(intro, problem, stepper.element);

  tokenSelect.addEventListener("change", () => {
    state.token = Number(tokenSelect.value);
    drawProof();
  });

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
      const title = el("p", "project-head__title", `Head ${h + 1}`);
      const slot = el("div");
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
      ...tokens.map((t, i) => {
        const option = el("option", null, `${i + 1}. ${t.text}`);
        option.value = String(i);
        return option;
      }),
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
    const strong = el(
      "strong",
      "project-difference__value",
      formatDifference(here),
    );
    strong.dataset.value = String(here);
    const allValue = el(
      "span",
      "project-difference__all",
      formatDifference(all),
    );
    allValue.dataset.value = String(all);
    difference.replaceChildren(
      `For “${tokens[i].text}”, the largest difference between the output row and the sum of the contributions is `,
      strong,
      "; over every token and column it is ",
      allValue,
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
