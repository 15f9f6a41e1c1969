// Types for head-pool.js: a layer's heads on several cores, one wasm module
// per Worker (browser module Workers or Node worker_threads).
import type { FloatInput, KeepInput, Kernels, WeightsInput } from "./mha.js";

/** Options of {@link createHeadPool}. */
export interface HeadPoolOptions {
  /** Workers to start, 1 to 256. Default: {@link availableCores}. */
  readonly workers?: number | undefined;
  /** Each Worker's kernels, as `createMHA`'s `kernels`. Default: the same choice. */
  readonly kernels?: Kernels | undefined;
  /** Where each Worker finds the `.wasm` file, as `createMHA`'s `wasmUrl`. */
  readonly wasmUrl?: string | URL | undefined;
}

/** The input of {@link HeadPool.forward}: as a resident `mha.forward`. */
export interface HeadPoolForwardArgs {
  /** `n × dModel` token vectors, row-major. */
  readonly x: FloatInput;
  readonly n: number;
  /** Must agree with the pool's weights when given. */
  readonly dModel?: number | undefined;
  /** Must agree with the pool's weights when given. */
  readonly heads?: number | undefined;
  readonly causal?: boolean | undefined;
  readonly keep?: KeepInput | undefined;
}

/** A pool of Workers that split a layer's heads between them. */
export interface HeadPool {
  /** How many Workers the pool runs. */
  readonly workers: number;
  /** The kernels every Worker's module runs. */
  readonly kernels: Kernels;
  /**
   * Sends each Worker its slice of the heads (as even as possible), once.
   * Rejects with an `MHAError` as `mha.setWeights` throws; a failure leaves
   * the pool without weights.
   */
  setWeights(weights: WeightsInput): Promise<void>;
  /**
   * The layer's output (`n × dModel`): each Worker's partial, summed.
   * Rejects with an `MHAError` (BAD_TYPE, SHAPE_MISMATCH, ZERO_SIZE,
   * TOO_LARGE, NON_FINITE, ...); the pool keeps working after a bad call.
   */
  forward(args: HeadPoolForwardArgs): Promise<{ output: Float32Array }>;
  /** Stops every Worker; later calls reject with `DISPOSED`. */
  close(): void;
}

/** Starts the Workers, each loading its own wasm module. */
export declare function createHeadPool(
  options?: HeadPoolOptions,
): Promise<HeadPool>;

/** The cores this host reports (`navigator.hardwareConcurrency`, or `os.availableParallelism()` in Node), at least 1. */
export declare function availableCores(): Promise<number>;

/** `slices` ranges of heads, as even as possible, the first ones one more. */
export declare function partitionHeads(
  heads: number,
  slices: number,
): { firstHead: number; headCount: number }[];
