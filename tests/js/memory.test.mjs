// Results are copies that outlive memory growth, and forward() leaks nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA } from "mha-explainer";
import { randomArgs } from "./helpers.mjs";

test("createMHA returns the same instance every time", async () => {
  assert.equal(await createMHA(), await createMHA());
});

test("a result stays intact after later calls grow the wasm memory", async () => {
  const mha = await createMHA();
  const small = mha.forward(randomArgs(4, 8, 2, 3));
  const snapshot = {};
  for (const [k, v] of Object.entries(small)) {
    if (v instanceof Float32Array) snapshot[k] = Array.from(v);
  }
  const before = mha.heapBytes();
  // 1024 tokens × 256 wide needs tens of MB: the heap must grow.
  mha.forward(randomArgs(1024, 256, 4, 5));
  assert.ok(
    mha.heapBytes() > before,
    `heap grew from ${before} to ${mha.heapBytes()}`,
  );
  for (const [k, values] of Object.entries(snapshot)) {
    assert.equal(small[k].length, values.length, `${k} was detached`);
    assert.deepEqual(Array.from(small[k]), values, `${k} changed`);
  }
});

test("10,000 forward calls leave the wasm heap size unchanged", async () => {
  const mha = await createMHA();
  const args = randomArgs(32, 64, 4, 9, {
    causal: true,
    keep: new Uint8Array(32).fill(1),
  });
  for (let i = 0; i < 50; i++) mha.forward(args); // warm-up
  const before = mha.heapBytes();
  const first = mha.forward(args).output[0];
  for (let i = 0; i < 10000; i++) mha.forward(args);
  assert.equal(mha.heapBytes(), before);
  assert.equal(mha.forward(args).output[0], first);
});

test("errors leak nothing either", async () => {
  const mha = await createMHA();
  const args = randomArgs(32, 64, 4, 9);
  const bad = { ...args, x: args.x.slice() };
  bad.x[100] = NaN;
  for (let i = 0; i < 50; i++) assert.throws(() => mha.forward(bad));
  const before = mha.heapBytes();
  for (let i = 0; i < 5000; i++) assert.throws(() => mha.forward(bad));
  assert.equal(mha.heapBytes(), before);
});
