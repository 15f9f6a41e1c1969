// Types for heads.js: the constructed (hand-designed) attention heads.

/** Width of a constructed model's token vectors. */
export declare const D_MODEL: 48;
/** Number of constructed heads. */
export declare const HEADS: 6;
/** Width of each head, `D_MODEL / HEADS`. */
export declare const D_K: 8;
/** Width of the sinusoidal position block, from `mha.sinusoidalPositions(n, 16)`. */
export declare const POSITION_DIMS: 16;
/** The coarse part-of-speech classes of the syntactic features, in one-hot order. */
export declare const POS_CLASSES: readonly [
  "DET",
  "ADJ",
  "NOUN",
  "PRON",
  "VERB",
  "OTHER",
];

/** One block of a token vector: columns `[start, start + size)`. */
export interface FeatureBlock {
  readonly name: string;
  readonly start: number;
  readonly size: number;
  /** What the block holds, in a few words. */
  readonly about: string;
}

/**
 * Where each feature lives in a token vector.
 *
 * @example
 * ```ts
 * const identity = FEATURE_BLOCKS.find((b) => b.name === "identity");
 * identity?.start; // 17
 * ```
 */
export declare const FEATURE_BLOCKS: readonly FeatureBlock[];

/** A constructed head, in head order. */
export interface ConstructedHead {
  readonly id:
    | "positional"
    | "previous"
    | "copy"
    | "syntactic"
    | "semantic"
    | "sink";
  readonly name: string;
  readonly kind: "positional" | "copy" | "syntactic" | "semantic" | "weird";
  /** One or two sentences on what it looks at and why. */
  readonly description: string;
}

/**
 * The six constructed heads: head `h` is `CONSTRUCTED_HEADS[h]`.
 *
 * @example
 * ```ts
 * CONSTRUCTED_HEADS[1].id; // "previous"
 * ```
 */
export declare const CONSTRUCTED_HEADS: readonly ConstructedHead[];

/** A token as the constructed heads read it. */
export interface FeatureToken {
  readonly text: string;
  /** One of POS_CLASSES; anything else counts as "OTHER". */
  readonly pos: string;
  /** A WordNet supersense such as "noun.animal", or null/undefined if unknown. */
  readonly sense?: string | null;
  /** True for punctuation and symbols. */
  readonly punct?: boolean;
}

/**
 * Token vectors (`n × 48`, row-major) for the constructed heads: a constant,
 * the core's sinusoidal positions, a word-identity vector, a part-of-speech
 * one-hot, a meaning-class vector and two flags (see FEATURE_BLOCKS).
 *
 * @param positions `n × 16` from `mha.sinusoidalPositions(n, 16)`.
 * @throws RangeError if `positions` has the wrong length.
 *
 * @example
 * ```ts
 * const tokens = [
 *   { text: "I", pos: "PRON" },
 *   { text: "saw", pos: "VERB", sense: "verb.perception" },
 * ];
 * const x = constructedEmbeddings(tokens, mha.sinusoidalPositions(2, 16));
 * const r = mha.forward({ x, n: 2, ...constructedWeights() });
 * ```
 */
export declare function constructedEmbeddings(
  tokens: readonly FeatureToken[],
  positions: Float32Array,
): Float32Array;

/**
 * The fixed weights of the six constructed heads (no biases). Head `h` reads
 * columns `[8h, 8h + 8)` of `wq`, `wk` and `wv`. `wo` is random (seed 7).
 *
 * @example
 * ```ts
 * const w = constructedWeights();
 * w.dModel; // 48
 * w.heads; // 6
 * ```
 */
export declare function constructedWeights(): {
  dModel: number;
  heads: number;
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
};
