// Type declarations for mha-explainer (web/lib/mha.js), written by hand.
// The full reference, with worked examples, is docs/API.md.
//
// Conventions used throughout:
//   - Every matrix is a flat, row-major array: element (row r, column c) of a
//     matrix with `cols` columns is at index r * cols + c.
//   - Per-head tensors stack the heads one after another: head h's block
//     starts at h * n * cols.
//   - Every array the API returns is a fresh copy, safe to keep after later
//     calls (even when those calls grow the wasm memory).

/**
 * The version of this package, following semantic versioning. Equal to the
 * `version` field of package.json and to {@link MHA.version}.
 *
 * @example
 * ```ts
 * import { VERSION } from "mha-explainer";
 * console.log(VERSION); // "0.1.0"
 * ```
 */
export declare const VERSION: string;

/**
 * The machine-readable reason carried by every {@link MHAError}:
 *
 * - `"HEADS_DO_NOT_DIVIDE"`: `dModel` is not a multiple of `heads`.
 * - `"ZERO_SIZE"`: `n`, `dModel`, `heads` (or the rows of a position table)
 *   is zero or negative.
 * - `"SHAPE_MISMATCH"`: an array has the wrong length for the sizes given.
 * - `"NON_FINITE"`: an input contains `NaN`, `Infinity` or `-Infinity`; or
 *   finite inputs overflowed the float range on the way (the message names
 *   the result), or a trainer diverged.
 * - `"TOO_LARGE"`: `n` is above {@link Limits.maxTokens}, `dModel` is above
 *   {@link Limits.maxModelDim}, or `n` is longer than a learned position table;
 *   or a call would need more memory than its limit (a trainer over 1 GiB,
 *   a weights export over 256 MiB of text), said before anything is
 *   allocated.
 * - `"BAD_JSON"`: a weights document is not valid JSON, or a field is missing
 *   or of the wrong kind.
 * - `"MISSING_ARRAY"`: a required array (`x`, `wq`, `wk`, `wv`, `wo`) is
 *   `undefined` or `null`.
 * - `"BAD_TYPE"`: an argument has the wrong JavaScript type (a string for a
 *   size, a fractional size, an `Int32Array` for a float array, ...).
 * - `"OUT_OF_MEMORY"`: the wasm heap could not hold the inputs.
 * - `"OUT_OF_RANGE"`: a training setting (learning rate, span, seed, ...)
 *   or a layer/head index is outside its allowed range, or an integer is
 *   outside the 32-bit range (it is never wrapped).
 * - `"DISPOSED"`: a {@link Model} or {@link Trainer} was used after
 *   `dispose()`.
 * - `"INTERNAL"`: the wasm core itself failed; please report it.
 * - `"UNSUPPORTED"`: a well-formed checkpoint of a model family or option
 *   the core does not run; the message lists what it supports.
 * - `"ABORTED"`: {@link MHA.loadCheckpoint}'s signal cancelled the load.
 *
 * @example
 * ```ts
 * import { MHAError, type ErrorCode } from "mha-explainer";
 * function describe(code: ErrorCode): string {
 *   return code === "SHAPE_MISMATCH" ? "check your array lengths" : code;
 * }
 * try {
 *   mha.forward(args);
 * } catch (e) {
 *   if (e instanceof MHAError) console.log(describe(e.code));
 * }
 * ```
 */
export type ErrorCode =
  | "HEADS_DO_NOT_DIVIDE"
  | "ZERO_SIZE"
  | "SHAPE_MISMATCH"
  | "NON_FINITE"
  | "TOO_LARGE"
  | "BAD_JSON"
  | "MISSING_ARRAY"
  | "BAD_TYPE"
  | "OUT_OF_MEMORY"
  | "OUT_OF_RANGE"
  | "DISPOSED"
  | "INTERNAL"
  | "UNSUPPORTED"
  | "ABORTED";

/**
 * Every {@link ErrorCode}, in a frozen array, in this order. Under semantic
 * versioning, renaming or removing a code is a breaking change.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from "mha-explainer";
 * ERROR_CODES.includes("BAD_JSON"); // true
 * ```
 */
export declare const ERROR_CODES: readonly [
  "HEADS_DO_NOT_DIVIDE",
  "ZERO_SIZE",
  "SHAPE_MISMATCH",
  "NON_FINITE",
  "TOO_LARGE",
  "BAD_JSON",
  "MISSING_ARRAY",
  "BAD_TYPE",
  "OUT_OF_MEMORY",
  "OUT_OF_RANGE",
  "DISPOSED",
  "INTERNAL",
  "UNSUPPORTED",
  "ABORTED",
];

/**
 * The one error type the API throws for bad input. `code` is stable and
 * meant for programs; `message` names the offending argument (and, for
 * shapes, the expected and actual sizes) and is meant for people. Its wording
 * may change between releases.
 *
 * A failure to load the wasm module in {@link createMHA} is not an
 * `MHAError`: the promise rejects with whatever the loader threw.
 *
 * @example
 * ```ts
 * import { createMHA, MHAError } from "mha-explainer";
 * const mha = await createMHA();
 * try {
 *   mha.sinusoidalPositions(0, 8);
 * } catch (e) {
 *   if (e instanceof MHAError && e.code === "ZERO_SIZE") {
 *     console.log(e.message); // "n (the number of tokens) must be at least 1, got 0"
 *   }
 * }
 * ```
 */
export declare class MHAError extends Error {
  /**
   * @param code - One of {@link ERROR_CODES}.
   * @param message - A sentence naming the problem.
   */
  constructor(code: ErrorCode, message: string);
  /** Always `"MHAError"`. */
  readonly name: "MHAError";
  /** Why the call failed; see {@link ErrorCode}. */
  readonly code: ErrorCode;
}

/**
 * An array of floats as the API accepts it. A `Float32Array` is used as is;
 * a `Float64Array` or a plain `Array` of numbers is converted to a
 * `Float32Array` (values are rounded to the nearest float). Inputs are only
 * read, never modified.
 *
 * @example
 * ```ts
 * const a: FloatInput = new Float32Array([0.1, 0.2]);
 * const b: FloatInput = [0.1, 0.2];
 * const c: FloatInput = Float64Array.of(0.1, 0.2);
 * ```
 */
export type FloatInput = Float32Array | Float64Array | readonly number[];

