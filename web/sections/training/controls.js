// Renderer of #training's buttons: which are enabled and what they say, for
// the run's state.
import { LABELS } from "./text.js";

/**
 * Sets the buttons of the group built by layout.js for `data.state`.
 * @param {HTMLElement} element the controls' group
 * @param {{ state: string, hasRun: boolean }} data the run's state
 *   ("idle", "starting", "running", "paused", "done" or "error") and whether
 *   there is a run to reset
 */
export function renderControls(element, data) {
  const { state, hasRun } = data;
  const button = (name) =>
    /** @type {HTMLButtonElement} */ (
      element.querySelector(`.training-${name}`)
    );
  const start = button("start");
  const pause = button("pause");
  const active =
    state === "starting" || state === "running" || state === "paused";
  start.disabled = active;
  start.textContent =
    state === "done" || state === "error" ? LABELS.again : LABELS.start;
  pause.disabled = !(state === "running" || state === "paused");
  pause.textContent = state === "paused" ? LABELS.resume : LABELS.pause;
  button("reset").disabled = !hasRun;
}
