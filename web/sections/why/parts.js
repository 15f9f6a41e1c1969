// Small helpers shared by #why's renderers: the tokens' colour classes and
// the heatmap cells of one query row.
import { CAT, SAT, THE, WHY_TOKENS } from "./example.js";

/**
 * Colour classes of the token segments: the shared Okabe–Ito group colours
 * (matrix.js), so "The" has head 1's colour and "sat" head 2's, as below.
 */
export const SWATCH = {
  [THE]: "matrix__edge--0",
  [CAT]: "matrix__edge--7",
  [SAT]: "matrix__edge--1",
};

/** The cells of query row `i` in a 3-token heatmap, as "i,j" keys. */
export function rowCells(i) {
  return new Set(WHY_TOKENS.map((_, j) => `${i},${j}`));
}
