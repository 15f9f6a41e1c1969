// Type declarations for web/lib/tokenize.js, written by hand.

/**
 * One token of a sentence and where it sits in the text. `start` and `end`
 * are offsets in UTF-16 code units (JavaScript string indices), so
 * `text.slice(start, end) === token.text`.
 *
 * @example
 * ```ts
 * const token: Token = { text: "fox", start: 4, end: 7 };
 * ```
 */
export interface Token {
  /** The token's characters. */
  text: string;
  /** Index of its first code unit in the input. */
  start: number;
  /** Index just past its last code unit in the input. */
  end: number;
}

/**
 * Splits a sentence into the tokens the explainer shows: words (letters,
 * marks and digits, with inner apostrophes or hyphens, as in "don't" or
 * "well-known"), single punctuation marks, each Chinese or Japanese
 * character on its own, and emoji (with their joiners and skin-tone
 * modifiers). Only whitespace is dropped. Works for any script.
 *
 * @param text - The sentence.
 * @returns The tokens in order; an empty array for an empty or blank string.
 * @throws `TypeError` if `text` is not a string.
 *
 * @example
 * ```ts
 * import { tokenize } from "./web/lib/tokenize.js";
 * tokenize("Don’t panic!");
 * // [{ text: "Don’t", start: 0, end: 5 },
 * //  { text: "panic", start: 6, end: 11 },
 * //  { text: "!", start: 11, end: 12 }]
 * ```
 */
export declare function tokenize(text: string): Token[];
