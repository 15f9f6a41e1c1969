// The lean forward through the JS API: forward(args, { only }) and the
// resident weights of setWeights(). Its numbers must equal the full
// forward's and the independent reference's, and it must leak nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createMHA, MHAError } from "mha-explainer";
import { assertClose, randomArgs } from "./helpers.mjs";

const dir = new URL("../fixtures/mha/", import.meta.url);
const names = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
const SIZE_FIELDS = ["n", "dModel", "headCount", "dK", "causal"];

function fixtureArgs(f) {
  const i = f.inputs;
  const floats = (a) => a && new Float32Array(a);
  return {
    x: floats(i.x),
    n: f.n,
    dModel: f.d_model,
    heads: f.heads,
    wq: floats(i.wq),
    wk: floats(i.wk),
    wv: floats(i.wv),
    wo: floats(i.wo),
    bq: floats(i.bq),
    bk: floats(i.bk),
    bv: floats(i.bv),
    bo: floats(i.bo),
    causal: f.causal,
    keep: i.keep && Uint8Array.from(i.keep),
  };
}

test("every fixture: the lean results equal the reference", async () => {
  const mha = await createMHA();
  for (const name of names) {
    const f = JSON.parse(await readFile(new URL(name, dir), "utf8"));
    const args = fixtureArgs(f);
    const r = mha.forward(args, {
      only: ["output", "concat", "scores", "weights"],
    });
    const e = f.expected;
    assertClose(`${name} output`, r.output, e.output);
    assertClose(`${name} concat`, r.concat, e.concat);
    assertClose(`${name} scores`, r.scores, e.scores);
    assertClose(`${name} weights`, r.weights, e.weights);
    // The same through resident weights.
    mha.setWeights(args);
    const { x, n, causal, keep } = args;
    const resident = mha.forward({ x, n, causal, keep }, { only: ["output"] });
    assertClose(`${name} resident output`, resident.output, e.output);
  }
  mha.clearWeights();
});

test("a lean result holds the sizes and only what was asked for", async () => {
  const mha = await createMHA();
  const args = randomArgs(5, 12, 3, 2, { causal: true });
  const full = mha.forward(args);
  const r = mha.forward(args, { only: ["weights"] });
  assert.deepEqual(Object.keys(r).sort(), [...SIZE_FIELDS, "weights"].sort());
  for (const k of SIZE_FIELDS) assert.equal(r[k], full[k], k);
  assert.deepEqual(Array.from(r.weights), Array.from(full.weights));
  const o = mha.forward(args, { only: ["output", "output"] });
  assert.deepEqual(Object.keys(o).sort(), [...SIZE_FIELDS, "output"].sort());
  // Output alone divides by the softmax sums after weights·V: rounding only.
  assertClose("output", o.output, Array.from(full.output));
});

test("setWeights: forward() without weights uses them, full or lean", async () => {
  const mha = await createMHA();
  const args = randomArgs(6, 16, 4, 5, {
    bq: new Float32Array(16).fill(0.25),
    bo: new Float32Array(16).fill(-0.5),
    keep: [1, 1, 0, 1, 1, 1],
  });
  const want = mha.forward(args);
  mha.setWeights(args);
  const call = { x: args.x, n: 6, keep: args.keep };
  const full = mha.forward(call);
  for (const k of ["output", "weights", "contributions", "q"]) {
    assert.deepEqual(Array.from(full[k]), Array.from(want[k]), k);
  }
  assert.equal(full.dModel, 16);
  assert.equal(full.headCount, 4);
  const lean = mha.forward(
    { ...call, dModel: 16, heads: 4 },
    { only: ["output"] },
  );
  assertClose("lean output", lean.output, Array.from(want.output));
  // Weights passed in the call still win over the resident ones.
  const other = randomArgs(6, 16, 4, 99);
  assertClose(
    "call's own weights",
    mha.forward(other, { only: ["output"] }).output,
    Array.from(mha.forward(other).output),
  );
  mha.clearWeights();
});

