// Renderer of #training's milestone list: one line per head that appeared.
import { el } from "../../components/dom.js";
import { headName } from "../../components/format.js";
import { describeMilestone } from "./text.js";

/**
 * @typedef {object} Milestone a "milestone" message of the training loop
 * @property {string} kind "induction" or "previous-token"
 * @property {number} step
 * @property {number} layer
 * @property {number} head
 * @property {number} score
 */

/**
 * Lists the run's milestones in `element`, replacing what it held.
 * @param {HTMLElement} element the milestone list (a ul)
 * @param {{ milestones: Milestone[] }} data the run's milestones so far
 */
export function renderMilestones(element, data) {
  const doc = element.ownerDocument;
  element.replaceChildren(
    ...data.milestones.map((m) =>
      el(doc, "li", {
        className: `training-milestone training-milestone--${m.kind}`,
        "data-kind": m.kind,
        "data-step": m.step,
        "data-score": m.score,
        "data-head": headName(m),
        text: describeMilestone(m),
      }),
    ),
  );
}