/**
 * Key-padding flags, one per token: a `Uint8Array`, or an `Array` of
 * numbers or booleans. A zero (or `false`) entry hides that token, as a key,
 * from every query; any other value keeps it.
 *
 * @example
 * ```ts
 * const keep: KeepInput = [1, 1, 1, 0]; // the last of 4 tokens is padding
 * const same: KeepInput = [true, true, true, false];
 * const also: KeepInput = Uint8Array.of(1, 1, 1, 0);
 * ```
 */
export type KeepInput = Uint8Array | readonly (number | boolean)[];

/**
 * Where and how {@link createMHA} finds the wasm binary (`mha_core.wasm`).
 * At most one is needed; if several are given, `wasmBinary` wins, then
 * `wasmUrl`, then `locateFile`. With none, the browser fetches
 * `mha_core.wasm` from the `wasm/` folder next to `mha.js`, and Node reads
 * that file from disk.
 *
 * @example
 * ```ts
 * // The page serves the binary from a path of its own.
 * const mha = await createMHA({ wasmUrl: "/static/mha_core.wasm" });
 * ```
 */
export interface CreateOptions {
  /**
   * The URL of `mha_core.wasm`, absolute or relative to the page. In Node
   * it must be an `http:` or `https:` URL (Node cannot fetch `file:` URLs);
   * prefer the default or `wasmBinary` there.
   */
  readonly wasmUrl?: string | URL;
  /**
   * Called with each file the Emscripten module loads (only
   * `"mha_core.wasm"`) and the folder of `mha_core.mjs` (`""` in Node);
   * returns the URL to fetch. Ignored for the `.wasm` file when `wasmUrl`
   * is also given.
   */
  readonly locateFile?: (file: string, prefix: string) => string;
  /** The bytes of `mha_core.wasm`, already loaded; nothing is fetched. */
  readonly wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Which build of the core to load (see {@link Kernels}). Left out, the
   * relaxed-SIMD build is loaded when this engine validates relaxed SIMD
   * (Chromium; Node with `--experimental-wasm-relaxed-simd`), else the
   * SIMD128 one; with `wasmBinary` or `wasmUrl` it is `"simd128"` (the
   * bytes or URL of `mha_core.wasm`) unless given. `locateFile` is called
   * with `"mha_core_relaxed.wasm"` when the relaxed build is loaded.
   *
   * Throws (rejects with) an {@link MHAError}: `BAD_TYPE` for any other
   * value, `UNSUPPORTED` for `"relaxed-simd"` where the engine does not
   * validate relaxed SIMD, or where this build has no relaxed module (the
   * offline bundle).
   */
  readonly kernels?: Kernels;
}

/**
 * The two builds of the wasm core, which give the same results up to float
 * rounding:
 * - `"simd128"`: `mha_core.wasm`, WebAssembly SIMD128, runs everywhere;
 * - `"relaxed-simd"`: `mha_core_relaxed.wasm`, whose kernels do each
 *   multiply-add as one fused `f32x4.relaxed_madd` (faster where the CPU has
 *   FMA).
 */
export type Kernels = "simd128" | "relaxed-simd";

/**
 * The largest sizes the core accepts (also available as
 * {@link MHA.limits}).
 *
 * @example
 * ```ts
 * const { maxTokens, maxModelDim } = mha.limits; // 2048, 4096
 * ```
 */
export interface Limits {
  /** Largest `n` (number of tokens): 2048. */
  readonly maxTokens: number;
  /** Largest `dModel` (model width): 4096. */
  readonly maxModelDim: number;
}

/**
 * The weights of one multi-head attention layer, as the API accepts them
 * ({@link MHA.forward} spreads them in, {@link MHA.weightsToJSON} writes them).
 * The four matrices are `dModel × dModel`, row-major, applied as `X · W`: the
 * element at `wq[r * dModel + c]` maps input feature `r` to output feature
 * `c`. Head `h` uses columns `h * dK` to `(h + 1) * dK - 1` of `wq`, `wk` and
 * `wv`, and the same rows of `wo`, where `dK = dModel / heads`.
 *
 * @example
 * ```ts
 * const weights: WeightsInput = {
 *   dModel: 2,
 *   heads: 1,
 *   wq: [1, 0, 0, 1],
 *   wk: [1, 0, 0, 1],
 *   wv: [1, 0, 0, 1],
 *   wo: [1, 0, 0, 1],
 *   bo: [0.5, -0.5],
 * };
 * ```
 */
export interface WeightsInput {
  /** Model width; 1 to {@link Limits.maxModelDim}, a multiple of `heads`. */
  readonly dModel: number;
  /** Number of heads; at least 1, and must divide `dModel`. */
  readonly heads: number;
  /** Query projection, `dModel × dModel`: `wq[r * dModel + c]`. */
  readonly wq: FloatInput;
  /** Key projection, `dModel × dModel`: `wk[r * dModel + c]`. */
  readonly wk: FloatInput;
  /** Value projection, `dModel × dModel`: `wv[r * dModel + c]`. */
  readonly wv: FloatInput;
  /** Output projection, `dModel × dModel`: `wo[r * dModel + c]`. */
  readonly wo: FloatInput;
  /** Optional query bias, `dModel` values. `undefined` or `null`: none. */
  readonly bq?: FloatInput | null | undefined;
  /** Optional key bias, `dModel` values. `undefined` or `null`: none. */
  readonly bk?: FloatInput | null | undefined;
  /** Optional value bias, `dModel` values. `undefined` or `null`: none. */
  readonly bv?: FloatInput | null | undefined;
  /** Optional output bias, `dModel` values. `undefined` or `null`: none. */
  readonly bo?: FloatInput | null | undefined;
}

/**
 * Weights as the API returns them ({@link MHA.weightsFromJSON},
 * `seededWeights` in random.js): every array a `Float32Array` with the
 * layout described in {@link WeightsInput}. An absent bias is `undefined`.
 * A `Weights` object is also a valid {@link WeightsInput}.
 *
 * @example
 * ```ts
 * const w: Weights = mha.weightsFromJSON(text);
 * const r = mha.forward({ x, n, ...w });
 * ```
 */
