// Every kind of bad input gives an MHAError whose code and message name the
// problem, and the very next valid call still returns correct results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA, MHAError } from "mha-explainer";
import { randomArgs } from "./helpers.mjs";

const mha = await createMHA();
const good = randomArgs(5, 8, 2, 7, { causal: true });
const goodWeights = Array.from(mha.forward(good).weights);

function expectError(args, code, ...fragments) {
  assert.throws(
    () => mha.forward(args),
    (e) => {
      assert.ok(e instanceof MHAError, `an MHAError, got ${e}`);
      assert.ok(e instanceof Error);
      assert.equal(e.code, code, e.message);
      for (const f of fragments)
        assert.ok(e.message.includes(f), `"${e.message}" lacks "${f}"`);
      return true;
    },
  );
  // The module keeps working, with the same numbers as before.
  assert.deepEqual(Array.from(mha.forward(good).weights), goodWeights);
}

test("heads not dividing dModel gives both numbers", () => {
  expectError({ ...good, heads: 3 }, "HEADS_DO_NOT_DIVIDE", "8", "3");
});

test("an array of the wrong length names it, the expected and actual length", () => {
  expectError(
    { ...good, wk: new Float32Array(63) },
    "SHAPE_MISMATCH",
    "wk",
    "63",
    "64",
  );
  expectError(
    { ...good, x: new Float32Array(41) },
    "SHAPE_MISMATCH",
    "x",
    "41",
    "40",
  );
  expectError(
    { ...good, bo: new Float32Array(7) },
    "SHAPE_MISMATCH",
    "bo",
    "7",
    "8",
  );
  expectError(
    { ...good, keep: new Uint8Array(4) },
    "SHAPE_MISMATCH",
    "keep",
    "4",
    "5",
  );
});

test("a missing array is named", () => {
  const { wv, ...noWv } = good;
  expectError(noWv, "MISSING_ARRAY", "wv");
  expectError({ ...good, x: undefined }, "MISSING_ARRAY", "x");
});

test("NaN and ±Infinity are refused, wherever they are", () => {
  const x = good.x.slice();
  x[13] = NaN;
  expectError(
    { ...good, x },
    "NON_FINITE",
    "x contains NaN",
    "row 1, column 5",
  );
  const wo = good.wo.slice();
  wo[0] = Infinity;
  expectError({ ...good, wo }, "NON_FINITE", "wo contains Infinity");
  const bq = new Float32Array(8);
  bq[2] = -Infinity;
  expectError({ ...good, bq }, "NON_FINITE", "bq contains -Infinity");
});

test("n = 0 and n above the documented maximum are refused", () => {
  expectError({ ...good, n: 0, x: new Float32Array(0) }, "ZERO_SIZE", "n");
  const n = mha.limits.maxTokens + 1;
  expectError(
    { ...good, n, x: new Float32Array(n * 8) },
    "TOO_LARGE",
    String(mha.limits.maxTokens),
  );
});

test("zero or fractional sizes are refused", () => {
  expectError({ ...good, heads: 0 }, "ZERO_SIZE", "heads");
  expectError({ ...good, dModel: 0 }, "ZERO_SIZE", "d_model");
  expectError({ ...good, n: 2.5 }, "BAD_TYPE", "n must be an integer");
  expectError({ ...good, heads: "2" }, "BAD_TYPE", "heads must be an integer");
});

test("an input that is not a typed array is refused; plain arrays are converted", () => {
  expectError({ ...good, wq: "not an array" }, "BAD_TYPE", "wq", "string");
  expectError({ ...good, wq: { length: 64 } }, "BAD_TYPE", "wq", "object");
  expectError(
    { ...good, wq: new Int32Array(64) },
    "BAD_TYPE",
    "wq",
    "Int32Array",
  );
  expectError(
    { ...good, x: [...good.x.slice(0, 39), "1"] },
    "BAD_TYPE",
    "x[39]",
    "string",
  );
  expectError({ ...good, keep: "11111" }, "BAD_TYPE", "keep");
  expectError({ ...good, causal: "yes" }, "BAD_TYPE", "causal");
  // Documented conversions: Array and Float64Array for floats, Array for keep.
  const converted = mha.forward({
    ...good,
    x: Array.from(good.x),
    wq: Float64Array.from(good.wq),
    keep: [1, 1, 1, 1, 1],
  });
  assert.deepEqual(Array.from(converted.weights), goodWeights);
});

