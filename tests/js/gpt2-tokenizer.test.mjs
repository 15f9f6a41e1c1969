// GPT-2's byte-level BPE (web/lib/gpt2-tokenizer.js, over the vendored npm
// package gpt-tokenizer): the ids that independent GPT-2 tokenizers give,
// round trips, the labels, <|endoftext|> and long text. Every expected id
// list below says where it comes from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  decodeGpt2,
  encodeGpt2,
  GPT2_END_OF_TEXT,
  GPT2_VOCAB_SIZE,
  gpt2Tokens,
} from "../../web/lib/gpt2-tokenizer.js";

const ids = (text, options) => Array.from(encodeGpt2(text, options));

test("the ids independent GPT-2 tokenizers give", () => {
  // huggingface/transformers tests/models/gpt2/test_modeling_gpt2.py,
  // test_lm_generate_gpt2: input_ids [[464, 3290]] commented "# The dog", and
  // the greedy continuation "The dog was found in a field near the
  // intersection of West and West Streets.\n\nThe dog" as expected_output_ids.
  assert.deepEqual(ids("The dog"), [464, 3290]);
  assert.deepEqual(
    ids(
      "The dog was found in a field near the intersection of West and West Streets.\n\nThe dog",
    ),
    [
      464, 3290, 373, 1043, 287, 257, 2214, 1474, 262, 16246, 286, 2688, 290,
      2688, 27262, 13, 198, 198, 464, 3290,
    ],
  );
  // Same file (and test_modeling_tf_gpt2.py), test_lm_generate_distilgpt2:
  // input_ids [[464, 1893]] commented "# The president".
  assert.deepEqual(ids("The president"), [464, 1893]);
  // huggingface/transformers src/transformers/models/gpt2/
  // tokenization_gpt2.py, GPT2Tokenizer's docstring.
  assert.deepEqual(ids("Hello world"), [15496, 995]);
  assert.deepEqual(ids(" Hello world"), [18435, 995]);
  // openai/tiktoken tests/test_encoding.py, test_simple ("gpt2") and
  // test_basic_encode ("r50k_base"); test_encode_empty.
  assert.deepEqual(ids("hello world"), [31373, 995]);
  assert.deepEqual(ids(""), []);
  // openai/tiktoken tests/test_encoding.py, test_simple_repeated ("gpt2").
  assert.deepEqual(ids("0"), [15]);
  assert.deepEqual(ids("0000"), [2388]);
  assert.deepEqual(ids("00000000"), [8269]);
  assert.deepEqual(ids("000000000"), [10535, 830]);
  assert.deepEqual(ids("0000000000000000"), [25645]);
  assert.deepEqual(ids("00000000000000000"), [8269, 10535, 830]);
  // karpathy/minbpe lecture.md (GPT-2 in the tiktokenizer web app):
  // "Tokenization" is 30642 then 1634; " is" 318, " at" 379, " the" 262.
  assert.deepEqual(ids("Tokenization"), [30642, 1634]);
  assert.deepEqual(ids(" is at the"), [318, 379, 262]);
  // tiktoken's "gpt2" on "    hello world!!!", as printed in Karpathy's
  // tokenizer lecture code: [220, 220, 220, 23748, 995, 10185], so
  // " hello world" is [23748, 995] (GPT-2 keeps each extra space apart).
  assert.deepEqual(
    ids("    hello world!!!"),
    [220, 220, 220, 23748, 995, 10185],
  );
  assert.deepEqual(ids(" hello world"), [23748, 995]);
});

test("encodeGpt2 returns an Int32Array; the constants", () => {
  assert.ok(encodeGpt2("The dog") instanceof Int32Array);
  assert.equal(GPT2_VOCAB_SIZE, 50257);
  assert.equal(GPT2_END_OF_TEXT, 50256);
  assert.equal(decodeGpt2([GPT2_END_OF_TEXT]), "<|endoftext|>");
});

const SAMPLES = [
  "The quick brown fox jumps over the lazy dog.",
  "Don't panic! It's 42, isn't it?",
  "🦙 llamas 👩🏽‍💻 and 🇫🇷 flags",
  "日本語のテキストと中文文本",
  "combining: e\u0301 a\u0308 n\u0303 (and é precomposed)",
  "lines\nand\r\nmore\n\n\ttabs\t\tend\n",
  "  leading and trailing spaces   ",
  "Ünïcödé Ελληνικά русский العربية हिन्दी",
];

test("decodeGpt2(encodeGpt2(s)) === s for ASCII, emoji, CJK, combining marks and newlines", () => {
  for (const s of SAMPLES) {
    assert.equal(decodeGpt2(encodeGpt2(s)), s, JSON.stringify(s));
    assert.equal(decodeGpt2(ids(s)), s, "from a plain array too");
  }
});

