// GPT-2's byte-level BPE tokenizer (the r50k_base vocabulary, which GPT-2
// and GPT-Neo share), from the npm package gpt-tokenizer (MIT). The package
// is vendored into web/vendor/gpt-tokenizer/ by scripts/vendor.sh, so this
// same file runs in the browser (served statically, nothing fetched from
// another origin) and in Node 18+. Only the r50k_base entry is imported, so
// only that vocabulary (about 0.6 MB of JavaScript) is loaded.
//
// The merges are the package's. What this file adds: ids as an Int32Array,
// "<|endoftext|>" in text read as plain text unless asked otherwise, a
// maxTokens limit, a decoder that keeps no state between calls (the
// package's decode() shares one streaming TextDecoder across calls, so a
// call that ends inside a multi-byte character leaks its bytes into the
// next call's result), and one readable entry per token.
import { encodeGenerator } from "../vendor/gpt-tokenizer/esm/encoding/r50k_base.js";
import ranks from "../vendor/gpt-tokenizer/esm/bpeRanks/r50k_base.js";

/** Number of token ids: 50,000 merges, 256 byte tokens and <|endoftext|>. */
export const GPT2_VOCAB_SIZE = 50257;

/** The id of "<|endoftext|>", GPT-2's only special token. */
export const GPT2_END_OF_TEXT = 50256;

const END_OF_TEXT_TEXT = "<|endoftext|>";
const utf8 = new TextEncoder();
/** The package's option for "no special tokens: all of the text is text". */
const PLAIN_TEXT = { disallowedSpecial: new Set() };

/** @type {(Uint8Array | undefined)[]} each id's bytes, filled on first use */
const bytesById = new Array(GPT2_VOCAB_SIZE);

/**
 * The UTF-8 bytes a token id stands for. The package's rank table holds a
 * string where those bytes are valid UTF-8 and the byte values otherwise.
 * @param {number} id an integer in [0, GPT2_VOCAB_SIZE)
 * @returns {Uint8Array}
 */
function tokenBytes(id) {
  let bytes = bytesById[id];
  if (bytes === undefined) {
    const entry = id === GPT2_END_OF_TEXT ? END_OF_TEXT_TEXT : ranks[id];
    bytes =
      typeof entry === "string" ? utf8.encode(entry) : Uint8Array.from(entry);
    bytesById[id] = bytes;
  }
  return bytes;
}

/**
 * @param {unknown} text
 * @param {string} fn the caller's name, for the message
 */
function checkText(text, fn) {
  if (typeof text !== "string") {
    throw new TypeError(`${fn}() takes a string, got ${typeof text}`);
  }
}

/**
 * @param {unknown} maxTokens
 * @returns {number}
 */
function tokenLimit(maxTokens) {
  if (maxTokens === undefined) return Infinity;
  if (
    typeof maxTokens !== "number" ||
    !(Number.isInteger(maxTokens) || maxTokens === Infinity) ||
    maxTokens < 0
  ) {
    throw new RangeError(
      `maxTokens must be a whole number ≥ 0, got ${String(maxTokens)}`,
    );
  }
  return maxTokens;
}

/**
 * Encodes text into GPT-2 token ids (the ids GPT-2's and GPT-Neo's
 * tokenizers give, e.g. "The dog" → [464, 3290]). No token is added at the
 * start or end. Any length of text is accepted; pass `maxTokens` to stop
 * after that many tokens (the text past them is not encoded at all).
 *
 * Time is linear in the length of ordinary text, but grows with the square
 * of the length of one unbroken run of letters, digits or symbols (the
 * package merges each run on its own): a 30,000-letter run without a space
 * takes about a second.
 *
 * @param {string} text
 * @param {{ allowEndOfText?: boolean, maxTokens?: number }} [options]
 *   allowEndOfText: read "<|endoftext|>" in the text as the special token
 *   GPT2_END_OF_TEXT (50256). Off by default: it is plain text, encoded as
 *   its characters, so that typed text can never insert the special token.
 *   maxTokens: keep only the first maxTokens ids (default: all).
 * @returns {Int32Array}
 */
export function encodeGpt2(text, options = {}) {
  checkText(text, "encodeGpt2");
  const limit = tokenLimit(options.maxTokens);
  /** @type {number[]} */
  const ids = [];
  if (limit === 0) return new Int32Array(0);
  // With allowEndOfText, the text is cut at each "<|endoftext|>" and the
  // parts are encoded as plain text around GPT2_END_OF_TEXT, which is what
  // the package's allowedSpecial should do, but in 4.0.0 it finds a special
  // token only at the very start of the text (its pattern is sticky).
  const parts = options.allowEndOfText ? text.split(END_OF_TEXT_TEXT) : [text];
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      ids.push(GPT2_END_OF_TEXT);
      if (ids.length >= limit) break;
    }
    // One pre-tokenized piece at a time, so that a piece of any length is
    // appended without spreading it into arguments (the package's encode()
    // overflows the call stack on a piece of about 100,000 tokens).
    for (const piece of encodeGenerator(parts[p], PLAIN_TEXT)) {
      for (const id of piece) {
        ids.push(id);
        if (ids.length >= limit) return Int32Array.from(ids);
      }
    }
  }
  return Int32Array.from(ids);
}

/**
 * @param {unknown} ids
 * @returns {ArrayLike<number>}
 */
function checkIds(ids) {
  if (
    ids === null ||
    typeof ids !== "object" ||
    typeof (/** @type {{ length?: unknown }} */ (ids).length) !== "number"
  ) {
    throw new TypeError(
      "decodeGpt2() takes an array or typed array of token ids",
    );
  }
  const list = /** @type {ArrayLike<unknown>} */ (ids);
  for (let k = 0; k < list.length; k++) {
    const id = list[k];
    if (
      typeof id !== "number" ||
      !Number.isInteger(id) ||
      id < 0 ||
      id >= GPT2_VOCAB_SIZE
    ) {
      throw new RangeError(
        `token ids are integers in [0, ${GPT2_VOCAB_SIZE}); ids[${k}] is ${String(id)}`,
      );
    }
  }
  return /** @type {ArrayLike<number>} */ (list);
}

