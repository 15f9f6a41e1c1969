// mha.openCheckpoint(): the config and the safetensors header read and
// checked before any weight is loaded, with a summary of what loading will
// take; then PendingCheckpoint.load() or cancel(). And model.safetensors as
// a fetch() Response, its body streamed in order: the page's ?model= path.
// Expected values come from the checkpoint writer (tests/js/gpt/), which
// shares no code with the core, and from a load of the same bytes in
// memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA, MHAError } from "../../web/lib/mha.js";
import {
  gpt2Config,
  gptNeoConfig,
  seededTensors,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";

const mha = await createMHA();

const CONFIG = gpt2Config({ layers: 2, heads: 4, dModel: 32, context: 64 });
const LIST = seededTensors(CONFIG, { seed: 3, std: 0.1 });
const F32 = writeSafetensors(LIST, { dtype: "F32" });
const F16 = writeSafetensors(LIST, { dtype: "F16" });
const IDS = [464, 3290, 373, 50256, 7, 8, 464, 3290];
const HEADER_END = 8 + Number(new DataView(F32.buffer).getBigUint64(0, true));
const LOAD_HEADROOM_BYTES = 192 * 2 ** 20; // pretrained.h kLoadHeadroomBytes

/** Floats a GPT-2 of CONFIG holds, counted from the writer's tensors. */
const WRITTEN_FLOATS = LIST.reduce(
  (sum, t) => sum + t.shape.reduce((a, b) => a * b, 1),
  0,
);

const BASELINE = await (async () => {
  const model = await mha.loadCheckpoint({ config: CONFIG, weights: F32 });
  const r = model.forward(IDS);
  model.dispose();
  return r.logits;
})();

/**
 * `bytes` as a fetch() Response whose body arrives in pieces of `piece`
 * bytes; `pulled()` says how many bytes the reader has taken so far.
 */
function streamed(bytes, { piece = 1000, headers, declared } = {}) {
  let at = 0;
  let cancelled = false;
  const body = new ReadableStream(
    {
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + piece));
        at += piece;
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const response = new Response(body, {
    headers: headers ?? {
      "content-length": String(declared ?? bytes.length),
    },
  });
  return {
    response,
    pulled: () => Math.min(at, bytes.length),
    cancelled: () => cancelled,
  };
}

test("openCheckpoint's summary says what the files hold before any weight is read", async () => {
  for (const [dtype, bytes] of [
    ["F32", F32],
    ["F16", F16],
  ]) {
    const pending = await mha.openCheckpoint({
      config: CONFIG,
      weights: bytes,
    });
    const s = pending.summary;
    assert.equal(s.family, "gpt2");
    assert.equal(s.activationFunction, "gelu_new");
    assert.deepEqual(
      [s.config.layers, s.config.heads, s.config.dModel, s.config.vocab],
      [2, 4, 32, 50257],
    );
    assert.equal(s.config.context, 64);
    assert.deepEqual(s.dtypes, [dtype]);
    // The writer's tensors hold no lm_head (tied): each is one weight.
    assert.equal(s.parameterCount, WRITTEN_FLOATS);
    assert.equal(s.modelBytes, WRITTEN_FLOATS * 4);
    assert.equal(s.memoryBytes, WRITTEN_FLOATS * 4 + LOAD_HEADROOM_BYTES);
    assert.equal(s.fileBytes, bytes.length);
    assert.equal(s.tensors, LIST.length);
    assert.ok(pending.open);
    const model = await pending.load();
    assert.equal(pending.open, false);
    assert.equal(model.parameterCount, s.parameterCount);
    assert.deepEqual({ ...model.config }, { ...s.config });
    model.dispose();
  }
});

test("a GPT-Neo summary carries its local windows", async () => {
  const config = gptNeoConfig({
    layers: 2,
    heads: 2,
    dModel: 16,
    context: 32,
    attentionTypes: [[["global", "local"], 1]],
    windowSize: 4,
  });
  const bytes = writeSafetensors(seededTensors(config, { seed: 2 }));
  const pending = await mha.openCheckpoint({ config, weights: bytes });
  assert.equal(pending.summary.family, "gpt_neo");
  assert.deepEqual([...pending.summary.config.attentionWindows], [0, 4]);
  pending.cancel();
  assert.equal(pending.open, false);
});

test("a Response streams in order: open reads the header only, load gives the logits of the bytes in memory", async () => {
  const s = streamed(F32, { piece: 777 });
  const pending = await mha.openCheckpoint({
    config: CONFIG,
    weights: s.response,
  });
  assert.ok(
    s.pulled() <= HEADER_END + 777,
    `open pulled ${s.pulled()} bytes; the header ends at ${HEADER_END}`,
  );
  const events = [];
  const model = await pending.load({
    chunkBytes: 4096,
    onProgress: (p) => events.push(p),
  });
  assert.equal(s.pulled(), F32.length);
  assert.deepEqual(model.forward(IDS).logits, BASELINE);
  assert.equal(events.at(-1).loadedBytes, F32.length);
  assert.equal(events.at(-1).totalBytes, F32.length);
  assert.ok(events.length > 3);
  model.dispose();
});

test("loadCheckpoint takes a Response too, and one without Content-Length", async () => {
  const a = await mha.loadCheckpoint({
    config: CONFIG,
    weights: streamed(F32, { piece: 5000 }).response,
  });
  assert.deepEqual(a.forward(IDS).logits, BASELINE);
  a.dispose();
  const b = await mha.loadCheckpoint({
    config: CONFIG,
    weights: streamed(F32, { headers: {} }).response,
  });
  assert.deepEqual(b.forward(IDS).logits, BASELINE);
  b.dispose();
});

test("a Response cut short, one that failed, or one already read is a named error, and the module keeps working", async () => {
  const cut = streamed(F32.subarray(0, F32.length - 100), {
    declared: F32.length,
  });
  await assert.rejects(
    mha.loadCheckpoint({ config: CONFIG, weights: cut.response }),
    (e) =>
      e instanceof MHAError &&
      e.code === "SHAPE_MISMATCH" &&
      /bytes|ends|short|missing/i.test(e.message),
  );
  await assert.rejects(
    mha.openCheckpoint({
      config: CONFIG,
      weights: new Response("not found", { status: 404 }),
    }),
    (e) =>
      e instanceof MHAError && e.code === "BAD_TYPE" && /404/.test(e.message),
  );
  const used = new Response(F32);
  await used.arrayBuffer();
  await assert.rejects(
    mha.openCheckpoint({ config: CONFIG, weights: used }),
    (e) =>
      e instanceof MHAError &&
      e.code === "BAD_TYPE" &&
      /already/.test(e.message),
  );
  const model = await mha.loadCheckpoint({ config: CONFIG, weights: F32 });
  assert.deepEqual(model.forward(IDS).logits, BASELINE);
  model.dispose();
});

test("cancel() closes the stream; load() runs once; a bad header closes the stream too", async () => {
  const s = streamed(F32);
  const pending = await mha.openCheckpoint({
    config: CONFIG,
    weights: s.response,
  });
  pending.cancel();
  assert.ok(s.cancelled(), "the Response's body was not cancelled");
  await assert.rejects(
    pending.load(),
    (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
  );
  const again = await mha.openCheckpoint({ config: CONFIG, weights: F32 });
  const model = await again.load();
  await assert.rejects(
    again.load(),
    (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
  );
  model.dispose();
  const bad = streamed(F32);
  await assert.rejects(
    mha.openCheckpoint({
      config: { ...CONFIG, n_embd: 64 },
      weights: bad.response,
    }),
    (e) => e instanceof MHAError && e.code === "SHAPE_MISMATCH",
  );
  assert.ok(bad.cancelled(), "a refused header left the stream open");
});

test("a signal cancels a streamed load between chunks, and the memory is freed", async () => {
  const heap = mha.heapBytes();
  const controller = new AbortController();
  const pending = await mha.openCheckpoint({
    config: CONFIG,
    weights: streamed(F32).response,
  });
  let events = 0;
  await assert.rejects(
    pending.load({
      chunkBytes: 2048,
      signal: controller.signal,
      onProgress: () => {
        if (++events === 3) controller.abort();
      },
    }),
    (e) => e instanceof MHAError && e.code === "ABORTED",
  );
  assert.equal(events, 3);
  assert.ok(mha.heapBytes() <= heap + (1 << 20));
  const model = await mha.loadCheckpoint({ config: CONFIG, weights: F32 });
  assert.deepEqual(model.forward(IDS).logits, BASELINE);
  model.dispose();
});

test("openCheckpoint and load check their arguments", async () => {
  await assert.rejects(
    mha.openCheckpoint(/** @type {any} */ (null)),
    (e) => e instanceof MHAError && e.code === "BAD_TYPE",
  );
  await assert.rejects(
    mha.openCheckpoint(
      /** @type {any} */ ({
        config: CONFIG,
        weights: F32,
        onProgress: () => {},
      }),
    ),
    (e) =>
      e instanceof MHAError &&
      e.code === "BAD_TYPE" &&
      /onProgress/.test(e.message),
  );
  await assert.rejects(
    mha.openCheckpoint(/** @type {any} */ ({ config: CONFIG, weights: 7 })),
    (e) =>
      e instanceof MHAError &&
      e.code === "BAD_TYPE" &&
      /Response/.test(e.message),
  );
  const pending = await mha.openCheckpoint({ config: CONFIG, weights: F32 });
  await assert.rejects(
    pending.load(/** @type {any} */ ({ chunkBytes: 3 })),
    (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
  );
  // A refused option leaves it open.
  assert.ok(pending.open);
  pending.cancel();
});
