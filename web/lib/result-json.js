// A forward() result as JSON text, for readers outside JavaScript (Python,
// a spreadsheet, a course's own code). The shapes and index formulas come
// from the same table that sizes forward()'s copy-out: web/lib/layout.js.
//
//   import { forwardResultJSON } from "mha-explainer/result-json.js";
//   const text = forwardResultJSON(mha.forward(args), { tokens });
import { FORWARD_LAYOUT, forwardShapes } from "./layout.js";

/** The value of the JSON's `format` field. */
export const RESULT_JSON_FORMAT = "mha-explainer/forward-result@2";

const SIZE_KEYS = ["n", "dModel", "headCount", "dK", "causal"];
const RESERVED = new Set([
  "format",
  "generator",
  "notes",
  "shapes",
  "layout",
  "heads",
  ...SIZE_KEYS,
  ...Object.keys(FORWARD_LAYOUT),
]);

/**
 * The shortest decimal that reads back to the same float32 (null for a
 * non-finite value: JSON has no infinity).
 * @param {number} x  a float32 value
 * @returns {number | null}
 */
export function float32Number(x) {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0;
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

/** JSON.stringify replacer: typed arrays become plain arrays of numbers. */
function replacer(key, value) {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (value instanceof Float32Array) return Array.from(value, float32Number);
    const view = /** @type {ArrayLike<number | bigint>} */ (
      /** @type {unknown} */ (value)
    );
    return Array.from(view, (v) =>
      typeof v === "bigint" ? String(v) : Number.isFinite(v) ? v : null,
    );
  }
  return value;
}

/**
 * The whole forward() result as JSON text: one top-level field per line.
 *
 * Fields, in order: `format` ("mha-explainer/forward-result@2"),
 * `generator`, `notes` (strings: how to read the file), the sizes `n`,
 * `dModel`, `headCount`, `dK`, `causal`, then every field of `extra` (e.g.
 * `tokens`, `inputs: { x, … }`, `version`, `sentence`; typed arrays in it
 * become plain arrays), then `shapes` (e.g. `weights: [headCount, n, n]`,
 * `concat: [n, dModel]`, `contributionNorms: [headCount, n]`; the product
 * of a shape is the array's length), `layout` (the index formula of each
 * array), and finally each array of the result under its own name (`q`,
 * `k`, `v`, `scores`, `weights`, `headOutputs`, `concat`, `output`,
 * `contributions`, `contributionNorms`) as a flat, row-major plain array.
 * (Format version 1 called `headOutputs` "heads".)
 *
 * Float32 values are written with the fewest digits that read back to the
 * same float32: `Float32Array.from(json.weights)` equals `result.weights`
 * exactly. Masked scores (-Infinity) are written as null.
 *
 * @param {import("./mha.js").ForwardResult} result  from mha.forward()
 * @param {Record<string, unknown>} [extra] more top-level fields; they may
 *   not reuse the names above (TypeError)
 * @returns {string}
 */
export function forwardResultJSON(result, extra = {}) {
  if (!result || !Number.isInteger(result.n)) {
    throw new TypeError("forwardResultJSON: expects the result of forward()");
  }
  for (const key of Object.keys(extra ?? {})) {
    if (RESERVED.has(key)) {
      throw new TypeError(
        `forwardResultJSON: extra.${key} would overwrite a field of the result`,
      );
    }
  }
  const shapes = {};
  const layout = {};
  const known = forwardShapes(result);
  const arrays = {};
  for (const [key, value] of Object.entries(result)) {
    if (!ArrayBuffer.isView(value) || value instanceof DataView) continue;
    const array = /** @type {ArrayLike<number>} */ (
      /** @type {unknown} */ (value)
    );
    const shape = known[key];
    const fits = shape && shape.reduce((a, b) => a * b, 1) === array.length;
    shapes[key] = fits ? shape : [array.length];
    if (FORWARD_LAYOUT[key]) layout[key] = FORWARD_LAYOUT[key].index;
    arrays[key] = value;
  }
  const doc = {
    format: RESULT_JSON_FORMAT,
    generator: "mha-explainer",
    notes: [
      "One forward pass of multi-head attention, as computed by the explainer's wasm core.",
      "Every array is flat and row-major; per-head tensors put the heads one after another (head h's block starts at h * n * columns). 'shapes' gives each array's dimensions (their product is its length) and 'layout' its index formula: h = head, i = query token, j = key token, c = column, dK = dModel / headCount.",
      "Masked scores (-Infinity in forward(), e.g. under the causal mask) are written as null, because JSON has no infinity; their weights are exactly 0.",
      "Numbers are float32 values written with the fewest digits that read back to the same float32 (e.g. Float32Array.from(weights) in JavaScript, numpy.array(weights, dtype=numpy.float32) in Python).",
      "'headOutputs' is each head's output (weights · v); the number of heads is 'headCount'.",
    ],
  };
  for (const key of SIZE_KEYS) doc[key] = result[key];
  Object.assign(doc, extra ?? {});
  doc.shapes = shapes;
  doc.layout = layout;
  Object.assign(doc, arrays);
  const lines = [];
  for (const [key, value] of Object.entries(doc)) {
    const text = JSON.stringify(value, replacer);
    if (text !== undefined) lines.push(`  ${JSON.stringify(key)}: ${text}`);
  }
  return `{\n${lines.join(",\n")}\n}\n`;
}
