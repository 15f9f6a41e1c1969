// forward(args, { into }) and forward(args, { only, into }): the results are
// written into the arrays of an earlier result instead of fresh ones. They
// equal the independent golden values of tests/fixtures/mha (plain-JS double
// precision) and a fresh forward bit for bit, whatever the arrays held
// before; the arrays returned are the caller's own; arrays not computed are
// left alone. A bad `into` (not an object, a missing, short, lying,
// detached or shared array, a throwing getter) is a clear MHAError before
// anything runs: the caller's arrays keep their values and the module its
// numbers. So does a failure of the core (NaN in x).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createMHA } from "mha-explainer";
import { FORWARD_ARRAYS } from "../../web/lib/layout.js";
import { assertClose, fixtureArgs, randomArgs } from "./helpers.mjs";

const dir = new URL("../fixtures/mha/", import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
const fixtures = await Promise.all(
  files.map(async (name) =>
    JSON.parse(await readFile(new URL(name, dir), "utf8")),
  ),
);
/** The golden file's name of each result array. */
const GOLDEN = {
  headOutputs: "heads",
  contributionNorms: "contribution_norms",
};

/** Copies of every array of a result, to see later that none changed. */
const snapshot = (r) =>
  Object.fromEntries(FORWARD_ARRAYS.map((k) => [k, r[k]?.slice()]));

function assertUnchanged(label, r, before) {
  for (const k of FORWARD_ARRAYS) {
    if (before[k]) assert.deepEqual(r[k], before[k], `${label}: ${k} changed`);
  }
}

test("into an earlier result: the golden values, bit-identical to a fresh forward, in the caller's arrays", async () => {
  const mha = await createMHA();
  for (const f of fixtures) {
    const args = fixtureArgs(f);
    const fresh = mha.forward(args);
    // An earlier result of the same sizes on other numbers.
    const earlier = mha.forward({ ...args, x: args.x.map((v) => -2 * v) });
    // A value no result holds, in every cell, to see each one rewritten.
    for (const k of FORWARD_ARRAYS) earlier[k].fill(7.25);
    const r = mha.forward(args, { into: earlier });
    for (const k of FORWARD_ARRAYS) {
      assert.equal(r[k], earlier[k], `${f.name}: ${k} is the caller's array`);
      assert.deepEqual(r[k], fresh[k], `${f.name}: ${k} equals a fresh one`);
      assertClose(`${f.name} ${k} (golden)`, r[k], f.expected[GOLDEN[k] ?? k]);
    }
    for (const k of ["n", "dModel", "headCount", "dK", "causal"])
      assert.equal(r[k], fresh[k], k);
    assert.deepEqual(r.headWeights(0), fresh.headWeights(0), "full methods");
  }
});

test("only and into: just the named arrays are written; the others of into are left alone", async () => {
  const mha = await createMHA();
  const args = randomArgs(9, 12, 3, 4);
  const fresh = mha.forward(args);
  const earlier = mha.forward(randomArgs(9, 12, 3, 5));
  const before = snapshot(earlier);
  const r = mha.forward(args, { only: ["weights", "output"], into: earlier });
  assert.deepEqual(Object.keys(r).sort(), [
    "causal",
    "dK",
    "dModel",
    "headCount",
    "n",
    "output",
    "weights",
  ]);
  assert.equal(r.weights, earlier.weights);
  assert.equal(r.output, earlier.output);
  assertClose("weights", r.weights, fresh.weights);
  assertClose("output", r.output, fresh.output);
  for (const k of FORWARD_ARRAYS) {
    if (k === "weights" || k === "output") continue;
    assert.deepEqual(earlier[k], before[k], `${k} untouched`);
  }
  // A lean result is a fine `into` for the same names, call after call,
  // with resident weights as in a slider's loop.
  mha.setWeights(args);
  try {
    let last = mha.forward({ x: args.x, n: 9 }, { only: ["output"] });
    const first = last.output;
    for (let seed = 6; seed < 9; seed++) {
      const x = randomArgs(9, 12, 3, seed).x;
      last = mha.forward({ x, n: 9 }, { only: ["output"], into: last });
      assert.equal(last.output, first, "the same array every time");
      assert.deepEqual(
        last.output,
        mha.forward({ x, n: 9 }, { only: ["output"] }).output,
      );
    }
  } finally {
    mha.clearWeights();
  }
});

test("a bad into is a clear MHAError before anything runs: the caller's arrays and the module's numbers are unchanged", async () => {
  const mha = await createMHA();
  const args = randomArgs(6, 8, 2, 11);
  const want = mha.forward(args);
  const earlier = mha.forward(randomArgs(6, 8, 2, 12));
  const before = snapshot(earlier);
  class Lying extends Float32Array {
    get length() {
      return earlier.q.length;
    }
  }
  const detached = new Float32Array(earlier.k.length);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const shared = new Float32Array(earlier.q.length + earlier.k.length);
  const cases = [
    [3, "BAD_TYPE", /options\.into must be an object/],
    [null, "BAD_TYPE", /options\.into must be an object/],
    [{}, "BAD_TYPE", /into\.q must be a Float32Array of 48 numbers/],
    [
      { ...earlier, q: new Float32Array(5) },
      "SHAPE_MISMATCH",
      /into\.q has length 5, expected 48/,
    ],
    [
      { ...earlier, v: new Float64Array(earlier.v.length) },
      "BAD_TYPE",
      /into\.v must be a Float32Array .* got a Float64Array/,
    ],
    [
      { ...earlier, v: Array.from(earlier.v) },
      "BAD_TYPE",
      /into\.v .* got an Array$/,
    ],
    [
      { ...earlier, q: new Lying(2) },
      "SHAPE_MISMATCH",
      /into\.q has length 2, expected 48/,
    ],
    [{ ...earlier, k: detached }, "BAD_TYPE", /into\.k/],
    [
      { ...earlier, k: earlier.q },
      "BAD_TYPE",
      /into\.k and into\.q share memory/,
    ],
    [
      {
        ...earlier,
        q: shared.subarray(0, earlier.q.length),
        k: shared.subarray(earlier.q.length - 1, 2 * earlier.q.length - 1),
      },
      "BAD_TYPE",
      /into\.k and into\.q share memory/,
    ],
    [
      Object.defineProperty({ ...earlier }, "output", {
        enumerable: true,
        get() {
          throw new Error("a getter that throws");
        },
      }),
      "BAD_TYPE",
      /reading options\.into\.output threw: a getter that throws/,
    ],
  ];
  for (const [into, code, message] of cases) {
    assert.throws(
      () => mha.forward(args, { into }),
      (e) => e.code === code && message.test(e.message),
      `into ${code} ${message}`,
    );
    assertUnchanged(String(message), earlier, before);
  }
  // Sizes of another call: the lengths do not match.
  assert.throws(
    () => mha.forward(randomArgs(7, 8, 2, 1), { into: earlier }),
    (e) =>
      e.code === "SHAPE_MISMATCH" &&
      /into\.q has length 48, expected 56/.test(e.message),
  );
  // Adjacent but not overlapping parts of one buffer are fine.
  const parts = { ...earlier };
  const one = new Float32Array(
    FORWARD_ARRAYS.reduce((s, k) => s + earlier[k].length, 0),
  );
  let at = 0;
  for (const k of FORWARD_ARRAYS) {
    parts[k] = one.subarray(at, (at += earlier[k].length));
  }
  assert.deepEqual(mha.forward(args, { into: parts }).output, want.output);
  // A failure of the core itself leaves into as it was.
  const x = args.x.slice();
  x[3] = NaN;
  assert.throws(
    () => mha.forward({ ...args, x }, { into: earlier }),
    (e) => e.code === "NON_FINITE",
  );
  assertUnchanged("NaN in x", earlier, before);
  // And the module still gives the same numbers.
  const again = mha.forward(args);
  for (const k of FORWARD_ARRAYS) assert.deepEqual(again[k], want[k], k);
});