test("resident weights: sizes must agree, and clearWeights forgets them", async () => {
  const mha = await createMHA();
  const args = randomArgs(4, 8, 2, 7);
  mha.setWeights(args);
  const expectCode = (fn, code, text) =>
    assert.throws(fn, (e) => {
      assert.ok(e instanceof MHAError);
      assert.equal(e.code, code);
      if (text) assert.match(e.message, text);
      return true;
    });
  expectCode(
    () => mha.forward({ x: args.x, n: 4, dModel: 16 }, { only: ["output"] }),
    "SHAPE_MISMATCH",
    /setWeights/,
  );
  expectCode(
    () => mha.forward({ x: args.x, n: 4, heads: 4 }),
    "SHAPE_MISMATCH",
    /heads/,
  );
  expectCode(
    () => mha.forward({ x: args.x, n: 5 }, { only: ["output"] }),
    "SHAPE_MISMATCH",
    /x has length 32, expected 40/,
  );
  // Only some weights given: they are not mixed with the resident ones.
  expectCode(
    () => mha.forward({ x: args.x, n: 4, dModel: 8, heads: 2, wq: args.wq }),
    "MISSING_ARRAY",
    /wk/,
  );
  mha.clearWeights();
  assert.throws(
    () => mha.forward({ x: args.x, n: 4 }, { only: ["output"] }),
    MHAError,
  );
  expectCode(
    () => mha.setWeights({ ...args, heads: 3 }),
    "HEADS_DO_NOT_DIVIDE",
  );
  expectCode(() => mha.setWeights({ ...args, wq: undefined }), "MISSING_ARRAY");
  const bad = { ...args, wv: args.wv.slice() };
  bad.wv[3] = Infinity;
  expectCode(() => mha.setWeights(bad), "NON_FINITE", /wv/);
  expectCode(() => mha.setWeights(null), "BAD_TYPE");
  // A failed setWeights leaves no resident weights behind.
  assert.throws(() => mha.forward({ x: args.x, n: 4 }), MHAError);
});

test("bad options and inputs of a lean call throw MHAErrors", async () => {
  const mha = await createMHA();
  const args = randomArgs(4, 8, 2, 8);
  const expectCode = (options, code, a = args) =>
    assert.throws(
      () => mha.forward(a, options),
      (e) => e instanceof MHAError && e.code === code,
    );
  expectCode({ only: [] }, "BAD_TYPE");
  expectCode({ only: "output" }, "BAD_TYPE");
  expectCode({ only: ["attention"] }, "BAD_TYPE");
  expectCode({ only: ["heads"] }, "BAD_TYPE"); // the deprecated alias
  expectCode({ only: ["output", "attention"] }, "BAD_TYPE");
  expectCode({ only: ["output"], into: {} }, "BAD_TYPE");
  expectCode(null, "BAD_TYPE");
  const only = { only: ["output"] };
  const nan = { ...args, x: args.x.slice() };
  nan.x[5] = NaN;
  expectCode(only, "NON_FINITE", nan);
  expectCode(only, "ZERO_SIZE", { ...args, n: 0 });
  expectCode(only, "TOO_LARGE", { ...args, n: 5000 });
  expectCode(only, "SHAPE_MISMATCH", { ...args, keep: [1, 1] });
  expectCode(only, "BAD_TYPE", { ...args, causal: "yes" });
  expectCode(only, "HEADS_DO_NOT_DIVIDE", { ...args, heads: 3 });
  // The next call works as before.
  assert.equal(mha.forward(args, only).output.length, 32);
});

test("10,000 lean calls leave the heap unchanged; results are copies", async () => {
  const mha = await createMHA();
  const args = randomArgs(32, 64, 4, 9, { causal: true });
  mha.setWeights(args);
  const call = { x: args.x, n: 32, causal: true };
  const options = { only: ["output", "weights"] };
  for (let i = 0; i < 50; i++) mha.forward(call, options);
  const before = mha.heapBytes();
  const first = mha.forward(call, options);
  const snapshot = Array.from(first.output);
  for (let i = 0; i < 10000; i++) mha.forward(call, options);
  assert.equal(mha.heapBytes(), before);
  // A larger call grows the heap; the earlier result is intact.
  mha.forward(randomArgs(1024, 256, 4, 5), { only: ["weights"] });
  assert.ok(mha.heapBytes() > before);
  assert.deepEqual(Array.from(first.output), snapshot);
  assert.deepEqual(Array.from(mha.forward(call, options).output), snapshot);
  mha.clearWeights();
});
