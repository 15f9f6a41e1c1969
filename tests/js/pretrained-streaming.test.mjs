// A GPT-2-small-shaped checkpoint (12 layers, 12 heads, d_model 768, vocab
// 50257, context 1024: 124 M parameters, ~500 MB of F32) streamed into the
// core by mha.loadCheckpoint() from a Blob of a file on disk (fs.openAsBlob,
// so the load really goes through Blob.slice; Node 18, which lacks it, gets
// an in-memory Blob). The wasm memory grows by the tensors, the loader's one
// chunk and the Emscripten growth step, not by a second copy of the file;
// progress events arrive per chunk and end at the file's size; and the
// last-position logits on 16 tokens match the double-precision reference of
// tests/js/gpt/reference.mjs.
//
// JS memory: the seeded tensors (~500 MB) and the safetensors bytes (~500 MB)
// exist together once, while the file is written; the bytes are dropped at
// once and the tensors after the reference forward, before the load.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMHA, DEFAULT_CHUNK_BYTES } from "mha-explainer";
import {
  gpt2Config,
  seededTensors,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";
import { referenceForward } from "./gpt/reference.mjs";

const CONFIG = gpt2Config({
  layers: 12,
  heads: 12,
  dModel: 768,
  vocab: 50257,
  context: 1024,
});
const SEED = 7;
/** 16 fixed token ids spread over the vocabulary. */
const IDS = Array.from({ length: 16 }, (_, i) => (i * 7919 + 13) % 50257);

// Emscripten's _emscripten_resize_heap (web/lib/wasm/mha_core.mjs) grows the
// memory to max(requested, min(old · 1.2, requested + 100663296)), rounded up
// to 64 KiB: at most 96 MiB + 64 KiB beyond what was asked for.
const GROWTH_STEP_BYTES = 100663296 + 65536;
// The loader's other allocations: the safetensors header (its JSON, ~13 KB
// here) while the loader parses it, the loader's plan and the Matrix
// headers, and malloc's per-block overhead. 1 MiB is generous.
const BOOKKEEPING_BYTES = 1 << 20;

const MB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

let dir;
let file;
let fileBytes;
let parameters;
/** The reference's last-position logits (Float64Array, vocab entries). */
let referenceLast;
let mha;

before(async () => {
  let t0 = performance.now();
  /** @type {ReturnType<typeof seededTensors> | null} */
  let tensors = seededTensors(CONFIG, { seed: SEED, std: 0.02 });
  parameters = tensors.reduce((sum, t) => sum + t.data.length, 0);
  /** @type {Uint8Array | null} */
  let bytes = writeSafetensors(tensors);
  fileBytes = bytes.length;
  dir = await mkdtemp(join(tmpdir(), "mha-gpt2-small-"));
  file = join(dir, "model.safetensors");
  await writeFile(file, bytes);
  bytes = null;
  console.log(
    `checkpoint: ${(parameters / 1e6).toFixed(1)} M parameters, ` +
      `${fileBytes} bytes written to ${file} in ` +
      `${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
  t0 = performance.now();
  const map = new Map(tensors.map((t) => [t.name, t]));
  const { logits, vocab } = referenceForward(CONFIG, map, IDS);
  referenceLast = logits.slice((IDS.length - 1) * vocab);
  map.clear();
  tensors = null;
  console.log(
    `reference forward (double precision, ${IDS.length} tokens): ` +
      `${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
  mha = await createMHA();
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The weights as a Blob backed by the file where Node can (Node ≥ 19.8). */
async function weightsBlob() {
  if (typeof fs.openAsBlob === "function") {
    return { blob: await fs.openAsBlob(file), kind: "fs.openAsBlob (file)" };
  }
  const bytes = await fs.promises.readFile(file);
  return { blob: new Blob([bytes]), kind: "in-memory Blob (no openAsBlob)" };
}

function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if (values[i] > values[best]) best = i;
  return best;
}

test("a GPT-2-small-shaped checkpoint streams from a Blob: heap grows by the tensors and one chunk, progress ends at the file size, logits match the reference", async () => {
  const { blob, kind } = await weightsBlob();
  assert.equal(blob.size, fileBytes);
  const events = [];
  const heapBefore = mha.heapBytes();
  const t0 = performance.now();
  const model = await mha.loadCheckpoint({
    config: CONFIG,
    weights: blob,
    onProgress: (e) => events.push({ ...e }),
  });
  const loadMs = performance.now() - t0;
  const heapAfter = mha.heapBytes();
  try {
    const tensorBytes = model.parameterCount * 4;
    const growth = heapAfter - heapBefore;
    const bound =
      tensorBytes + DEFAULT_CHUNK_BYTES + GROWTH_STEP_BYTES + BOOKKEEPING_BYTES;
    console.log(
      [
        `weights: ${kind}, ${blob.size} bytes`,
        `parameters: ${model.parameterCount} (the writer made ${parameters})`,
        `tensor bytes (parameters · 4): ${tensorBytes} (${MB(tensorBytes)})`,
        `chunk: ${DEFAULT_CHUNK_BYTES} (${MB(DEFAULT_CHUNK_BYTES)})`,
        `heap before: ${heapBefore} (${MB(heapBefore)})`,
        `heap after: ${heapAfter} (${MB(heapAfter)})`,
        `growth: ${growth} (${MB(growth)}); beyond the tensors: ${growth - tensorBytes} (${MB(growth - tensorBytes)})`,
        `bound: tensors + chunk + Emscripten growth step ${GROWTH_STEP_BYTES} + bookkeeping ${BOOKKEEPING_BYTES} = ${bound} (${MB(bound)})`,
        `load time: ${loadMs.toFixed(0)} ms; progress events: ${events.length}`,
      ].join("\n"),
    );
    assert.equal(model.parameterCount, parameters);
    assert.equal(model.config.layers, 12);
    assert.equal(model.config.heads, 12);
    assert.equal(model.config.dModel, 768);
    assert.equal(model.config.vocab, 50257);
    assert.equal(model.config.context, 1024);
    assert.ok(
      growth >= tensorBytes,
      `the heap grew by ${growth}, less than the tensors' ${tensorBytes}: heapBefore was measured wrong`,
    );
    assert.ok(
      growth <= bound,
      `the heap grew by ${growth} bytes, more than tensors + chunk + growth step + bookkeeping = ${bound}: a second copy of the weights?`,
    );

    // Progress: one event per chunk, increasing, ending at the file's size.
    assert.ok(
      events.length > 10,
      `only ${events.length} progress events for a ${blob.size}-byte file`,
    );
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].loadedBytes >= events[i - 1].loadedBytes,
        `progress went back at event ${i}`,
      );
    }
    const last = events[events.length - 1];
    assert.equal(last.loadedBytes, blob.size);
    assert.equal(last.totalBytes, blob.size);
    assert.equal(last.tensors, last.totalTensors);
    assert.ok(events.every((e) => e.totalBytes === blob.size));

    // One forward, last position only, against the double reference.
    const t1 = performance.now();
    const r = model.forward(IDS, { logits: "last" });
    const forwardMs = performance.now() - t1;
    assert.equal(r.logits.length, 50257);
    assert.deepEqual(Array.from(r.logitPositions), [IDS.length - 1]);
    assert.ok(
      r.logits.every((v) => Number.isFinite(v)),
      "non-finite logits",
    );
    let maxDiff = 0;
    for (let i = 0; i < r.logits.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(r.logits[i] - referenceLast[i]));
    const ours = argmax(r.logits);
    const want = argmax(referenceLast);
    const sorted = Array.from(referenceLast).sort((a, b) => b - a);
    console.log(
      `forward (16 tokens, logits "last"): ${forwardMs.toFixed(0)} ms; ` +
        `top token ours ${ours}, reference ${want} (reference margin over ` +
        `the runner-up ${(sorted[0] - sorted[1]).toExponential(2)}); ` +
        `max |Δ| logits ${maxDiff.toExponential(2)}; heap after the forward ` +
        `${mha.heapBytes()} (${MB(mha.heapBytes())})`,
    );
    assert.ok(maxDiff <= 1e-3, `max |Δ| logits ${maxDiff} > 1e-3`);
    assert.equal(ours, want);
  } finally {
    model.dispose();
  }
});