test("gpt2Tokens: ids, texts that join to the input, and visible labels", () => {
  assert.deepEqual(gpt2Tokens("The dog"), [
    { id: 464, text: "The", label: "The" },
    { id: 3290, text: " dog", label: "␣dog" },
  ]);
  for (const s of SAMPLES) {
    const tokens = gpt2Tokens(s);
    assert.deepEqual(
      tokens.map((t) => t.id),
      ids(s),
    );
    assert.equal(tokens.map((t) => t.text).join(""), s, JSON.stringify(s));
  }
  const labels = gpt2Tokens("a\n\tb c").map((t) => t.label);
  assert.deepEqual(labels, ["a", "↵", "⇥", "b", "␣c"]);
  assert.deepEqual(
    gpt2Tokens("x\r\n").map((t) => t.label),
    ["x", "␍", "↵"],
  );
  // 🦙 is F0 9F A6 99 in UTF-8, three GPT-2 tokens: the first two carry
  // bytes that wait for the rest of the character, the last completes it.
  assert.deepEqual(gpt2Tokens("🦙"), [
    { id: 8582, text: "", label: "\\xF0\\x9F" },
    { id: 99, text: "", label: "\\xA6" },
    { id: 247, text: "🦙", label: "🦙" },
  ]);
  // A token may complete one character and begin the next.
  const llama = gpt2Tokens(" 🦙");
  assert.equal(llama[0].text, " ");
  assert.equal(llama[0].label, "␣\\xF0\\x9F");
});

test('"<|endoftext|>" in text is plain text unless allowEndOfText', () => {
  const plain = ids("a<|endoftext|>b");
  assert.ok(!plain.includes(GPT2_END_OF_TEXT));
  assert.equal(decodeGpt2(plain), "a<|endoftext|>b");
  // openai/tiktoken tests/test_encoding.py, test_simple ("gpt2",
  // allowed_special="all").
  assert.deepEqual(
    ids("hello <|endoftext|>", { allowEndOfText: true }),
    [31373, 220, 50256],
  );
  assert.deepEqual(
    ids("<|endoftext|>The dog<|endoftext|>", { allowEndOfText: true }),
    [50256, 464, 3290, 50256],
  );
  assert.equal(
    gpt2Tokens("The dog<|endoftext|>", { allowEndOfText: true })[2].label,
    "<|endoftext|>",
  );
});

test("any length: no stack overflow, and maxTokens stops early", () => {
  // One pre-tokenized piece of 200,000 tokens (a run of U+0001, which no
  // merge joins): the package's own encode() overflows the call stack on it.
  const run = "\x01".repeat(200000);
  const runIds = encodeGpt2(run);
  assert.equal(runIds.length, 200000);
  assert.equal(decodeGpt2(runIds), run);
  const long = "The dog ran. ".repeat(200000); // 2.6 million characters
  assert.deepEqual(ids(long, { maxTokens: 4 }), [464, 3290, 4966, 13]);
  // Four tokens a sentence, and the final space is a token of its own.
  assert.equal(encodeGpt2(long).length, 4 * 200000 + 1);
  assert.deepEqual(ids("The dog", { maxTokens: 0 }), []);
  // Cut inside 🦙: the joined texts end at the last whole character.
  const cut = gpt2Tokens("ok 🦙", { maxTokens: 2 });
  assert.equal(cut.map((t) => t.text).join(""), "ok ");
});

test("bad input is refused with a message", () => {
  assert.throws(() => encodeGpt2(42), TypeError);
  assert.throws(() => gpt2Tokens(null), TypeError);
  assert.throws(() => decodeGpt2("464"), TypeError);
  assert.throws(() => decodeGpt2([50257]), /ids\[0\] is 50257/);
  assert.throws(() => decodeGpt2([464, -1]), RangeError);
  assert.throws(() => decodeGpt2([1.5]), RangeError);
  assert.throws(() => encodeGpt2("x", { maxTokens: -1 }), RangeError);
});

test("decodeGpt2 keeps no state between calls", () => {
  // The package's decode() shares one streaming decoder: decoding [8582]
  // (F0 9F) and then [247] (99) alone would give "" and then "🦙".
  assert.equal(decodeGpt2([8582]), "\uFFFD");
  assert.equal(decodeGpt2([247]), "\uFFFD");
  assert.equal(decodeGpt2([464]), "The");
});

test("the vendored copy is the pinned package's, with its licence", async () => {
  const pkg = JSON.parse(
    await readFile(new URL("../../package.json", import.meta.url), "utf8"),
  );
  const version = pkg.devDependencies["gpt-tokenizer"];
  assert.match(version, /^\d+\.\d+\.\d+$/, "pinned exactly");
  const installed = JSON.parse(
    await readFile(
      new URL("../../node_modules/gpt-tokenizer/package.json", import.meta.url),
      "utf8",
    ),
  );
  assert.equal(installed.version, version);
  for (const f of ["esm/bpeRanks/r50k_base.js", "esm/GptEncoding.js"]) {
    const vendored = await readFile(
      new URL(`../../web/vendor/gpt-tokenizer/${f}`, import.meta.url),
    );
    const original = await readFile(
      new URL(`../../node_modules/gpt-tokenizer/${f}`, import.meta.url),
    );
    assert.ok(vendored.equals(original), `${f} is the package's`);
  }
  const licence = await readFile(
    new URL("../../web/vendor/gpt-tokenizer/LICENSE", import.meta.url),
    "utf8",
  );
  assert.match(licence, /MIT/);
});