export interface Weights {
  /** Model width. */
  dModel: number;
  /** Number of heads. */
  heads: number;
  /** Query projection, `dModel × dModel`, row-major. */
  wq: Float32Array;
  /** Key projection, `dModel × dModel`, row-major. */
  wk: Float32Array;
  /** Value projection, `dModel × dModel`, row-major. */
  wv: Float32Array;
  /** Output projection, `dModel × dModel`, row-major. */
  wo: Float32Array;
  /** Query bias, `dModel` values, or `undefined` for none. */
  bq?: Float32Array | undefined;
  /** Key bias, `dModel` values, or `undefined` for none. */
  bk?: Float32Array | undefined;
  /** Value bias, `dModel` values, or `undefined` for none. */
  bv?: Float32Array | undefined;
  /** Output bias, `dModel` values, or `undefined` for none. */
  bo?: Float32Array | undefined;
}

/**
 * The argument of {@link MHA.forward}: the token vectors, the sizes, the
 * weights (see {@link WeightsInput}) and an optional mask.
 *
 * @example
 * ```ts
 * const args: ForwardArgs = {
 *   x: new Float32Array(4 * 8), // 4 tokens, dModel 8: x[i * 8 + c]
 *   n: 4,
 *   ...seededWeights(8, 2), // dModel: 8, heads: 2, wq, wk, wv, wo
 *   causal: true,
 *   keep: [1, 1, 1, 0],
 * };
 * ```
 */
export interface ForwardArgs extends WeightsInput {
  /**
   * The token vectors, `n × dModel`, row-major: feature `c` of token `i`
   * is `x[i * dModel + c]`. Usually embeddings plus positional encodings.
   */
  readonly x: FloatInput;
  /** Number of tokens; 1 to {@link Limits.maxTokens}. */
  readonly n: number;
  /**
   * When `true`, query `i` may attend to keys `0..i` only (a decoder).
   * Default `false`. Must be a boolean if given.
   */
  readonly causal?: boolean | undefined;
  /**
   * Optional key-padding flags, `n` of them: `keep[j] == 0` hides token `j`
   * from every query. Combines with `causal`. `undefined` or `null`: keep
   * every token.
   */
  readonly keep?: KeepInput | null | undefined;
}

/**
 * Every intermediate of one forward pass, as fresh `Float32Array`s (copies:
 * they stay valid and unchanged after later calls, whatever happens to the
 * wasm memory). Below, `H` is the number of heads, `dK = dModel / H`, `h` a
 * head, `i` a query token, `j` a key token and `c` a column.
 *
 * | Property            | Length           | Index of (h, i, j or c)          |
 * | ------------------- | ---------------- | -------------------------------- |
 * | `q`, `k`, `v`       | `H * n * dK`     | `h * n * dK + i * dK + c`        |
 * | `scores`            | `H * n * n`      | `h * n * n + i * n + j`          |
 * | `weights`           | `H * n * n`      | `h * n * n + i * n + j`          |
 * | `headOutputs`       | `H * n * dK`     | `h * n * dK + i * dK + c`        |
 * | `concat`            | `n * dModel`     | `i * dModel + h * dK + c`        |
 * | `output`            | `n * dModel`     | `i * dModel + c`                 |
 * | `contributions`     | `H * n * dModel` | `h * n * dModel + i * dModel + c`|
 * | `contributionNorms` | `H * n`          | `h * n + i`                      |
 *
 * The head count is `headCount`; `headOutputs` (formerly `heads`) is the
 * per-head output tensor. The table is web/lib/layout.js's `FORWARD_LAYOUT`,
 * which also sizes the copy-out. `headWeights(h)` and `headScores(h)` give
 * one head's n × n block without copying. The methods and the deprecated
 * `heads` live on a prototype: a result's own properties are plain data.
 *
 * @example
 * ```ts
 * const r = mha.forward({ x, n, dModel, heads, wq, wk, wv, wo });
 * const H = r.headCount;
 * // How much token 2 attends to token 0 in head 1:
 * const w = r.weights[1 * r.n * r.n + 2 * r.n + 0];
 * // Head 1's attention matrix, n × n, without copying:
 * const head1 = r.headWeights(1); // = r.weights.subarray(n * n, 2 * n * n)
 * ```
 */
export interface ForwardResult {
  /** Number of tokens, as passed in. */
  readonly n: number;
  /** Model width, as passed in. */
  readonly dModel: number;
  /** Number of heads, as passed in as `heads`. */
  readonly headCount: number;
  /** Width of each head: `dModel / heads`. */
  readonly dK: number;
  /** Whether the causal mask was applied. */
  readonly causal: boolean;
  /**
   * Per-head queries, `H × n × dK`: `q[h * n * dK + i * dK + c]` is column
   * `h * dK + c` of `x · wq + bq` for token `i`.
   */
  readonly q: Float32Array;
  /** Per-head keys, `H × n × dK`: `k[h * n * dK + j * dK + c]`. */
  readonly k: Float32Array;
  /** Per-head values, `H × n × dK`: `v[h * n * dK + j * dK + c]`. */
  readonly v: Float32Array;
  /**
   * Scaled scores `q · kᵀ / √dK`, `H × n × n`:
   * `scores[h * n * n + i * n + j]`. Masked cells are `-Infinity`.
   */
  readonly scores: Float32Array;
  /**
   * Attention weights (softmax of each row of `scores`), `H × n × n`:
   * `weights[h * n * n + i * n + j]` is how much query `i` attends to key
   * `j` in head `h`. Each row sums to 1; masked cells are exactly 0; a row
   * whose every key is masked is all zeros.
   */
  readonly weights: Float32Array;
  /**
   * Each head's output (`weights · v`), `H × n × dK`:
   * `headOutputs[h * n * dK + i * dK + c]`.
   */
  readonly headOutputs: Float32Array;
  /**
   * @deprecated Renamed `headOutputs` (the word "heads" means the count);
   * this alias is removed in the next minor release. Not an own property.
   */
  readonly heads: Float32Array;
  /**
   * The head outputs side by side, `n × dModel`:
   * `concat[i * dModel + h * dK + c] === headOutputs[h * n * dK + i * dK + c]`.
   */
  readonly concat: Float32Array;
  /** The layer's output `concat · wo + bo`, `n × dModel`: `output[i * dModel + c]`. */
  readonly output: Float32Array;
  /**
   * Each head's share of the output, `H × n × dModel`:
   * `contributions[h * n * dModel + i * dModel + c]`. Summed over `h`, plus
   * `bo[c]`, it gives `output[i * dModel + c]`.
   */
  readonly contributions: Float32Array;
  /**
   * The length (L2 norm) of each head's contribution to each token,
   * `H × n`: `contributionNorms[h * n + i]`.
   */
  readonly contributionNorms: Float32Array;
  /**
   * Head `h`'s attention weights, `n × n` with query rows: a view (no copy)
   * of `weights` from `h * n * n`. Mirrors
   * `ModelForwardResult.headWeights(layer, head)`.
   * @throws {MHAError} `OUT_OF_RANGE` unless `h` is an integer in
   *   `0 … headCount - 1`.
   */
  headWeights(h: number): Float32Array;
  /**
   * Head `h`'s scaled scores, `n × n` with query rows (masked cells
   * `-Infinity`): a view of `scores` from `h * n * n`.
   * @throws {MHAError} `OUT_OF_RANGE` unless `h` is an integer in
   *   `0 … headCount - 1`.
   */
  headScores(h: number): Float32Array;
}

