// The folders of tests/browser/your-model-fixtures.mjs, checked in Node
// before any browser sees them: the good ones load with
// mha.loadCheckpoint() as the config says, each bad one fails with its
// code and a message its expectText matches (or lacks the file it says),
// expectedFor()'s attention is causal, row-stochastic and windowed where
// GPT-Neo is local, ablation moves the loss, and serveMounts() serves the
// folders through the project's server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MHAError } from "../../web/lib/mha.js";
import { startServer } from "../../scripts/serve.mjs";
import {
  DEFAULT_TEST_TEXT,
  expectedFor,
  idsOf,
  loadFolder,
  NEO_WINDOW,
  serveMounts,
  writeBadFolders,
  writeTinyGpt2Folder,
  writeTinyNeoFolder,
} from "../browser/your-model-fixtures.mjs";

let root;
let gpt2;
let neo;
let bad;
const IDS = idsOf(DEFAULT_TEST_TEXT);

before(async () => {
  root = await mkdtemp(join(tmpdir(), "mha-your-model-"));
  [gpt2, neo, bad] = await Promise.all([
    writeTinyGpt2Folder(join(root, "tiny-gpt2"), { seed: 1 }),
    writeTinyNeoFolder(join(root, "tiny-neo"), { seed: 2 }),
    writeBadFolders(join(root, "bad")),
  ]);
});

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The folder's files on disk, sorted. @param {string} dir */
const onDisk = async (dir) => (await readdir(dir)).sort();

test("DEFAULT_TEST_TEXT is GPT-2's ids of a phrase said twice", () => {
  assert.deepEqual(IDS.slice(0, 3), [464, 3797, 3332], "The cat sat");
  assert.equal(IDS.length % 2, 0);
  const half = IDS.length / 2;
  // " The" (383) opens the second sentence, "The" (464) the first.
  assert.deepEqual(IDS.slice(half + 1), IDS.slice(1, half));
  assert.ok(IDS.length > NEO_WINDOW * 2, "the local window shows");
});

for (const [label, family, windows] of [
  ["tiny GPT-2", "gpt2", []], // empty: every layer global
  ["tiny GPT-Neo", "gpt_neo", [0, NEO_WINDOW]],
]) {
  test(`${label}: its files, and it loads as its config says`, async () => {
    const folder = family === "gpt2" ? gpt2 : neo;
    assert.deepEqual(await onDisk(folder.dir), [...folder.files].sort());
    for (const name of [
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "generation_config.json",
      "README.md",
    ])
      assert.ok(folder.files.includes(name), name);
    assert.equal(folder.config.model_type, family);
    const model = await loadFolder(folder.dir);
    try {
      assert.equal(model.meta.family, family);
      assert.deepEqual(model.meta.skippedTensors, []);
      const c = model.config;
      assert.equal(c.vocab, 50257);
      assert.equal(c.layers, folder.layers);
      assert.equal(c.heads, folder.heads);
      assert.equal(c.dModel, 32);
      assert.equal(c.context, 128);
      assert.deepEqual(Array.from(c.attentionWindows), windows);
    } finally {
      model.dispose();
    }
  });
}

test("each bad folder: its files, its code and a message its expectText matches", async () => {
  assert.deepEqual(Object.keys(bad).sort(), [
    "disagree",
    "malformed-config",
    "malformed-weights",
    "only-config",
    "only-weights",
    "too-large",
    "wrong-family",
  ]);
  for (const [name, entry] of Object.entries(bad)) {
    assert.deepEqual(await onDisk(entry.dir), [...entry.files].sort(), name);
    const pattern = new RegExp(entry.expectText);
    if (entry.expectCode === null) {
      assert.ok(!entry.files.includes(entry.missing), `${name}: no file`);
      assert.match(entry.missing, pattern, `${name}: the message names it`);
      assert.equal(entry.files.length, 1, name);
      continue;
    }
    assert.deepEqual(
      [...entry.files].sort(),
      ["config.json", "model.safetensors"],
      name,
    );
    await assert.rejects(
      loadFolder(entry.dir),
      (e) => {
        assert.ok(e instanceof MHAError, `${name}: ${e}`);
        assert.equal(e.code, entry.expectCode, `${name}: ${e.message}`);
        assert.match(e.message, pattern, name);
        return true;
      },
      name,
    );
  }
  assert.equal(bad["only-config"].missing, "model.safetensors");
  assert.equal(bad["only-weights"].missing, "config.json");
});

