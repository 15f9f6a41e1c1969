// The fixed layout of section #mechanism, built once from text.js: the
// opening, the formulas, the projection panel with its empty matrix slots
// (filled by projection.js), and the dimension-splitting heading with the
// calculator's empty container (filled by calculator.js).
import { el } from "../../components/dom.js";
import { mathElement, withMath } from "../../components/math.js";
import { MECH_D_MODEL, MECH_HEADS, MECH_TOKENS } from "./example.js";
import { FORMULAS, INTRO, PROJECTION, SPLITTING } from "./text.js";

/** The width of each head in the projection example. */
export const MECH_D_K = MECH_D_MODEL / MECH_HEADS;

/**
 * @typedef {object} MechanismLayout
 * @property {HTMLElement[]} elements the section's children, in order
 * @property {HTMLButtonElement} reseed draws new random weights
 * @property {ProjectionSlots} projection where projection.js draws
 * @property {HTMLElement} calculator the calculator's empty container
 */

/**
 * @typedef {object} ProjectionSlots
 * @property {HTMLElement} seedStatus the seed line
 * @property {HTMLElement} xBox X
 * @property {HTMLElement} wqBox W^Q
 * @property {HTMLElement} qBox Q
 * @property {HTMLElement[]} blockBoxes one per head's block of Q
 */

/**
 * Builds the layout.
 * @param {Document} doc
 * @returns {MechanismLayout}
 */
export function buildLayout(doc) {
  const intro = el(doc, "p", {}, [
    INTRO.before,
    el(doc, "q", { text: INTRO.quote }),
    INTRO.after,
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

  const { element: projectionPanel, reseed, slots } = buildProjection(doc);
  const calculator = el(doc, "div", { className: "panel mechanism-calc" });

  return {
    elements: [
      intro,
      formulas,
      projectionPanel,
      el(doc, "h3", { text: SPLITTING.title }),
      el(doc, "p", {}, withMath(doc, SPLITTING.lead)),
      calculator,
    ],
    reseed,
    projection: slots,
    calculator,
  };
}

/**
 * The projection panel: X · W^Q = Q, then Q cut into one block per head.
 * @param {Document} doc
 * @returns {{ element: HTMLElement, reseed: HTMLButtonElement,
 *   slots: ProjectionSlots }}
 */
function buildProjection(doc) {
  const reseed = /** @type {HTMLButtonElement} */ (
    el(doc, "button", {
      type: "button",
      id: "mechanism-reseed",
      text: PROJECTION.reseed,
    })
  );
  const seedStatus = el(doc, "p", {
    className: "note mechanism-seed",
    "aria-live": "polite",
  });
  const item = () => el(doc, "div", { className: "mechanism-proj__item" });
  const xBox = item();
  const wqBox = item();
  const qBox = item();
  const blockBoxes = Array.from({ length: MECH_HEADS }, (_, h) =>
    el(doc, "div", {
      className: `mechanism-block matrix__edge--${h}`,
      "data-head": String(h + 1),
    }),
  );
  const op = (text) =>
    el(doc, "span", { className: "mechanism-op", "aria-hidden": "true", text });
  const element = el(doc, "div", { className: "panel mechanism-proj" }, [
    el(doc, "h3", { text: PROJECTION.title }),
    el(
      doc,
      "p",
      {},
      withMath(doc, PROJECTION.lead(MECH_D_MODEL, MECH_HEADS, MECH_D_K)),
    ),
    el(doc, "div", { className: "mechanism-proj__controls" }, [
      reseed,
      seedStatus,
    ]),
    el(doc, "div", { className: "mechanism-proj__row" }, [
      xBox,
      op("·"),
      wqBox,
      el(doc, "div", { className: "mechanism-proj__result" }, [op("="), qBox]),
    ]),
    el(
      doc,
      "p",
      {},
      withMath(doc, PROJECTION.blocksLead(MECH_TOKENS.length, MECH_D_K)),
    ),
    el(doc, "div", { className: "mechanism-blocks" }, blockBoxes),
  ]);
  return {
    element,
    reseed,
    slots: { seedStatus, xBox, wqBox, qBox, blockBoxes },
  };
}
