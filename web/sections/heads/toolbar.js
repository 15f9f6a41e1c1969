// Draws the toolbar's state: which head button, or the grid button, is
// pressed.

/**
 * @param {{ headButtons: HTMLElement[], gridButton: HTMLElement }} element
 *   the toolbar's buttons
 * @param {{ head: number, grid: boolean }} data the current view
 */
export function renderToolbar({ headButtons, gridButton }, { head, grid }) {
  headButtons.forEach((b, i) =>
    b.setAttribute("aria-pressed", String(!grid && i === head)),
  );
  gridButton.setAttribute("aria-pressed", String(grid));
}