/**
 * The argument of {@link MHA.forward} when the weights were given once to
 * {@link MHA.setWeights}: the token vectors, `n` and an optional mask, and
 * no weight arrays at all. `dModel` and `heads` may be left out (they are
 * the resident weights'); if given they must equal them.
 *
 * @example
 * ```ts
 * mha.setWeights(seededWeights(768, 12));
 * const args: ResidentForwardArgs = { x, n: 128, causal: true };
 * const { output } = mha.forward(args, { only: ["output"] });
 * ```
 */
export interface ResidentForwardArgs {
  /** The token vectors, `n × dModel`, row-major: `x[i * dModel + c]`. */
  readonly x: FloatInput;
  /** Number of tokens; 1 to {@link Limits.maxTokens}. */
  readonly n: number;
  /** If given, must equal the resident weights' `dModel`. */
  readonly dModel?: number | undefined;
  /** If given, must equal the resident weights' `heads`. */
  readonly heads?: number | undefined;
  /** As in {@link ForwardArgs.causal}. */
  readonly causal?: boolean | undefined;
  /** As in {@link ForwardArgs.keep}. */
  readonly keep?: KeepInput | null | undefined;
  /** No weight arrays: giving any means they are not the resident ones. */
  readonly wq?: undefined;
  readonly wk?: undefined;
  readonly wv?: undefined;
  readonly wo?: undefined;
  readonly bq?: null | undefined;
  readonly bk?: null | undefined;
  readonly bv?: null | undefined;
  readonly bo?: null | undefined;
}

/**
 * The results a lean forward can compute: any of {@link ForwardResult}'s
 * arrays, with the same layouts.
 */
export type LeanResultName =
  | "q"
  | "k"
  | "v"
  | "scores"
  | "weights"
  | "headOutputs"
  | "concat"
  | "output"
  | "contributions"
  | "contributionNorms";

/**
 * The second argument of {@link MHA.forward}: when given, the call is
 * *lean*: the core computes only the results named in `only` (e.g. no
 * per-head copies of Q, K and V, no contributions unless named), on the
 * SIMD128 kernels, and copies only those out. Without options every result
 * is computed, on the same kernels.
 *
 * @example
 * ```ts
 * const options: ForwardOptions<"output" | "weights"> = {
 *   only: ["output", "weights"],
 * };
 * ```
 */
export interface ForwardOptions<K extends LeanResultName = LeanResultName> {
  /** Which results to compute; at least one, repeats are ignored. */
  readonly only: readonly K[];
  /**
   * An earlier result of the same sizes, holding at least the arrays named
   * in `only`: this call's results are written into those arrays, which
   * the new result returns, instead of into fresh ones. See
   * {@link FullForwardOptions.into}.
   */
  readonly into?: IntoArrays<K>;
}

/**
 * Arrays for a forward to write its results into: each a `Float32Array` of
 * exactly the length {@link ForwardResult} documents for the call's sizes,
 * no two sharing memory. Any earlier result of the same `n`, `dModel` and
 * `heads` has them.
 */
export type IntoArrays<K extends LeanResultName> = {
  readonly [P in K]: Float32Array;
};

/**
 * The second argument of a full {@link MHA.forward} that reuses arrays.
 *
 * @example
 * ```ts
 * let r = mha.forward(args); // fresh arrays, once
 * r = mha.forward({ ...args, x: next }, { into: r }); // the same arrays
 * ```
 */
export interface FullForwardOptions {
  /**
   * An earlier result of the same sizes (or any {@link IntoArrays} of every
   * result): every result is written into its arrays, and the new result
   * holds those same arrays, so nothing is allocated for them. Arrays are
   * only written once the core has succeeded; a bad `into` throws
   * `BAD_TYPE` or `SHAPE_MISMATCH` before anything runs.
   */
  readonly into: IntoArrays<LeanResultName>;
}

/**
 * What a lean {@link MHA.forward} returns: the sizes of
 * {@link ForwardResult} and exactly the arrays named in `only`, each a fresh
 * copy with the layout documented there.
 *
 * @example
 * ```ts
 * const r: LeanForwardResult<"output"> = mha.forward(args, { only: ["output"] });
 * r.output[i * r.dModel + c];
 * ```
 */
export type LeanForwardResult<K extends LeanResultName> = Pick<
  ForwardResult,
  "n" | "dModel" | "headCount" | "dK" | "causal" | K
>;

/** What {@link MHA.cost} returns. */
export interface Cost {
  /** Width of each head, `dModel / heads`. */
  readonly dK: number;
  /** Weights of W_Q, W_K, W_V and W_O: `4·dModel²` (no biases). */
  readonly parameters: number;
  /** One head's share: `3·dModel·dK` (its Q, K, V columns) + `dK·dModel` (its W_O rows). */
  readonly parametersPerHead: number;
  /** All FLOPs per token: the sum of the three parts below. */
  readonly flopsPerToken: number;
  /** `8·dModel²`: the four projections. */
  readonly projectionFlopsPerToken: number;
  /** `4·n·dModel`: scores (Q·Kᵀ) and the weighted sum of values, over all heads. */
  readonly attentionFlopsPerToken: number;
  /** About `3·n·heads`: exponentials, sums and divisions of the softmax. */
  readonly softmaxFlopsPerToken: number;
}

/**
 * The API object that {@link createMHA} resolves to. It holds no
 * per-call resources: there is nothing to close, free or delete, and every
 * method is synchronous.
 *
 * @example
 * ```ts
 * const mha: MHA = await createMHA();
 * console.log(mha.version, mha.limits.maxTokens);
 * ```
 */
