// Type declarations for web/lib/gpt2-tokenizer.js, written by hand.

/** Number of GPT-2 token ids: 50,000 merges, 256 byte tokens, <|endoftext|>. */
export declare const GPT2_VOCAB_SIZE: 50257;

/** The id of "<|endoftext|>", GPT-2's only special token. */
export declare const GPT2_END_OF_TEXT: 50256;

/** Options of {@link encodeGpt2} and {@link gpt2Tokens}. */
export interface Gpt2EncodeOptions {
  /**
   * Read "<|endoftext|>" in the text as the special token
   * {@link GPT2_END_OF_TEXT}. Default false: it is plain text.
   */
  allowEndOfText?: boolean;
  /** Keep only the first `maxTokens` ids (a whole number ≥ 0). */
  maxTokens?: number;
}

/** One token of a text, as {@link gpt2Tokens} gives it. */
export interface Gpt2Token {
  /** The token id, in [0, 50257). */
  id: number;
  /**
   * The characters this token completes: "" for a token that only begins
   * or continues a multi-byte character; joined, the texts are the input.
   */
  text: string;
  /**
   * `text` drawn visibly (space "␣", newline "↵", tab "⇥", other ASCII
   * controls as control pictures), then this token's bytes that wait for
   * the rest of their character, as "\xF0\x9F".
   */
  label: string;
}

/**
 * Encodes text into GPT-2 (r50k_base) token ids; no token is added.
 *
 * @example
 * ```ts
 * encodeGpt2("The dog"); // Int32Array [464, 3290]
 * ```
 * @throws `TypeError` if `text` is not a string; `RangeError` for a bad
 *   `maxTokens`.
 */
export declare function encodeGpt2(
  text: string,
  options?: Gpt2EncodeOptions,
): Int32Array;

/**
 * Decodes GPT-2 token ids into text; invalid UTF-8 becomes "�".
 *
 * @example
 * ```ts
 * decodeGpt2([464, 3290]); // "The dog"
 * ```
 * @throws `RangeError` for an id that is not an integer in [0, 50257).
 */
export declare function decodeGpt2(ids: ArrayLike<number>): string;

/**
 * The tokens of a text, each with its id, its text and a display label.
 *
 * @example
 * ```ts
 * gpt2Tokens("The dog");
 * // [{ id: 464, text: "The", label: "The" },
 * //  { id: 3290, text: " dog", label: "␣dog" }]
 * ```
 */
export declare function gpt2Tokens(
  text: string,
  options?: Gpt2EncodeOptions,
): Gpt2Token[];

/**
 * The label of one token id on its own, drawn as {@link Gpt2Token.label}:
 * whitespace visible, bytes that are only part of a character as "\xF0".
 * @example
 * ```ts
 * gpt2TokenLabel(3290); // "␣dog"
 * ```
 * @throws `RangeError` for an id that is not an integer in [0, 50257).
 */
export declare function gpt2TokenLabel(id: number): string;
