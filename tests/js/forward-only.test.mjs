// forward(args, { only }) for every result name of the full forward: each
// named array alone, and mixes that take the core's other routes (the
// output summed from contributions, head outputs copied into concat, norms
// without the contributions), equal the independent golden values of
// tests/fixtures/mha (plain-JS double precision) and the full forward, and
// nothing else is returned.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createMHA, MHAError } from "mha-explainer";
import { FORWARD_ARRAYS } from "../../web/lib/layout.js";
import { assertClose, fixtureArgs, randomArgs } from "./helpers.mjs";

const dir = new URL("../fixtures/mha/", import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
const SIZE_FIELDS = ["n", "dModel", "headCount", "dK", "causal"];
/** The golden file's name of each result array. */
const GOLDEN = {
  headOutputs: "heads",
  contributionNorms: "contribution_norms",
};

const fixtures = await Promise.all(
  files.map(async (name) => ({
    name,
    f: JSON.parse(await readFile(new URL(name, dir), "utf8")),
  })),
);

/** Asserts r holds the sizes and exactly `names`, each close to `want`. */
function assertOnly(label, r, names, want) {
  assert.deepEqual(
    Object.keys(r).sort(),
    [...SIZE_FIELDS, ...new Set(names)].sort(),
    `${label}: fields`,
  );
  for (const name of names) {
    assertClose(`${label} ${name}`, r[name], want(name));
  }
}

test("the lean result names are the full result's arrays", async () => {
  const mha = await createMHA();
  const full = mha.forward(randomArgs(3, 8, 2, 4));
  const arrays = Object.keys(full).filter((k) => !SIZE_FIELDS.includes(k));
  assert.deepEqual(arrays, [...FORWARD_ARRAYS]);
  assert.equal(arrays.length, 10);
});

test("only: [name] for every name equals the golden values and the full forward", async () => {
  const mha = await createMHA();
  for (const { name, f } of fixtures) {
    const args = fixtureArgs(f);
    const full = mha.forward(args);
    for (const array of FORWARD_ARRAYS) {
      const r = mha.forward(args, { only: [array] });
      const golden = f.expected[GOLDEN[array] ?? array];
      assertOnly(`${name} only ${array} (golden)`, r, [array], () => golden);
      assertClose(`${name} only ${array} (full)`, r[array], full[array]);
      for (const k of SIZE_FIELDS) assert.equal(r[k], full[k], k);
    }
  }
});

test("mixes of names take each route and agree with the golden values", async () => {
  const mha = await createMHA();
  const mixes = [
    // The output as the sum of the contributions, head outputs in concat.
    ["output", "contributions"],
    // The norms alone (contributions in scratch), with the summed output.
    ["output", "contributionNorms"],
    // Head outputs written in place, then copied into concat.
    ["headOutputs", "concat"],
    ["headOutputs", "output"],
    ["q", "v", "weights", "output"],
    ["q", "k", "v"],
    ["contributions", "contributionNorms", "headOutputs"],
    [...FORWARD_ARRAYS].reverse(),
  ];
  for (const { name, f } of fixtures) {
    const args = fixtureArgs(f);
    for (const only of mixes) {
      const r = mha.forward(args, { only });
      assertOnly(
        `${name} only ${only.join("+")}`,
        r,
        only,
        (array) => f.expected[GOLDEN[array] ?? array],
      );
    }
  }
});

test("every name through resident weights, with biases, causal and keep", async () => {
  const mha = await createMHA();
  const args = randomArgs(70, 32, 4, 21, {
    causal: true,
    bq: new Float32Array(32).fill(0.125),
    bv: new Float32Array(32).fill(-0.25),
    bo: new Float32Array(32).fill(0.5),
    keep: Array.from({ length: 70 }, (_, i) => (i % 5 === 3 ? 0 : 1)),
  });
  const full = mha.forward(args);
  mha.setWeights(args);
  const call = { x: args.x, n: 70, causal: true, keep: args.keep };
  for (const array of FORWARD_ARRAYS) {
    const r = mha.forward(call, { only: [array] });
    assertOnly(`resident only ${array}`, r, [array], () => full[array]);
  }
  // Σ contributions + bo is the output.
  const { contributions, output } = full;
  const size = 70 * 32;
  const sum = Array.from(output, (_, i) => 0.5);
  for (let h = 0; h < 4; h++) {
    for (let i = 0; i < size; i++) sum[i] += contributions[h * size + i];
  }
  assertClose("Σ contributions + bo", output, sum);
  mha.clearWeights();
});

test("bad names are BAD_TYPE, and name the choices", async () => {
  const mha = await createMHA();
  const args = randomArgs(4, 8, 2, 8);
  for (const only of [["heads"], ["Q"], ["output", "attention"], [1], [null]]) {
    assert.throws(
      () => mha.forward(args, { only }),
      (e) =>
        e instanceof MHAError &&
        e.code === "BAD_TYPE" &&
        e.message.includes('"contributionNorms"'),
      JSON.stringify(only),
    );
  }
});
