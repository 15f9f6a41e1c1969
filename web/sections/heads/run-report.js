// Draws what the controls say about a run: the token chips and timing of
// one that worked, or the problem of one that did not (and, if an older
// sentence is still shown, a note naming it).
import { formatMs } from "../../components/format.js";
import { tokenChips } from "../../components/token-chips.js";
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { CHIPS_LABEL, staleText, timingText } from "./text.js";

/** @typedef {ReturnType<typeof import("../../constructed/compute.js").computeHeads>} HeadsRun */

/**
 * A run that worked: clears the problem lines, draws chips and timing.
 * @param {{ chips: HTMLElement, timing: HTMLElement, problem: HTMLElement,
 *   stale: HTMLElement }} element the slots of layout.js
 * @param {HeadsRun} run the last computed run (no problem)
 */
export function renderRun(element, run) {
  const doc = element.chips.ownerDocument;
  element.problem.textContent = "";
  element.stale.textContent = "";
  element.chips.replaceChildren(
    tokenChips(doc, run.tokens, { show: "tag", label: CHIPS_LABEL }),
  );
  element.timing.textContent = timingText(
    CONSTRUCTED_HEADS.length,
    run.tokens.length,
    formatMs(run.forwardMs),
    formatMs(run.totalMs),
  );
}

/**
 * A run that did not work: says why, and which sentence is still shown.
 * @param {{ problem: HTMLElement, stale: HTMLElement }} element
 * @param {{ problem: string, shownText: string | null }} data the run's
 *   problem and the text of the last run that worked (null if none)
 */
export function renderProblem(element, { problem, shownText }) {
  element.problem.textContent = problem;
  element.stale.textContent = shownText === null ? "" : staleText(shownText);
}