export interface MHA {
  /** The largest sizes accepted (a frozen object): 2048 tokens, dModel 4096. */
  readonly limits: Limits;
  /** The package version; the same as {@link VERSION}. */
  readonly version: string;
  /** Which build of the core was loaded; see {@link CreateOptions.kernels}. */
  readonly kernels: Kernels;

  /**
   * Runs multi-head attention (Vaswani et al. 2017) on `n` token vectors
   * and returns every intermediate. The inputs are only read.
   *
   * Checks happen in this order: the sizes (`n`, `dModel`, `heads`), then
   * `causal`, then each array's type and length (`x`, `wq`, `wk`, `wv`,
   * `wo`, `bq`, `bk`, `bv`, `bo`, `keep`), then finiteness of the values.
   *
   * @param args - Token vectors, sizes, weights and mask; see {@link ForwardArgs}.
   * @param options - Optional `{ into }`: an earlier result of the same
   *   sizes whose arrays receive this call's results
   *   ({@link FullForwardOptions}).
   * @returns Every intermediate, as copies (in `into`'s arrays when given);
   *   see {@link ForwardResult} for the layouts.
   * @throws {@link MHAError} with code
   * - `BAD_TYPE` if `args` is not an object, a size is not an integer,
   *   `causal` is not a boolean, or an array is of an unsupported type or
   *   holds a non-number;
   * - `ZERO_SIZE` if `n`, `dModel` or `heads` is below 1;
   * - `TOO_LARGE` if `n > limits.maxTokens` or `dModel > limits.maxModelDim`;
   * - `HEADS_DO_NOT_DIVIDE` if `dModel % heads !== 0`;
   * - `MISSING_ARRAY` if `x`, `wq`, `wk`, `wv` or `wo` is absent;
   * - `SHAPE_MISMATCH` if an array's length is not `n * dModel` (`x`),
   *   `dModel * dModel` (`wq`, `wk`, `wv`, `wo`), `dModel` (a bias) or `n`
   *   (`keep`);
   * - `NON_FINITE` if any input value is `NaN` or infinite;
   * - `OUT_OF_MEMORY` if the wasm heap cannot hold the inputs;
   * - `INTERNAL` if the wasm core itself fails (a bug: please report it);
   * - `BAD_TYPE` or `SHAPE_MISMATCH` if `into` is not an object of
   *   distinct `Float32Array`s of this call's lengths (before anything runs).
   *
   * - `TOO_LARGE` also if the whole call would need more than 1 GiB of
   *   wasm memory (for example `n` 1024, `dModel` 4096, `heads` 64), which
   *   is checked before any array is copied.
   *
   * @example
   * ```ts
   * import { createMHA } from "mha-explainer";
   * import { seededUniform, seededWeights } from "./web/lib/random.js";
   * const mha = await createMHA();
   * const n = 3, dModel = 4;
   * const r = mha.forward({
   *   x: seededUniform(n * dModel, 1),
   *   n,
   *   ...seededWeights(dModel, 2),
   *   causal: true,
   * });
   * r.weights[0 * n * n + 0 * n + 0]; // 1: the first token sees only itself
   * ```
   */
  forward(
    args: ForwardArgs | ResidentForwardArgs,
    options?: FullForwardOptions,
  ): ForwardResult;

  /**
   * The lean forward: the same attention, but the core computes only the
   * results named in `options.only` (`"output"`, `"concat"`, `"scores"`,
   * `"weights"`) and returns only those, with {@link ForwardResult}'s
   * layouts. It runs the projections, Q·Kᵀ, the softmax and weights·V on
   * the SIMD128 kernels without the per-head copies the explainer needs, so
   * it is the call to use in a loop, a model or a benchmark.
   *
   * With weights given once to {@link MHA.setWeights}, pass
   * {@link ResidentForwardArgs} (`x`, `n`, mask): then one call copies `x`
   * in (into a heap block reused across calls), runs, and copies the
   * results out, and nothing is allocated in the wasm heap. Weights passed
   * in `args` are checked and packed on every call instead.
   *
   * `output` alone is divided by the softmax sums after `weights · v`
   * rather than before, so it may differ from the full forward's in the
   * last bits of a float (within 1e-6 relative in practice).
   *
   * @param args - As for the full forward, or without weights.
   * @param options - `{ only: [...] }`, at least one name; with `into`,
   *   the arrays of an earlier result to write the results into.
   * @returns The sizes and the requested arrays only.
   * @throws {@link MHAError} as the full forward, and `BAD_TYPE` if
   *   `options` is not `{ only: [...] }` with known names; `SHAPE_MISMATCH`
   *   if `dModel` or `heads` differs from the resident weights'.
   *
   * @example
   * ```ts
   * mha.setWeights(weights); // once
   * for (const x of batches) {
   *   const { output } = mha.forward({ x, n }, { only: ["output"] });
   * }
   * ```
   */
  forward<K extends LeanResultName>(
    args: ForwardArgs | ResidentForwardArgs,
    options: ForwardOptions<K>,
  ): LeanForwardResult<K>;

  /**
   * Keeps a layer's weights in the core, checked and packed once for the
   * kernels, for every later {@link MHA.forward} call that passes no weight
   * arrays ({@link ResidentForwardArgs}). Replaces weights set before. The
   * arrays are copied: changing them afterwards has no effect until the next
   * `setWeights`. There is one set of resident weights per {@link MHA}
   * (that is, per page, worker or Node process).
   *
   * @param weights - As {@link WeightsInput}.
   * @throws {@link MHAError} as {@link MHA.weightsToJSON}; on failure no
   *   weights are resident.
   *
   * @example
   * ```ts
   * mha.setWeights(seededWeights(64, 4));
   * mha.forward({ x, n: 8 }, { only: ["output"] });
   * ```
   */
  setWeights(weights: WeightsInput): void;

  /**
   * Frees the weights of {@link MHA.setWeights}. Afterwards a forward()
   * without weights throws as it did before any `setWeights`.
   */
  clearWeights(): void;

  /**
   * Keeps only heads `[firstHead, firstHead + headCount)` of a layer's
   * weights in this module, for {@link MHA.forwardHeadSlice}. The door a
   * head pool's Worker uses (head-pool.js); most callers want
   * `createHeadPool` instead. Throws `OUT_OF_RANGE` for a range outside the
   * layer's heads, and as {@link MHA.setWeights} for bad weights.
   */
  setHeadSlice(
    weights: WeightsInput,
    firstHead: number,
    headCount: number,
  ): void;

