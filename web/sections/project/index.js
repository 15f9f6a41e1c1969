// Section #project, "Concatenate, then project": a four-stage stepper through the
// end of multi-head attention (head outputs → concat → W_O → output), on a
// small random example (4 heads × d_k 2, web/sections/project/example.js) run
// by the wasm core on the reader's sentence. The last stage proves that the
// output is the sum of the heads' contributions.
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; the core runs once per sentence change; the stages, the chosen
// token and the stepper position only redraw from the kept result, through
// the renderers in inputs.js, heads.js, product.js, proof.js and norms.js.
import { createDeferredDrawer } from "../../components/deferred-draw.js";
import { el } from "../../components/dom.js";
import { sectionLabel } from "../index.js";
import {
  largestMagnitude,
  projectWeights,
  runProject,
  tokenBreakdown,
} from "./example.js";
import { renderHeadOutputs } from "./heads.js";
import { renderInputs } from "./inputs.js";
import { buildIntro, buildStagePanels } from "./layout.js";
import { renderNormsChart, renderNormsTable } from "./norms.js";
import { buildStepper } from "./parts.js";
import { renderConcat, renderOutput, renderProduct } from "./product.js";
import { renderDifference, renderProof, renderTokenChoice } from "./proof.js";
import { STAGES, aboutText } from "./text.js";

/**
 * Builds section #project in `root` and keeps it in step with `context.sentence`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const { mha, sentence } = context;
  const doc = root.ownerDocument;
  const state = { run: null, stage: 0, token: 0 };

  const intro = buildIntro(
    doc,
    aboutText(Boolean(context.embedded), sectionLabel("heads")),
  );
  const problem = el(doc, "p", {
    className: "error",
    role: "alert",
    hidden: true,
  });
  const stepper = buildStepper(doc, STAGES, (i) => show(i));
  const slots = buildStagePanels(doc, stepper.panels, (token) => {
    state.token = token;
    drawToken();
  });
  root.replaceChildren(intro.element, problem, stepper.element);

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
    intro.sentenceEcho.textContent = text;
    const { run } = state;
    problem.hidden = !run.problem;
    problem.textContent = run.problem ?? "";
    stepper.element.hidden = Boolean(run.problem);
    intro.inputs.hidden = Boolean(run.problem);
    if (run.problem) return;
    if (state.token >= run.tokens.length) state.token = 0;
    draw();
  }

  /** The renderers' shared data, from the kept run. */
  function drawData() {
    const { tokens, result } = state.run;
    return { n: tokens.length, rowLabels: tokens.map((t) => t.text), result };
  }

  // ---- Drawing (from state.run only) -------------------------------------

  function draw() {
    const { tokens, x, result } = state.run;
    const data = drawData();
    const weights = projectWeights();
    const scale = { limit: largestMagnitude(result.concat) };
    renderInputs(intro.inputsGrid, { ...data, x, weights });
    renderHeadOutputs(slots.heads, data, scale);
    renderConcat(slots.concat, data, scale);
    renderProduct(slots.product, { ...data, wo: weights.wo }, scale);
    renderOutput(slots.output, data);
    renderTokenChoice(slots.tokenSelect, { tokens }, { selected: state.token });
    renderNormsTable(slots.normsTable, data);
    drawToken();
  }

  function drawToken() {
    const { tokens, result } = state.run;
    const word = tokens[state.token].text;
    const { rows, here, all, norms } = tokenBreakdown(result, state.token);
    renderProof(slots.proof, { word, rows });
    renderDifference(slots.difference, { word, here, all });
    renderNormsChart(slots.normsChart, { word, norms });
  }

  recompute(sentence.get());
  sentence.subscribe(recompute);
  show(0);
}
