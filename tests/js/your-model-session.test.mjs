// The #your-model section's session (web/sections/your-model/session.js),
// in Node as it runs in the section's Worker: its numbers are the public
// API's for the same ids (loaded separately here), its tokens are GPT-2's
// BPE or the small model's characters, and each refusal has a code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMHA } from "../../web/lib/mha.js";
import { encodeGpt2 } from "../../web/lib/gpt2-tokenizer.js";
import {
  createSession,
  MAX_TOKENS,
  TOP_K,
} from "../../web/sections/your-model/session.js";
import { writeTinyGpt2Folder } from "../browser/your-model-fixtures.mjs";

const mha = await createMHA();
const SMALL = new URL("../../web/data/model-gpt2/", import.meta.url);
const TEXT = "The cat sat on the mat. The cat sat on the mat.";

async function folderSource(dir) {
  const read = (name) => readFile(join(dir, name));
  return {
    kind: "files",
    config: new Blob([await read("config.json")]),
    weights: new Blob([await read("model.safetensors")]),
  };
}

async function smallSource() {
  const read = (name) => readFile(new URL(name, SMALL));
  return {
    kind: "files",
    config: new Blob([await read("config.json")]),
    weights: new Blob([await read("model.safetensors")]),
  };
}

function rowsSumToOne(weights, count, n) {
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const w = weights[b * n * n + i * n + j];
        if (j > i) assert.equal(w, 0, `causal cell ${i},${j} of block ${b}`);
        sum += w;
      }
      assert.ok(
        Math.abs(sum - 1) < 1e-5,
        `row ${i} of block ${b} sums to ${sum}`,
      );
    }
  }
}

test("the project's small model: characters as tokens, the core's numbers for every part", async () => {
  const session = createSession(mha);
  const summary = await session.open(await smallSource());
  assert.equal(summary.family, "gpt2");
  assert.deepEqual(summary.dtypes, ["F32"]);
  assert.equal(summary.config.layers, 2);
  const loaded = await session.load(() => {});
  assert.equal(loaded.tokenizer.kind, "characters");
  assert.equal(loaded.verify, null);
  const run = session.analyse(TEXT);
  assert.equal(run.n, TEXT.length);
  assert.equal(run.tokens[3].label, "␣");
  assert.equal(run.reports.length, 2 * 4);
  assert.equal(run.weights.length, 8 * run.n * run.n);
  rowsSumToOne(run.weights, 8, run.n);

  // The same numbers from the API directly.
  const config = await readFile(new URL("config.json", SMALL), "utf8");
  const model = await mha.loadCheckpoint({
    config,
    weights: await readFile(new URL("model.safetensors", SMALL)),
  });
  const vocabulary = [...JSON.parse(config).mha_vocabulary];
  const ids = Int32Array.from(TEXT, (c) => vocabulary.indexOf(c));
  assert.deepEqual(
    Array.from(run.tokens, (t) => t.id),
    Array.from(ids),
  );
  assert.deepEqual(run.weights, model.forward(ids).weights);
  const analysis = model.analyze(ids, { copying: false });
  assert.deepEqual(
    run.reports,
    analysis.reports.map((r) => ({ ...r })),
  );
  const LABELS = [
    "induction",
    "previous-token",
    "sink",
    "self/copy",
    "broad",
    "positional/local",
    "weird",
  ];
  assert.ok(run.reports.every((r) => LABELS.includes(r.label)));

  const flags = new Uint8Array(8);
  const intact = session.predict(flags);
  const top = model.topNext(ids, { k: TOP_K });
  assert.deepEqual(
    intact.intact.map((t) => t.id),
    Array.from(top.ids),
  );
  assert.deepEqual(
    intact.intact.map((t) => t.probability),
    Array.from(top.probabilities),
  );
  assert.equal(intact.ablated, null);
  assert.equal(intact.loss, model.ablation({ sequences: ids }).loss);
  flags[1 * 4 + 2] = 1;
  const ablated = session.predict(flags);
  const want = model.topNext(ids, {
    k: TOP_K,
    ablate: [{ layer: 1, head: 2 }],
  });
  assert.deepEqual(
    ablated.ablated.map((t) => t.id),
    Array.from(want.ids),
  );
  const loss = model.ablation({
    sequences: ids,
    ablate: [{ layer: 1, head: 2 }],
  });
  assert.equal(ablated.ablatedLoss, loss.ablatedLoss);
  assert.ok(
    ablated.ablatedLoss > ablated.loss,
    "ablating the induction head costs nothing?",
  );

  const more = session.continuation(new Uint8Array(8));
  const generated = model.generate(ids, { steps: more.ids.length });
  assert.deepEqual(more.ids, Array.from(generated.subarray(ids.length)));
  assert.equal(more.text, more.ids.map((id) => vocabulary[id]).join(""));

  assert.throws(() => session.verify(), { code: "NO_VERIFY_CASE" });
  assert.throws(() => session.analyse("naïve café"), {
    code: "UNKNOWN_CHARACTERS",
    message: /“ï”, “é”/,
  });
  assert.throws(() => session.analyse("a"), { code: "TEXT_TOO_SHORT" });
  model.dispose();
  session.dispose();
});

test("a GPT-2 folder: BPE tokens, the limit of MAX_TOKENS, and the next model frees the first", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mha-session-"));
  try {
    const folder = await writeTinyGpt2Folder(dir, { seed: 4 });
    const session = createSession(mha);
    await session.open(await folderSource(dir));
    const loaded = await session.load(() => {});
    assert.equal(loaded.tokenizer.kind, "gpt2");
    assert.equal(
      loaded.maxTokens,
      Math.min(MAX_TOKENS, folder.config.n_positions),
    );
    const run = session.analyse(TEXT);
    assert.deepEqual(
      Array.from(run.tokens, (t) => t.id),
      Array.from(encodeGpt2(TEXT)),
    );
    assert.equal(run.tokens[1].label, "␣cat");
    rowsSumToOne(run.weights, folder.layers * folder.heads, run.n);

    const long = session.analyse(TEXT.repeat(10));
    assert.equal(long.n, MAX_TOKENS);
    assert.ok(long.totalTokens > MAX_TOKENS);

    const heap = mha.heapBytes();
    await session.open(await folderSource(dir));
    await session.load(() => {});
    assert.ok(
      mha.heapBytes() <= heap + (1 << 20),
      "loading a second model kept the first",
    );
    session.dispose();
    assert.throws(() => session.analyse(TEXT), { code: "NO_MODEL" });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