  /**
   * The partial output (`n × dModel`) of the slice set by
   * {@link MHA.setHeadSlice}: its heads' concat times their rows of `wo`,
   * plus `bo` in the slice whose `firstHead` is 0. The partials of a
   * partition of the heads sum to the layer's output. `SHAPE_MISMATCH`
   * before any `setHeadSlice`.
   */
  forwardHeadSlice(args: {
    readonly x: FloatInput;
    readonly n: number;
    readonly causal?: boolean | undefined;
    readonly keep?: KeepInput | undefined;
  }): { output: Float32Array };

  /**
   * Sinusoidal positional encodings (Vaswani et al. 2017, section 3.5), to
   * add to the token vectors before {@link MHA.forward}. Returns
   * `n × dModel` values: for position `p` and column `c`,
   * `pe[p * dModel + c]` is `sin(p / 10000^(2⌊c/2⌋ / dModel))` when `c` is
   * even and `cos(...)` of the same angle when `c` is odd.
   *
   * @param n - Number of positions, 1 to {@link Limits.maxTokens}.
   * @param dModel - Width, 1 to {@link Limits.maxModelDim} (odd is allowed).
   * @returns A new `Float32Array` of `n * dModel` values.
   * @throws {@link MHAError} with code `BAD_TYPE` (a size is not an
   * integer), `ZERO_SIZE` (a size below 1) or `TOO_LARGE` (above the limits).
   *
   * @example
   * ```ts
   * const pe = mha.sinusoidalPositions(3, 4);
   * // [0, 1, 0, 1,  0.841, 0.540, 0.0100, 1.000,  0.909, -0.416, 0.0200, 1.000]
   * for (let k = 0; k < x.length; k++) x[k] += pe[k];
   * ```
   */
  sinusoidalPositions(n: number, dModel: number): Float32Array;

  /**
   * Learned positional encodings: the first `n` rows of a trained table of
   * `rows × dModel` values (row-major; `table[p * dModel + c]`).
   *
   * @param table - The position table, `rows * dModel` values.
   * @param rows - Number of positions in the table (at least 1).
   * @param dModel - Width of the table, 1 to {@link Limits.maxModelDim}.
   * @param n - How many positions to return, 1 to `rows`.
   * @returns A new `Float32Array` of `n * dModel` values.
   * @throws {@link MHAError} with code `BAD_TYPE` (a size is not an integer,
   * or `table` is not a float array), `MISSING_ARRAY` (no `table`),
   * `SHAPE_MISMATCH` (`table.length !== rows * dModel`), `ZERO_SIZE` (a size
   * below 1), `TOO_LARGE` (`n > rows`, or above the limits) or `NON_FINITE`
   * (a `NaN` or infinity in the first `n` rows).
   *
   * @example
   * ```ts
   * const table = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]; // 3 positions × 2
   * mha.learnedPositions(table, 3, 2, 2); // Float32Array [0.1, 0.2, 0.3, 0.4]
   * ```
   */
  learnedPositions(
    table: FloatInput,
    rows: number,
    dModel: number,
    n: number,
  ): Float32Array;

  /**
   * Parses and validates a weights JSON document:
   * `{ "heads": 2, "d_model": 8, "wq": [...], "wk": [...], "wv": [...],
   * "wo": [...], "bq": [...] }`, where each matrix is a flat row-major array
   * of `d_model * d_model` numbers and the biases `bq`, `bk`, `bv`, `bo`
   * (optional, may be `null`) have `d_model` numbers. Other fields are
   * ignored.
   *
   * @param text - The JSON text.
   * @returns The weights, as copies; absent biases are `undefined`.
   * @throws {@link MHAError} with code `BAD_TYPE` (`text` is not a string),
   * `BAD_JSON` (not JSON, not an object, or a field missing or of the wrong
   * kind), `ZERO_SIZE`, `TOO_LARGE` or `HEADS_DO_NOT_DIVIDE` (bad
   * `heads`/`d_model`), `SHAPE_MISMATCH` (an array of the wrong length) or
   * `NON_FINITE`.
   *
   * @example
   * ```ts
   * const w = mha.weightsFromJSON(await (await fetch("weights.json")).text());
   * const r = mha.forward({ x, n, ...w });
   * ```
   */
  weightsFromJSON(text: string): Weights;

  /**
   * Writes weights as a JSON document in the format read by
   * {@link MHA.weightsFromJSON} (keys sorted, numbers in their shortest
   * exact float form, absent biases left out). A round trip through JSON
   * gives back exactly the same float values.
   *
   * @param weights - The weights; see {@link WeightsInput}.
   * @returns The JSON text, on one line.
   * @throws {@link MHAError} with code `BAD_TYPE`, `ZERO_SIZE`, `TOO_LARGE`,
   * `HEADS_DO_NOT_DIVIDE`, `MISSING_ARRAY`, `SHAPE_MISMATCH` or `NON_FINITE`,
   * under the same conditions as {@link MHA.forward}.
   *
   * @example
   * ```ts
   * const json = mha.weightsToJSON({
   *   dModel: 2, heads: 1,
   *   wq: [1, 0, 0, 1], wk: [1, 0, 0, 1], wv: [1, 0, 0, 1], wo: [1, 0, 0, 1],
   * });
   * // '{"d_model":2,"heads":1,"wk":[1.0,0.0,0.0,1.0],...}'
   * ```
   */
  weightsToJSON(weights: WeightsInput): string;

  /**
   * Parameters and floating-point operations of multi-head attention at the
   * given sizes, computed by the core: the dimension-splitting calculator.
   * Sizes may be far larger than {@link MHA.forward} accepts (GPT-3's
   * 12,288 wide layer, say), since nothing is allocated.
   *
   * FLOPs count a multiply and an add separately, for one token attending
   * over `n` tokens: projections `8·dModel²`, scores and weighted sum
   * `4·n·dModel`, softmax about `3·n` per head.
   *
   * @throws {@link MHAError} `BAD_TYPE` (a size is not an integer),
   *   `ZERO_SIZE`, `TOO_LARGE` (dModel above 2^20 or n above 2^24) or
   *   `HEADS_DO_NOT_DIVIDE`.
   *
   * @example
   * ```ts
   * const c = mha.cost({ n: 2048, dModel: 12288, heads: 96 });
   * c.dK; // 128
   * c.parameters; // 603979776 (4 · 12288²)
   * ```
   */
  cost(sizes: { n: number; dModel: number; heads: number }): Cost;

