// "Verify this file" for the #your-model section: the greedy continuations
// that Hugging Face transformers' own slow tests expect from the original
// GPT-2 small and distilgpt2 weights. A dropped checkpoint that continues the
// prompt with exactly these ids computes what those weights compute; a
// fine-tune has the same shape and (rightly) fails.
//
// Pure data and one comparison: no DOM, nothing from web/lib.
//
// Both tests call model.generate(input_ids, do_sample=False): greedy
// decoding, the most likely token at every step, with max_length 20 counting
// the prompt (given explicitly in the GPT-2 test; the default, 20, in the
// distilgpt2 test). So each expects the 2 prompt ids and 18 new ones, and our
// core reproduces them with model.generate(prompt, { steps: ids.length -
// promptLength }) (steps 18; a tie keeps the lower id, as argmax does).
//
// GPT-2: huggingface/transformers tests/models/gpt2/test_modeling_gpt2.py,
// GPT2ModelLanguageGenerationTest.test_lm_generate_gpt2 (its body is
// _test_lm_generate_gpt2_helper), read at commit 031e0ac8. The same ids are
// in the TensorFlow test of the same name (tests/gpt2/test_modeling_tf_gpt2.py
// at 4c19a968).
// distilgpt2: tests/gpt2/test_modeling_tf_gpt2.py,
// TFGPT2ModelLanguageGenerationTest.test_lm_generate_distilgpt2, read at
// commit 4c19a968 (a TensorFlow test only; the same ids are in the earlier
// tests/test_modeling_tf_gpt2.py at 6d7e936b, and the file at 0a8c149f no
// longer has the test).

import { GPT2_SMALL_SHAPE, hasGpt2Shape } from "./roles.js";

/**
 * @typedef {object} VerifySource
 * @property {string} repo
 * @property {string} path
 * @property {string} test Class and method of the test.
 * @property {string} commit The commit the ids were read at.
 * @property {string} url The file at that commit on GitHub.
 * @property {string} call The test's generate call.
 */

/**
 * @typedef {object} VerifyCase
 * @property {"gpt2" | "distilgpt2"} model Hugging Face model id.
 * @property {string} prompt
 * @property {readonly number[]} ids The full expected ids, prompt included.
 * @property {number} promptLength
 * @property {number} steps New tokens: ids.length − promptLength.
 * @property {string} text The test's comment: what `ids` decode to.
 * @property {Readonly<VerifySource>} source
 */

const TRANSFORMERS = "huggingface/transformers";

/**
 * @param {string} commit
 * @param {string} path
 * @param {string} test
 * @param {string} call
 * @returns {Readonly<VerifySource>}
 */
const transformersTest = (commit, path, test, call) =>
  Object.freeze({
    repo: TRANSFORMERS,
    path,
    test,
    commit,
    url: `https://github.com/${TRANSFORMERS}/blob/${commit}/${path}`,
    call,
  });

/**
 * @param {"gpt2" | "distilgpt2"} model
 * @param {string} prompt
 * @param {number[]} ids
 * @param {number} promptLength
 * @param {string} text
 * @param {Readonly<VerifySource>} source
 * @returns {Readonly<VerifyCase>}
 */
const verifyCase = (model, prompt, ids, promptLength, text, source) =>
  Object.freeze({
    model,
    prompt,
    ids: Object.freeze(ids),
    promptLength,
    steps: ids.length - promptLength,
    text,
    source,
  });

/** @type {readonly Readonly<VerifyCase>[]} */
export const VERIFY_CASES = Object.freeze([
  verifyCase(
    "gpt2",
    "The dog",
    [
      464, 3290, 373, 1043, 287, 257, 2214, 1474, 262, 16246, 286, 2688, 290,
      2688, 27262, 13, 198, 198, 464, 3290,
    ],
    2,
    "The dog was found in a field near the intersection of West and West Streets.\n\nThe dog",
    transformersTest(
      "031e0ac81793a27f2466ca34972846ee592c5406",
      "tests/models/gpt2/test_modeling_gpt2.py",
      "GPT2ModelLanguageGenerationTest.test_lm_generate_gpt2",
      "model.generate(input_ids, do_sample=False, max_length=20)",
    ),
  ),
  verifyCase(
    "distilgpt2",
    "The president",
    [
      464, 1893, 286, 262, 1578, 1829, 11, 290, 262, 1893, 286, 262, 1578, 7526,
      11, 423, 587, 287, 262, 2635,
    ],
    2,
    "The president of the United States, and the president of the United Kingdom, have been in the White",
    transformersTest(
      "4c19a9681259572cd4a99e252697c0590dd6f2a7",
      "tests/gpt2/test_modeling_tf_gpt2.py",
      "TFGPT2ModelLanguageGenerationTest.test_lm_generate_distilgpt2",
      "model.generate(input_ids, do_sample=False)",
    ),
  ),
]);

/** distilgpt2: GPT-2 small's sizes with 6 layers. */
const DISTILGPT2_SHAPE = Object.freeze({ ...GPT2_SMALL_SHAPE, layers: 6 });

/**
 * The published continuation to check a model against: GPT-2 small's for a
 * config of its shape (12 layers), distilgpt2's for 6 layers of the same
 * sizes, else null.
 * @param {Partial<import("./roles.js").ConfigLike> | null | undefined} config
 * @returns {Readonly<VerifyCase> | null}
 */
export function verifyCaseFor(config) {
  const model = hasGpt2Shape(config, GPT2_SMALL_SHAPE)
    ? "gpt2"
    : hasGpt2Shape(config, DISTILGPT2_SHAPE)
      ? "distilgpt2"
      : null;
  return VERIFY_CASES.find((c) => c.model === model) ?? null;
}

/**
 * @typedef {object} ContinuationCheck
 * @property {boolean} pass Same ids, same length.
 * @property {number} firstDifference The first index where they differ
 *   (where one ends, if the other goes on), -1 when they pass.
 * @property {number} expected The expected id there, -1 when none.
 * @property {number} got The id there, -1 when none.
 */

/**
 * Compares a continuation (prompt included) with the expected ids.
 * @param {ArrayLike<number>} expected
 * @param {ArrayLike<number>} got E.g. model.generate()'s Int32Array.
 * @returns {ContinuationCheck}
 */
export function compareContinuation(expected, got) {
  const length = Math.max(expected.length, got.length);
  for (let i = 0; i < length; i++) {
    const ended = i >= expected.length || i >= got.length;
    if (ended || expected[i] !== got[i]) {
      return {
        pass: false,
        firstDifference: i,
        expected: i < expected.length ? expected[i] : -1,
        got: i < got.length ? got[i] : -1,
      };
    }
  }
  return { pass: true, firstDifference: -1, expected: -1, got: -1 };
}
