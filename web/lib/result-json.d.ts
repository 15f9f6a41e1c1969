// Types for web/lib/result-json.js: a forward() result as JSON text.
import type { ForwardResult } from "./mha.js";

/** The value of the JSON's `format` field: "mha-explainer/forward-result@2". */
export declare const RESULT_JSON_FORMAT: string;

/**
 * The shortest decimal that reads back to the same float32 (null for a
 * non-finite value: JSON has no infinity).
 */
export declare function float32Number(x: number): number | null;

/**
 * The whole forward() result as JSON text, one top-level field per line:
 * `format`, `generator`, `notes`, the sizes, the fields of `extra`,
 * `shapes`, `layout` (index formulas, from layout.js) and every array as a
 * flat plain array of shortest round-trip float32 numbers (masked scores
 * are null). `extra` may not reuse those names (TypeError).
 */
export declare function forwardResultJSON(
  result: ForwardResult,
  extra?: Record<string, unknown>,
): string;
