// The page's number and name formatters, said once so every section and
// component writes the same thing for the same value.
//
//   percent(0.314)      → "31%"
//   formatMs(0.314)     → "0.31 ms"; formatMs(0.04) → "under 0.1 ms"
//   formatMeanMs(0.042) → "0.042 ms"
//   headName({ layer: 1, head: 2 }) → "L1H2"

/** Percent text of a weight in [0, 1], as shown in each heatmap cell: "31%". */
export function percent(w) {
  return `${Math.round(w * 100)}%`;
}

/**
 * A duration in milliseconds, with two decimals below 10 ms and one above
 * ("0.31 ms", "12.3 ms"), and "under 0.1 ms" below 0.1 ms: browsers coarsen
 * performance.now() to 0.1 ms or more, so smaller digits would be noise.
 * @param {number} ms
 * @returns {string}
 */
export function formatMs(ms) {
  if (ms < 0.1) return "under 0.1 ms";
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

/**
 * A mean over many timed runs, with about three significant digits
 * ("0.042 ms", "3.14 ms", "12.3 ms"): averaging makes digits below the
 * browser's timer step meaningful, unlike one run's formatMs().
 * @param {number} ms
 * @returns {string}
 */
export function formatMeanMs(ms) {
  const digits = ms < 1 ? 3 : ms < 10 ? 2 : 1;
  return `${ms.toFixed(digits)} ms`;
}

/**
 * The name of one head of the trained model: "L1H2" is head 2 of layer 1,
 * both counted from 0 as in docs/MODEL.md.
 * @param {{ layer: number, head: number }} h  any head's identity, such
 *   as one entry of Model.analyze()'s heads
 * @returns {string}
 */
export function headName({ layer, head }) {
  return `L${layer}H${head}`;
}