/**
 * Every row of an n × n pattern sums to 1 and its cells past the diagonal,
 * or `window` or more positions back, are 0.
 */
function assertPattern(weights, n, window, label) {
  assert.equal(weights.length, n * n, label);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const w = weights[i * n + j];
      sum += w;
      const outside = j > i || (window > 0 && j <= i - window);
      if (outside) assert.equal(w, 0, `${label}: cell ${i},${j}`);
      else assert.ok(w >= 0, `${label}: cell ${i},${j}`);
    }
    assert.ok(Math.abs(sum - 1) < 1e-5, `${label}: row ${i} sums to ${sum}`);
  }
}

test("expectedFor: causal rows that sum to 1, GPT-Neo's local window, ablation moves the loss", async () => {
  const n = IDS.length;
  for (const [label, folder, layer, head, window] of [
    ["GPT-2 layer 1 head 2", gpt2, 1, 2, 0],
    ["GPT-Neo layer 0 head 1 (global)", neo, 0, 1, 0],
    ["GPT-Neo layer 1 head 3 (local)", neo, 1, 3, NEO_WINDOW],
  ]) {
    const e = await expectedFor(folder.dir, IDS, { layer, head });
    assert.equal(e.n, n);
    assertPattern(e.weights, n, window, label);
    if (window > 0) {
      // Inside the window the cells are not all zero (the window is real).
      assert.ok(e.weights[(n - 1) * n + (n - window)] > 0, label);
    }
    for (const top of [e.topNext, e.ablatedTopNext]) {
      assert.equal(top.ids.length, 5, label);
      for (let k = 1; k < 5; k++)
        assert.ok(top.probabilities[k] <= top.probabilities[k - 1], label);
    }
    assert.ok(Number.isFinite(e.loss) && Number.isFinite(e.ablatedLoss));
    assert.notEqual(e.ablatedLoss, e.loss, `${label}: ablation moves the loss`);
    assert.equal(e.generate.length, n + 8, label);
    assert.deepEqual(e.generate.slice(0, n), IDS, label);
    // A JSON round trip keeps every number: it can cross into the page.
    assert.deepEqual(JSON.parse(JSON.stringify(e)), e, label);
  }
  const none = await expectedFor(gpt2.dir, IDS, { ablate: [] });
  assert.equal(none.ablatedLoss, none.loss, "nothing ablated: same loss");
});

test("serveMounts: the project's server serves each folder under /models/<name>/", async () => {
  const mounts = serveMounts({ "tiny-gpt2": gpt2, ...bad });
  assert.equal(mounts["/models/tiny-gpt2/"], gpt2.dir);
  assert.equal(mounts["/models/too-large/"], bad["too-large"].dir);
  assert.deepEqual(serveMounts({ x: "/tmp/x" }, { base: "/m/" }), {
    "/m/x/": "/tmp/x",
  });
  assert.throws(() => serveMounts({ "a/b": "/tmp" }), /one URL-safe segment/);
  const server = await startServer({ root: ".", mounts });
  try {
    const config = await fetch(
      new URL("models/tiny-gpt2/config.json", server.url),
    );
    assert.equal(config.status, 200);
    assert.deepEqual(await config.json(), gpt2.config);
    const missing = await fetch(
      new URL("models/only-config/model.safetensors", server.url),
    );
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.close();
  }
});