  /**
   * The size of the wasm memory in bytes. It grows when a call needs more
   * room and never shrinks; repeated calls of the same size leave it
   * unchanged.
   *
   * @example
   * ```ts
   * const before = mha.heapBytes();
   * mha.forward(args);
   * console.log(mha.heapBytes() - before); // 0 once the heap is warm
   * ```
   */
  heapBytes(): number;

  /**
   * Parses a checkpoint of the trainable transformer (the bytes of a
   * `web/data/model/step-NNNNNN.bin` file, format in docs/MODEL.md) into a
   * {@link Model} held by the core until `dispose()`. A malformed file
   * throws `BAD_JSON` (or `SHAPE_MISMATCH`, `NON_FINITE`) naming the problem.
   *
   * @example
   * ```ts
   * const res = await fetch("data/model/step-012000.bin");
   * const model = mha.loadModel(await res.arrayBuffer());
   * model.config.layers; // 2
   * ```
   */
  loadModel(bytes: ArrayBuffer | ArrayBufferView): Model;

  /**
   * Loads a Hugging Face checkpoint of GPT-2 (`model_type` "gpt2": GPT-2,
   * distilgpt2) or GPT-Neo ("gpt_neo": the TinyStories models) from the
   * reader's own files, into a {@link Model} held by the core until
   * `dispose()`. The weights are streamed: read in chunks (`Blob.slice`, or
   * views of a buffer) into one reused heap block, each element written
   * straight to its place, so the extra memory is one chunk. Formats,
   * conventions and limits: docs/MODEL.md.
   *
   * Before any weight is read, the config and the safetensors header are
   * checked against each other, and the memory needed against what the
   * wasm heap can still hold (`TOO_LARGE` with the numbers).
   *
   * @throws {@link MHAError} `BAD_JSON` (malformed config or header),
   *   `UNSUPPORTED` (another family or option), `SHAPE_MISMATCH` (a tensor
   *   missing, of the wrong shape, or file and config that disagree),
   *   `BAD_TYPE` (a weight that is not F32/F16/BF16), `NON_FINITE`,
   *   `TOO_LARGE`, `HEADS_DO_NOT_DIVIDE`, `ABORTED` (the signal fired).
   *
   * @example
   * ```ts
   * // <input type="file" multiple> holding config.json and model.safetensors
   * const [cfg, st] = ["config.json", "model.safetensors"].map(
   *   (name) => [...input.files!].find((f) => f.name === name)!,
   * );
   * const model = await mha.loadCheckpoint({
   *   config: await cfg.text(),
   *   weights: st,
   *   onProgress: (p) => console.log(p.loadedBytes / p.totalBytes),
   * });
   * const next = model.topNext([464, 3290]); // "The dog"
   * ```
   */
  loadCheckpoint(args: LoadCheckpointArgs): Promise<Model>;

  /**
   * The first half of {@link MHA.loadCheckpoint}: reads config.json and the
   * safetensors header (not the weights), checks them against each other
   * and against the memory the wasm heap can still give, and says what the
   * checkpoint is. Nothing is allocated for the weights until
   * {@link PendingCheckpoint.load}. With a `Response`, only the header has
   * been read from its body; the rest waits (the stream is paused).
   *
   * @throws {@link MHAError} as {@link MHA.loadCheckpoint}, for the config
   *   and the header.
   *
   * @example
   * ```ts
   * const pending = await mha.openCheckpoint({
   *   config: await (await fetch("gpt2/config.json")).text(),
   *   weights: await fetch("gpt2/model.safetensors"),
   * });
   * const { config, parameterCount, memoryBytes, dtypes } = pending.summary;
   * const model = await pending.load({ onProgress: (p) => show(p) });
   * ```
   */
  openCheckpoint(args: {
    config: string | Record<string, unknown>;
    weights: CheckpointWeights;
  }): Promise<PendingCheckpoint>;

  /**
   * Starts training a small model on the induction task in the core (in a
   * Worker, to keep a page responsive). Unknown settings throw `BAD_TYPE`;
   * out-of-range ones `OUT_OF_RANGE` or `HEADS_DO_NOT_DIVIDE`.
   *
   * @example
   * ```ts
   * const trainer = mha.createTrainer({ seed: 3 });
   * trainer.step(100).at(-1)?.loss;
   * const model = trainer.snapshot();
   * ```
   */
  createTrainer(settings?: TrainerSettings): Trainer;

  /**
   * Every createTrainer() setting's default: the core's own
   * (cpp/include/mha/model/{model,optimizer,data}.h), except where
   * {@link BROWSER_TRAINER_DEFAULTS} chooses otherwise on purpose.
   *
   * @example
   * ```ts
   * mha.trainerDefaults.dModel; // 32 (the core's own default is 64)
   * ```
   */
  readonly trainerDefaults: TrainerDefaults;

  /**
   * Text → the trained model's character ids: newline 0, ' '..'~' 1..95;
   * curly quotes and dashes become ASCII, anything else '?'.
   */
  encodeText(text: string): Int32Array;

  /** Character ids → text. */
  decodeTokens(ids: IdsInput): string;

  /**
   * The repeated-token probe of Olsson et al. (2022): `batch` sequences of
   * `half` distinct random characters of `alphabet` (default '!'..'~'), each
   * followed by the same characters again: batch × 2·half ids. Defaults:
   * batch 4, half 32, seed 20220308.
   */
  probeSequences(options?: {
    batch?: number;
    half?: number;
    seed?: number;
    alphabet?: string;
  }): Int32Array;

  /**
   * Loss weights, batch × (2·half − 1), that score only the positions of a
   * probe whose next token an induction head can know (its repeated half).
   */
  repeatedHalfWeights(batch: number, half: number): Float32Array;

  /**
   * The core's pattern metrics of one head's attention on one sequence
   * (cpp/include/mha/model/metrics.h; the definitions are in docs/MODEL.md),
   * named as in {@link Model.analyze}'s heads.
   *
   * @param weights - n × n attention weights, row-major (query i, key j),
   *   every value finite and ≥ 0 (rows normally sum to 1).
   * @param n - Tokens: 2 ≤ n ≤ 2048.
   * @param options.tokens - n token ids; without them `induction` is 0.
   * @param options.causal - Whether the pattern is causal (default true):
   *   then row 0, which has no choice, is left out of the row averages.
   * @throws {@link MHAError} `SHAPE_MISMATCH` (length not n·n, or tokens not
   *   n), `NON_FINITE`, `OUT_OF_RANGE` (n < 2 or a negative weight),
   *   `TOO_LARGE` (n > 2048), `BAD_TYPE`.
   */
  patternMetrics(
    weights: FloatInput,
    n: number,
    options?: { tokens?: IdsInput; causal?: boolean },
  ): PatternMetrics;

