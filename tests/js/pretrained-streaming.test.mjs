// A GPT-2-small-shaped checkpoint (12 layers, 12 heads, d_model 768, vocab
// 50257, context 1024: 124 M parameters, ~500 MB of F32) streamed into the
// core by mha.loadCheckpoint() from a Blob of a file on disk (fs.openAsBlob,
// so the load really goes through Blob.slice; Node 18, which lacks it, gets
// an in-memory Blob). The wasm memory grows by the tensors, the loader's one
// chunk and the Emscripten growth step, not by a second copy of the file;
// progress events arrive per chunk and end at the file's size; and the
// last-position logits on 16 tokens match the double-precision reference of
// tests/js/gpt/reference.mjs.
// The checkpoint and the reference: tests/js/gpt/gpt2-small-fixture.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMHA, DEFAULT_CHUNK_BYTES } from "mha-explainer";
import {
  argmax,
  BOOKKEEPING_BYTES,
  GPT2_SMALL_CONFIG as CONFIG,
  GROWTH_STEP_BYTES,
  IDS,
  MB,
  writeGpt2Small,
} from "./gpt/gpt2-small-fixture.mjs";

let dir;
let file;
let fileBytes;
let parameters;
/** The reference's last-position logits (Float64Array, vocab entries). */
let referenceLast;
let mha;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mha-gpt2-small-"));
  ({ file, fileBytes, parameters, referenceLast } = await writeGpt2Small(dir));
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
