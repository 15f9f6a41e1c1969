// A GPT-2-small-shaped checkpoint (12 layers, 12 heads, d_model 768, vocab
// 50257, context 1024: 124 M parameters, ~500 MB of F32) streamed into the
// core inside a Chromium module Worker. Node writes the seeded checkpoint to
// a temporary folder that the project's server mounts at /gpt2-small/; the
// Worker (tests/browser/pages/pretrained-worker.js) fetches it as a Blob,
// loads it with mha.loadCheckpoint() (Blob.slice, one chunk at a time),
// posts every progress event back and reports the wasm heap before and
// after. Asserts as tests/js/pretrained-streaming.test.mjs does: the heap
// grows by the tensors, one chunk and the Emscripten growth step, progress
// ends at the file size, and the last-position logits on 16 tokens match
// the double-precision reference of tests/js/gpt/reference.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage } from "./browser.mjs";
import {
  argmax,
  BOOKKEEPING_BYTES,
  GROWTH_STEP_BYTES,
  IDS,
  MB,
  writeGpt2Small,
} from "../js/gpt/gpt2-small-fixture.mjs";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
/** How long the Worker may take to fetch, load and run (ms). */
const WORKER_TIMEOUT_MS = 90000;

let env;
let dir;
let fileBytes;
let parameters;
/** The reference's last-position logits (Float64Array, vocab entries). */
let referenceLast;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mha-gpt2-small-worker-"));
  ({ fileBytes, parameters, referenceLast } = await writeGpt2Small(dir));
  env = await launch({
    root: ".",
    csp: STRICT_CSP,
    mounts: { "/gpt2-small/": dir },
  });
});

after(async () => {
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test(
  "in a module Worker under a strict CSP: the ~500 MB checkpoint streams from a Blob, heap grows by the tensors and one chunk, progress ends at the file size, logits match the reference",
  { timeout: 150000 },
  async () => {
    const query = new URLSearchParams({
      config: "/gpt2-small/config.json",
      weights: "/gpt2-small/model.safetensors",
      ids: IDS.join(","),
    });
    const url = new URL(
      `tests/browser/pages/pretrained-worker.html?${query}`,
      env.server.url,
    ).href;
    const t0 = performance.now();
    const { page, problems } = await openPage(env.context, url);
    await page.waitForFunction(
      () => window.pretrainedResult !== undefined,
      null,
      { timeout: WORKER_TIMEOUT_MS },
    );
    const wallMs = performance.now() - t0;
    const { result, events } = await page.evaluate(() => {
      const r = window.pretrainedResult;
      return {
        result: r.failure ? r : { ...r, logits: Array.from(r.logits) },
        events: window.pretrainedProgress,
      };
    });
    await page.close();
    assert.equal(
      result.failure,
      undefined,
      `the Worker failed (${result.code}): ${result.failure}`,
    );
    assert.deepEqual(problems, []);

    const tensorBytes = result.parameterCount * 4;
    const growth = result.heapAfter - result.heapBefore;
    const bound =
      tensorBytes + result.chunkBytes + GROWTH_STEP_BYTES + BOOKKEEPING_BYTES;
    console.log(
      [
        `weights: ${result.blobType} of ${result.blobSize} bytes, fetched in ${result.fetchMs.toFixed(0)} ms`,
        `parameters: ${result.parameterCount} (the writer made ${parameters})`,
        `tensor bytes (parameters · 4): ${tensorBytes} (${MB(tensorBytes)})`,
        `chunk: ${result.chunkBytes} (${MB(result.chunkBytes)})`,
        `heap before: ${result.heapBefore} (${MB(result.heapBefore)})`,
        `heap after: ${result.heapAfter} (${MB(result.heapAfter)})`,
        `growth: ${growth} (${MB(growth)}); beyond the tensors: ${growth - tensorBytes} (${MB(growth - tensorBytes)})`,
        `bound: tensors + chunk + Emscripten growth step ${GROWTH_STEP_BYTES} + bookkeeping ${BOOKKEEPING_BYTES} = ${bound} (${MB(bound)})`,
        `load time in the Worker: ${result.loadMs.toFixed(0)} ms; progress events: ${events.length}`,
        `heap after the forward: ${result.heapAfterForward} (${MB(result.heapAfterForward)}); page to result: ${(wallMs / 1e3).toFixed(1)} s`,
      ].join("\n"),
    );
    assert.equal(result.blobSize, fileBytes);
    assert.equal(result.blobType, "[object Blob]");
    assert.equal(result.parameterCount, parameters);
    assert.equal(result.config.layers, 12);
    assert.equal(result.config.dModel, 768);
    assert.equal(result.config.vocab, 50257);
    assert.ok(
      growth >= tensorBytes,
      `the heap grew by ${growth}, less than the tensors' ${tensorBytes}: heapBefore was measured wrong`,
    );
    assert.ok(
      growth <= bound,
      `the heap grew by ${growth} bytes, more than tensors + chunk + growth step + bookkeeping = ${bound}: a second copy of the weights?`,
    );

    assert.ok(
      events.length > 10,
      `only ${events.length} progress events reached the page for a ${fileBytes}-byte file`,
    );
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].loadedBytes >= events[i - 1].loadedBytes,
        `progress went back at event ${i}`,
      );
    }
    const last = events[events.length - 1];
    assert.equal(last.loadedBytes, fileBytes);
    assert.equal(last.totalBytes, fileBytes);
    assert.equal(last.tensors, last.totalTensors);

    assert.deepEqual(result.logitPositions, [IDS.length - 1]);
    assert.equal(result.logits.length, 50257);
    assert.ok(
      result.logits.every((v) => Number.isFinite(v)),
      "non-finite logits",
    );
    let maxDiff = 0;
    for (let i = 0; i < result.logits.length; i++)
      maxDiff = Math.max(
        maxDiff,
        Math.abs(result.logits[i] - referenceLast[i]),
      );
    const ours = argmax(result.logits);
    const want = argmax(referenceLast);
    console.log(
      `forward in the Worker (16 tokens, logits "last"): ${result.forwardMs.toFixed(0)} ms; ` +
        `top token ours ${ours}, reference ${want}; max |Δ| logits ${maxDiff.toExponential(2)}`,
    );
    assert.ok(maxDiff <= 1e-3, `max |Δ| logits ${maxDiff} > 1e-3`);
    assert.equal(ours, want);
  },
);