/**
 * Decodes GPT-2 token ids back into text: decodeGpt2(encodeGpt2(s)) === s
 * for every string s without lone surrogates. The id GPT2_END_OF_TEXT
 * decodes to "<|endoftext|>". Bytes that are not valid UTF-8 (ids cut in the
 * middle of a character) become U+FFFD "�", as in Hugging Face's decode.
 * Each call is independent of the calls before it.
 *
 * @param {ArrayLike<number>} ids an Int32Array, an array of numbers, …
 * @returns {string}
 * @throws {RangeError} for an id that is not an integer in [0, 50257).
 */
export function decodeGpt2(ids) {
  const list = checkIds(ids);
  let length = 0;
  for (let k = 0; k < list.length; k++) length += tokenBytes(list[k]).length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let k = 0; k < list.length; k++) {
    const b = tokenBytes(list[k]);
    bytes.set(b, at);
    at += b.length;
  }
  return new TextDecoder().decode(bytes);
}

/** How many bytes the UTF-8 sequence that starts with `lead` has. */
function sequenceLength(/** @type {number} */ lead) {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

/**
 * Where a byte string's last, still incomplete UTF-8 character starts
 * (`bytes.length` when it ends on a character boundary).
 * @param {Uint8Array} bytes
 */
function incompleteTailStart(bytes) {
  for (let k = bytes.length - 1; k >= 0 && k >= bytes.length - 3; k--) {
    if ((bytes[k] & 0xc0) !== 0x80) {
      return bytes.length - k < sequenceLength(bytes[k]) ? k : bytes.length;
    }
  }
  return bytes.length;
}

/** @param {Uint8Array} bytes */
function hexBytes(bytes) {
  let out = "";
  for (const b of bytes)
    out += "\\x" + b.toString(16).toUpperCase().padStart(2, "0");
  return out;
}

/**
 * The display form of decoded text: a space as "␣", a newline as "↵", a tab
 * as "⇥", and every other ASCII control character as its Unicode control
 * picture (carriage return "␍", NUL "␀", DEL "␡").
 * @param {string} text
 */
function visible(text) {
  return text.replace(/[\x00-\x20\x7f]/g, (c) => {
    if (c === " ") return "␣";
    if (c === "\n") return "↵";
    if (c === "\t") return "⇥";
    if (c === "\x7f") return "␡";
    return String.fromCharCode(0x2400 + c.charCodeAt(0));
  });
}

/**
 * The label of one token id on its own, as gpt2Tokens() draws labels: its
 * text with whitespace drawn visibly (" dog" → "␣dog"), and bytes that are
 * only part of a character as "\xF0\x9F". For the ids a model predicts.
 * @param {number} id an integer in [0, 50257)
 * @returns {string}
 * @throws {RangeError} for an id outside the vocabulary.
 */
export function gpt2TokenLabel(id) {
  const bytes = tokenBytes(checkIds([id])[0]);
  const cut = incompleteTailStart(bytes);
  // A token may also continue a character begun by an earlier one: bytes
  // of the form 10xxxxxx at its start are shown as bytes too.
  let start = 0;
  while (start < cut && (bytes[start] & 0xc0) === 0x80) start++;
  const text = new TextDecoder().decode(bytes.subarray(start, cut));
  return (
    hexBytes(bytes.subarray(0, start)) +
    visible(text) +
    hexBytes(bytes.subarray(cut))
  );
}

/**
 * The tokens of a text, each with its id, its text and a label to show.
 *
 * GPT-2 works on UTF-8 bytes, so a character outside ASCII may be split
 * over several tokens (🦙 is three). `text` is what the token adds to the
 * decoded text: a token that completes a character carries that whole
 * character; a token that only begins or continues one has text "". Joined,
 * the texts are the input text (with maxTokens, up to the last complete
 * character).
 *
 * `label` is `text` drawn visibly (see below), followed by the token's own
 * bytes that wait for the rest of their character, written as "\xF0\x9F":
 * "🦙" gives the labels "\xF0\x9F", "\xA6" and "🦙". Whitespace is drawn as
 * a visible mark: the space GPT-2 folds into the start of a word ("Ġ" in its
 * vocabulary file) as "␣", so " dog" is "␣dog"; a newline as "↵"; a tab as
 * "⇥"; other ASCII control characters as their control pictures ("␍").
 *
 * @param {string} text
 * @param {{ allowEndOfText?: boolean, maxTokens?: number }} [options]
 *   as for encodeGpt2
 * @returns {{ id: number, text: string, label: string }[]}
 */
export function gpt2Tokens(text, options = {}) {
  checkText(text, "gpt2Tokens");
  const ids = encodeGpt2(text, options);
  const decoder = new TextDecoder();
  /** @type {{ id: number, text: string, label: string }[]} */
  const tokens = [];
  let pending = new Uint8Array(0);
  for (const id of ids) {
    const own = tokenBytes(id);
    const bytes = new Uint8Array(pending.length + own.length);
    bytes.set(pending);
    bytes.set(own, pending.length);
    const cut = incompleteTailStart(bytes);
    const done = decoder.decode(bytes.subarray(0, cut));
    pending = bytes.slice(cut);
    const waiting = own.subarray(
      own.length - Math.min(own.length, pending.length),
    );
    tokens.push({ id, text: done, label: visible(done) + hexBytes(waiting) });
  }
  return tokens;
}
