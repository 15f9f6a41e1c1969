// Renderer of #training's progress bar and its "Step … of …" text.
import { describeProgress } from "./text.js";

/**
 * Draws the run's progress in the box built by layout.js.
 * @param {HTMLElement} element the progress box
 * @param {{ step: number, total: number, elapsedMs: number }} data the last
 *   step reached, of how many, after how long (ms)
 */
export function renderProgress(element, data) {
  const { step, total, elapsedMs } = data;
  element.querySelector("progress").value = step;
  element.querySelector(".training-progress__text").textContent =
    describeProgress(step, total, elapsedMs);
}
