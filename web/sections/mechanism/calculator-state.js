// Draws the calculator's controls from the last attempt: which preset is
// pressed, which fields are invalid, the core's error message, and whether
// the results are shown.

/** @typedef {{ n: number, dModel: number, heads: number }} Sizes */

/**
 * @param {import("./calculator-layout.js").CalculatorLayout} element
 * @param {{ failure: unknown, sizes: Sizes, chosen: string | null }} data
 *   the core's error (null if the sizes worked), the sizes read from the
 *   fields, and the preset that still matches them (null if none)
 */
export function renderCalculatorState(element, { failure, sizes, chosen }) {
  markInvalid(element, failure, sizes);
  for (const b of element.presetButtons)
    b.setAttribute("aria-pressed", String(b.dataset.preset === chosen));
  if (failure) {
    element.error.textContent =
      failure instanceof Error ? failure.message : String(failure);
    element.results.hidden = true;
    return;
  }
  element.error.textContent = "";
  element.results.hidden = false;
}

/**
 * Sets aria-invalid on the fields the failure is about.
 * @param {{ dModel: HTMLInputElement, heads: HTMLInputElement,
 *   context: HTMLInputElement }} fields
 * @param {any} failure the core's error, or null
 * @param {Sizes} sizes
 */
function markInvalid({ dModel, heads, context }, failure, sizes) {
  const bad = new Set();
  if (failure) {
    if (failure.code === "HEADS_DO_NOT_DIVIDE") bad.add(heads);
    /** @type {[HTMLInputElement, number][]} */
    const checks = [
      [dModel, sizes.dModel],
      [heads, sizes.heads],
      [context, sizes.n],
    ];
    for (const [input, v] of checks) {
      if (!Number.isInteger(v) || v < 1) bad.add(input);
    }
    if (bad.size === 0 && failure.code === "TOO_LARGE") {
      bad.add(dModel);
      bad.add(context);
    }
  }
  for (const input of [dModel, heads, context]) {
    if (bad.has(input)) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}
