// The layout table of forward() results (web/lib/layout.js) agrees with the
// documentation in mha.d.ts and with the arrays forward() really returns.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createMHA, seededWeights, MHAError } from "mha-explainer";
import {
  FORWARD_ARRAYS,
  FORWARD_LAYOUT,
  forwardLength,
  forwardShapes,
} from "mha-explainer/layout.js";

let mha;
before(async () => {
  mha = await createMHA();
});

const run = (n, dModel, heads, causal = false) => {
  const x = Float32Array.from({ length: n * dModel }, (_, k) =>
    Math.sin(k + 1),
  );
  return mha.forward({ x, n, ...seededWeights(dModel, heads), causal });
};

test("every index formula appears in the d.ts doc comment of its field", async () => {
  const dts = await readFile(
    new URL("../../web/lib/mha.d.ts", import.meta.url),
    "utf8",
  );
  const body = dts.slice(dts.indexOf("export interface ForwardResult {"));
  const end = body.indexOf("\n}\n");
  const iface = body.slice(0, end);
  for (const [name, { index }] of Object.entries(FORWARD_LAYOUT)) {
    const field = new RegExp(
      `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*readonly ${name}: Float32Array;`,
    ).exec(iface);
    assert.ok(field, `ForwardResult declares ${name} with a doc comment`);
    const doc = field[1].replace(/\s*\n\s*\*\s*/g, " ");
    assert.ok(doc.includes(index), `${name}'s doc says ${index}`);
  }
});

test("the table's lengths are forward()'s lengths, for several sizes", () => {
  for (const [n, dModel, heads] of [
    [1, 1, 1],
    [5, 8, 2],
    [7, 12, 3],
    [3, 16, 16],
  ]) {
    const r = run(n, dModel, heads);
    const arrays = Object.keys(r).filter((k) => ArrayBuffer.isView(r[k]));
    assert.deepEqual(arrays, [...FORWARD_ARRAYS]);
    const shapes = forwardShapes(r);
    for (const name of FORWARD_ARRAYS) {
      assert.equal(r[name].length, forwardLength(name, r), name);
      assert.equal(
        shapes[name].reduce((a, b) => a * b, 1),
        r[name].length,
        name,
      );
    }
  }
});

test("the index formulas locate the right numbers: concat and weights", () => {
  const r = run(4, 6, 3);
  const { n, dModel, dK, headCount } = r;
  for (let h = 0; h < headCount; h++) {
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += r.weights[h * n * n + i * n + j];
      assert.ok(Math.abs(row - 1) < 1e-5, `head ${h} row ${i} sums to 1`);
      for (let c = 0; c < dK; c++) {
        assert.equal(
          r.concat[i * dModel + h * dK + c],
          r.headOutputs[h * n * dK + i * dK + c],
        );
      }
    }
  }
});

test("headWeights(h) and headScores(h) are views of head h's n × n block", () => {
  const r = run(5, 8, 2, true);
  const n = r.n;
  for (let h = 0; h < 2; h++) {
    const w = r.headWeights(h);
    const s = r.headScores(h);
    assert.equal(w.length, n * n);
    assert.equal(w.buffer, r.weights.buffer, "a view, not a copy");
    assert.deepEqual(w, r.weights.slice(h * n * n, (h + 1) * n * n));
    assert.deepEqual(s, r.scores.slice(h * n * n, (h + 1) * n * n));
    assert.equal(s[0 * n + 1], -Infinity, "causal: query 0 cannot see key 1");
  }
  for (const bad of [-1, 2, 0.5, NaN, "0", undefined]) {
    assert.throws(
      () => r.headWeights(bad),
      (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
      String(bad),
    );
    assert.throws(
      () => r.headScores(bad),
      (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
    );
  }
});

test("results stay plain data; heads is a deprecated alias of headOutputs", () => {
  const r = run(3, 4, 2);
  assert.equal(r.heads, r.headOutputs);
  assert.ok(!Object.keys(r).includes("heads"));
  assert.ok(!Object.keys(r).includes("headWeights"));
  const copy = structuredClone(r);
  assert.deepEqual(Object.keys(copy), Object.keys(r));
  assert.deepEqual(copy.weights, r.weights);
});
