// Type declarations for web/lib/random.js, written by hand: reproducible
// pseudo-random numbers for example weights and embeddings. The generator is
// mulberry32, so the same seed gives the same numbers in every browser and in
// Node. Not for cryptography.

import type { MHA, Weights } from "./mha.js";

/**
 * A generator of uniform floats in `[0, 1)`, fully determined by `seed`
 * (mulberry32). The seed is taken modulo 2³², so `seed` and `seed + 2 ** 32`
 * give the same sequence.
 *
 * @param seed - Any integer.
 * @returns A function that returns the next number of the sequence each time
 *   it is called.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./web/lib/random.js";
 * const next = seededRandom(42);
 * next(); // 0.6011037519201636
 * next(); // 0.44829055899754167
 * ```
 */
export declare function seededRandom(seed: number): () => number;

/**
 * `length` uniform values in `[-scale, scale)`, reproducible from `seed`.
 *
 * @param length - How many values.
 * @param seed - Any integer.
 * @param scale - Half the width of the range; default 1.
 * @returns A new `Float32Array` of `length` values.
 *
 * @example
 * ```ts
 * import { seededUniform } from "./web/lib/random.js";
 * const x = seededUniform(4 * 8, 7); // 4 tokens × dModel 8, in [-1, 1)
 * seededUniform(3, 7, 0.5); // Float32Array [-0.488, -0.438, 0.477]
 * ```
 */
export declare function seededUniform(
  length: number,
  seed: number,
  scale?: number,
): Float32Array;

/**
 * Random multi-head attention weights, as a fresh model would have before
 * training: `wq`, `wk`, `wv` and `wo` uniform in `±1/√dModel`, no biases.
 * The result spreads straight into {@link MHA.forward}'s argument.
 *
 * @param dModel - Model width.
 * @param heads - Number of heads (should divide `dModel`; not checked here).
 * @param seed - Any integer; default 1. Matrix `k` (1 to 4) of seed `s` uses
 *   `seededUniform` seed `4s + k`.
 * @returns `{ dModel, heads, wq, wk, wv, wo }`, each matrix
 *   `dModel * dModel` values, row-major.
 *
 * @example
 * ```ts
 * import { createMHA } from "mha-explainer";
 * import { seededUniform, seededWeights } from "./web/lib/random.js";
 * const mha = await createMHA();
 * const r = mha.forward({ x: seededUniform(3 * 8, 1), n: 3, ...seededWeights(8, 2) });
 * ```
 */
export declare function seededWeights(
  dModel: number,
  heads: number,
  seed?: number,
): Omit<Weights, "bq" | "bk" | "bv" | "bo">;

/**
 * A stable 32-bit hash of a string (FNV-1a over its UTF-16 code units), for
 * example to give each word its own reproducible vector.
 *
 * @param text - Any string.
 * @returns An unsigned integer in `[0, 2³²)`.
 *
 * @example
 * ```ts
 * import { hashString, seededUniform } from "./web/lib/random.js";
 * hashString("fox"); // 3069416270
 * const foxVector = seededUniform(16, hashString("fox"));
 * ```
 */
export declare function hashString(text: string): number;
