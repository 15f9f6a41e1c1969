// Section #mechanism, "The multi-head mechanism": the formulas (KaTeX, with MathML
// for screen readers), a live picture of W_Q splitting into one column
// block per head (mha.forward on seeded random weights), and the
// dimension-splitting calculator (mha.cost).
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; the core runs once per seed and projection.js draws from the
// kept result; calculator.js wires the calculator.
import { mountCalculator } from "./calculator.js";
import { projectionArgs } from "./example.js";
import { buildLayout } from "./layout.js";
import { renderProjection } from "./projection.js";

/**
 * Builds section #mechanism inside `root`.
 * @param {HTMLElement} root the empty section container
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, { mha }) {
  const layout = buildLayout(root.ownerDocument);
  root.replaceChildren(...layout.elements);

  let seed = 1;
  /** Last projection example: { seed, args, result } from the core. */
  let example = null;

  const compute = () => {
    const args = projectionArgs(seed);
    example = { seed, args, result: mha.forward(args) };
  };
  const draw = () => renderProjection(layout.projection, example);

  compute();
  draw();
  layout.reseed.addEventListener("click", () => {
    seed += 1;
    compute();
    draw();
  });

  mountCalculator(layout.calculator, mha);
}