  /**
   * The step of a training run's induction phase change, by the core's rule
   * (cpp/include/mha/model/metrics.h): the first point whose `induction` is
   * at least halfway from the first point's score to the last's. -1 when
   * there is none (no points, or the last score is not above the first).
   *
   * @param points - One per evaluation, in increasing `step` order (integer
   *   steps ≥ 0); `induction` is the best head's score at that step.
   * @throws {@link MHAError} `OUT_OF_RANGE` (steps negative or not
   *   increasing), `NON_FINITE`, `BAD_TYPE`.
   */
  phaseChangeStep(
    points: readonly { step: number; induction: number }[],
  ): number;

  /** The head classifier's default thresholds. */
  readonly headThresholds: Readonly<HeadThresholds>;
}

/**
 * Loads and starts the wasm core. The module is loaded once per JavaScript
 * realm (page, worker or Node process): later calls return the same promise
 * and ignore their options. If loading fails, the promise rejects (with the
 * loader's error, not an {@link MHAError}) and the next call tries again.
 *
 * @param options - Where to find `mha_core.wasm`; see {@link CreateOptions}.
 *   Not needed when `mha_core.wasm` sits in `wasm/` next to `mha.js`.
 * @returns A promise of the {@link MHA} API object.
 *
 * @example
 * ```ts
 * import { createMHA } from "mha-explainer";
 * const mha = await createMHA();
 * const r = mha.forward({ x, n, dModel, heads, wq, wk, wv, wo });
 * r.weights[h * n * n + i * n + j]; // head h, query i, key j
 * ```
 */
export declare function createMHA(options?: CreateOptions): Promise<MHA>;

import type {
  HeadThresholds,
  IdsInput,
  Model,
  ModelConfig,
  PatternMetrics,
  Trainer,
  TrainerDefaults,
  TrainerSettings,
} from "./model.js";
export {
  Model,
  Trainer,
  BROWSER_TRAINER_DEFAULTS,
  TRAINER_DEFAULTS,
  type TrainerDefaults,
  PROBE_DEFAULTS,
  type AblateInput,
  type AblationArgs,
  type AblationResult,
  type HeadAnalysis,
  type HeadLabel,
  type HeadMetrics,
  type HeadThresholds,
  type IdsInput,
  type ModelConfig,
  type ModelForwardResult,
  type ModelForwardOptions,
  type LogitsChoice,
  type PatternMetrics,
  type StepStats,
  type TrainerSettings,
} from "./model.js";
export { tokenize } from "./tokenize.js";
export type { Token } from "./tokenize.js";

/** One progress event of {@link MHA.loadCheckpoint}, after each chunk. */
export interface LoadProgress {
  /** Bytes of the file read so far (header included). */
  loadedBytes: number;
  totalBytes: number;
  /** Tensors of the file fully read (weights and skipped buffers). */
  tensors: number;
  totalTensors: number;
}

/**
 * model.safetensors as {@link MHA.loadCheckpoint} takes it: a File or Blob
 * (read by `slice`), a `fetch()` Response (its body streamed in order; a
 * response without Content-Length, or compressed, is kept as a Blob by the
 * browser first), or bytes already in memory (viewed, not copied).
 */
export type CheckpointWeights = Blob | Response | ArrayBuffer | ArrayBufferView;

/** What {@link MHA.openCheckpoint} found, before any weight is loaded. */
export interface CheckpointSummary {
  /** config.json's `model_type`. */
  family: "gpt2" | "gpt_neo";
  /** config.json's `activation_function`. */
  activationFunction: string;
  /** The architecture the model will have, as {@link Model.config}. */
  config: Readonly<ModelConfig>;
  /** Floats the loaded model holds (= {@link Model.parameterCount}). */
  parameterCount: number;
  /** Bytes of the weights once loaded (F32: parameterCount × 4). */
  modelBytes: number;
  /** modelBytes plus the core's working memory: what the load checks fits. */
  memoryBytes: number;
  /** The file's size in bytes. */
  fileBytes: number;
  /** Bytes of its data section. */
  dataBytes: number;
  /** Tensors in the file (weights and skipped buffers). */
  tensors: number;
  /** The dtypes of the weights in the file: "F32", "F16", "BF16". */
  dtypes: readonly string[];
  /** Tensors that will not become weights, each as "name: why". */
  skippedTensors: readonly string[];
}

/** A checked checkpoint from {@link MHA.openCheckpoint}, not loaded yet. */
export interface PendingCheckpoint {
  readonly summary: CheckpointSummary;
  /** True until load() finishes or fails, or cancel() is called. */
  readonly open: boolean;
  /**
   * Streams the weights into the core, as {@link MHA.loadCheckpoint}.
   * Once only: afterwards `OUT_OF_RANGE`.
   */
  load(options?: {
    onProgress?: (progress: LoadProgress) => void;
    chunkBytes?: number;
    signal?: AbortSignal;
  }): Promise<Model>;
  /** Drops the checked header and closes the file or stream. */
  cancel(): void;
}

/** The arguments of {@link MHA.loadCheckpoint}. */
export interface LoadCheckpointArgs {
  /** config.json: its text, or the parsed object. */
  config: string | Record<string, unknown>;
  /** model.safetensors: see {@link CheckpointWeights}. */
  weights: CheckpointWeights;
  /** Called after each chunk. */
  onProgress?: (progress: LoadProgress) => void;
  /** Bytes read per chunk: 1 KiB to 256 MiB, default {@link DEFAULT_CHUNK_BYTES}. */
  chunkBytes?: number;
  /** Cancels the load between chunks (`ABORTED`); the memory is freed. */
  signal?: AbortSignal;
}

/** loadCheckpoint()'s chunk size unless told otherwise: 8 MiB. */
export declare const DEFAULT_CHUNK_BYTES: number;
export {
  hashString,
  seededRandom,
  seededUniform,
  seededWeights,
} from "./random.js";
