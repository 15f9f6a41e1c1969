// The #real-model section's data layer (web/sections/real-model/data.js): CSV parsing,
// binned means, the model cache that disposes what it drops, and the data
// source on the shipped files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createMHA } from "../../web/lib/mha.js";
import {
  bestOf,
  binnedMeans,
  createLRU,
  createModelData,
  parseCSV,
} from "../../web/sections/real-model/data.js";

const readShipped = (name) =>
  readFile(new URL(`../../web/data/model/${name}`, import.meta.url)).then(
    (b) => new Uint8Array(b),
  );

test("parseCSV: header, numbers, NaN for empty cells, CRLF", () => {
  const { columns, rows } = parseCSV("step,loss\r\n1,2.5\n2,\n\n");
  assert.deepEqual(columns, ["step", "loss"]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].loss, 2.5);
  assert.ok(Number.isNaN(rows[1].loss));
});

test("binnedMeans: means per bin at the bin's last x, skipping NaN", () => {
  const rows = [1, 2, 3, 4, 5].map((step) => ({
    step,
    v: step === 2 ? NaN : step,
  }));
  const out = binnedMeans(rows, { x: "step", keys: ["v"], size: 2 });
  assert.deepEqual(out.x, [2, 4, 5]);
  assert.deepEqual(out.series.v, [1, 3.5, 5]);
});

test("bestOf takes the largest of the prefixed columns per row", () => {
  const rows = [{ a_1: 1, a_2: 3, b_1: 9 }];
  assert.deepEqual(bestOf(rows, ["a_1", "a_2", "b_1"], "a_"), [3]);
});

test("createLRU keeps the last used and drops (disposes) the rest", () => {
  const dropped = [];
  const lru = createLRU(2, (v) => dropped.push(v));
  lru.set("a", "A");
  lru.set("b", "B");
  assert.equal(lru.get("a"), "A"); // a is now the most recent
  lru.set("c", "C");
  assert.deepEqual(dropped, ["B"]);
  assert.deepEqual(lru.keys(), ["a", "c"]);
  lru.set("c", "C2"); // replacing drops the old value
  assert.deepEqual(dropped, ["B", "C"]);
  lru.clear();
  assert.deepEqual(dropped.slice(2).sort(), ["A", "C2"]);
  assert.equal(lru.get("a"), undefined);
});

test("createModelData on the shipped files: index, logs, cached models disposed when dropped", async () => {
  const mha = await createMHA();
  const reads = [];
  const data = createModelData(mha, {
    keep: 2,
    read: (name) => {
      reads.push(name);
      return readShipped(name);
    },
  });
  const index = await data.index();
  assert.equal(index.checkpoints.length, 10);
  assert.equal(index.phase_change_step, 2650);
  const m0 = await data.model(0);
  assert.equal(m0.step, 0);
  assert.equal(await data.model(0), m0, "the same Model from the cache");
  const [a, b] = await Promise.all([data.model(1), data.model(1)]);
  assert.equal(a, b, "concurrent calls share one Model");
  const m9 = await data.model(9);
  assert.equal(m9.step, 12000);
  assert.equal(m0.alive, false, "the least recently used model was disposed");
  assert.equal(m9.alive, true);
  assert.equal(reads.filter((r) => r === "step-000000.bin").length, 1);
  const again = await data.model(0); // reloaded from the cached bytes
  assert.equal(again.alive, true);
  assert.equal(reads.filter((r) => r === "step-000000.bin").length, 1);
  const { log, eval: evaluation } = await data.logs();
  assert.equal(log.rows.length, 12000);
  assert.ok(log.columns.includes("loss_synthetic"));
  assert.equal(evaluation.rows[0].step, 0);
  data.dispose();
  assert.equal(m9.alive, false);
});
