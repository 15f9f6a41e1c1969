// Types for web/lib/layout.js: the shape and index formula of every array
// of a forward() result.

/** The sizes a result's shapes depend on. */
export interface ForwardSizes {
  /** Number of tokens. */
  readonly n: number;
  /** Number of heads. */
  readonly headCount: number;
  /** Width of each head, `dModel / headCount`. */
  readonly dK: number;
  /** Model width. */
  readonly dModel: number;
}

/** The names of the arrays of a {@link ForwardResult}, in order. */
export type ForwardArrayName =
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

/** How one result array is laid out. */
export interface ForwardArrayLayout {
  /** The wasm core's name for it (e.g. `"heads"` for `headOutputs`). */
  readonly core: string;
  /** Its dimensions for these sizes; their product is its length. */
  shape(sizes: ForwardSizes): number[];
  /** Its row-major index formula, e.g. `"weights[h * n * n + i * n + j]"`. */
  readonly index: string;
}

/** One entry per result array, in the order forward() returns them. */
export declare const FORWARD_LAYOUT: Readonly<
  Record<ForwardArrayName, ForwardArrayLayout>
>;

/** The names of the result arrays, in order. */
export declare const FORWARD_ARRAYS: readonly ForwardArrayName[];

/** The shape of every result array for these sizes. */
export declare function forwardShapes(
  sizes: ForwardSizes,
): Record<ForwardArrayName, number[]>;

/** The length of one result array: the product of its shape. */
export declare function forwardLength(
  name: ForwardArrayName,
  sizes: ForwardSizes,
): number;