test("forward() without an object explains its argument", () => {
  assert.throws(
    () => mha.forward(),
    (e) =>
      e.code === "BAD_TYPE" && /forward\(\) takes one object/.test(e.message),
  );
  assert.throws(() => mha.forward(null), MHAError);
});

test("malformed weights JSON is refused with the place of the error", () => {
  const cases = [
    ["{not json", "BAD_JSON", "line 1, column"],
    ["[1, 2]", "BAD_JSON", "object"],
    ['{"heads": 3, "d_model": 8}', "HEADS_DO_NOT_DIVIDE", "(8)"],
    [
      '{"heads": 1, "d_model": 2, "wq": [1, 2, 3]}',
      "SHAPE_MISMATCH",
      '"wq" has 3 numbers, expected 4',
    ],
    ['{"heads": 1}', "BAD_JSON", '"d_model"'],
  ];
  for (const [text, code, fragment] of cases) {
    assert.throws(
      () => mha.weightsFromJSON(text),
      (e) =>
        e instanceof MHAError &&
        e.code === code &&
        e.message.includes(fragment),
      text,
    );
    assert.deepEqual(Array.from(mha.forward(good).weights), goodWeights);
  }
  assert.throws(
    () => mha.weightsFromJSON(42),
    (e) => e.code === "BAD_TYPE",
  );
});

test("weights survive a JSON round trip exactly", () => {
  const w = {
    heads: 2,
    dModel: 8,
    wq: good.wq,
    wk: good.wk,
    wv: good.wv,
    wo: good.wo,
    bo: new Float32Array(8).fill(0.25),
  };
  const back = mha.weightsFromJSON(mha.weightsToJSON(w));
  assert.equal(back.heads, 2);
  assert.deepEqual(back.wq, good.wq);
  assert.deepEqual(back.bo, w.bo);
  assert.equal(back.bq, undefined);
  assert.throws(
    () => mha.weightsToJSON({ ...w, heads: 3 }),
    (e) => e.code === "HEADS_DO_NOT_DIVIDE",
  );
});

test("positional encodings validate their sizes", () => {
  assert.throws(
    () => mha.sinusoidalPositions(0, 8),
    (e) => e.code === "ZERO_SIZE",
  );
  assert.throws(
    () => mha.sinusoidalPositions(3, "8"),
    (e) => e.code === "BAD_TYPE",
  );
  assert.throws(
    () => mha.learnedPositions(new Float32Array(6), 3, 2, 4),
    (e) => e.code === "TOO_LARGE" && e.message.includes("3 rows"),
  );
  assert.deepEqual(
    Array.from(mha.learnedPositions([1, 2, 3, 4, 5, 6], 3, 2, 2)),
    [1, 2, 3, 4],
  );
});

test("a call too large for the wasm heap is refused up front, with the estimate", () => {
  expectError(
    { ...good, n: 1024, dModel: 4096, heads: 64 },
    "TOO_LARGE",
    "MiB, above the limit of 1024 MiB",
  );
});

test("messages read well: articles and missing sizes", () => {
  expectError(
    { ...good, x: new Int32Array(40) },
    "BAD_TYPE",
    "got an Int32Array",
  );
  const { dModel, ...noDModel } = good;
  expectError(noDModel, "BAD_TYPE", "dModel is missing");
});

test("the result names its head count headCount (heads is the per-head outputs)", () => {
  const r = mha.forward(good);
  assert.equal(r.headCount, 2);
  assert.equal(r.heads.length, 2 * 5 * 4);
});

test("the cost calculator checks its sizes in the core", () => {
  const c = mha.cost({ n: 2048, dModel: 12288, heads: 96 });
  assert.equal(c.dK, 128);
  assert.equal(c.parameters, 4 * 12288 * 12288);
  assert.throws(
    () => mha.cost({ n: 8, dModel: 100, heads: 12 }),
    (e) =>
      e.code === "HEADS_DO_NOT_DIVIDE" &&
      e.message === "d_model (100) is not divisible by heads (12)",
  );
  assert.throws(
    () => mha.cost({ n: 8, dModel: 0, heads: 1 }),
    (e) => e.code === "ZERO_SIZE",
  );
  assert.throws(
    () => mha.cost({ n: 8, dModel: "768", heads: 12 }),
    (e) => e.code === "BAD_TYPE",
  );
  assert.deepEqual(Array.from(mha.forward(good).weights), goodWeights);
});
