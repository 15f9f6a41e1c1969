// mha.loadCheckpoint() (web/lib/pretrained.js) against the independent
// double-precision GPT-2 / GPT-Neo reference of tests/js/gpt/: seeded random
// checkpoints in Hugging Face's exact layout (F32, F16 and BF16 files, with
// and without the "transformer." prefix, mask buffers, an untied lm_head, a
// GPT-Neo local window) must give the reference's logits and every head's
// attention weights, through every way of handing over the config and the
// weights. The Model's other methods (logit subsets, generate, topNext,
// ablation, analyze) are checked against the same reference, and the GPT-2
// exporter is checked by loading its output back and by running the
// reference on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createMHA, MHAError } from "../../web/lib/mha.js";
import {
  gpt2Config,
  gptNeoConfig,
  mulberry32,
  readSafetensors,
  seededTensors,
  untiedConfig,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";
import { greedyReference, referenceForward } from "./gpt/reference.mjs";

const mha = await createMHA();

/** Largest |Δ logit| allowed between the float32 core and the reference. */
const LOGIT_TOL = 2e-5;
/** Largest |Δ attention probability| allowed. */
const ATTENTION_TOL = 1e-5;
/**
 * The same forward asked for a subset of its outputs: 1e-6 relative to the
 * largest |logit| (the rows come from another code path, a couple of float32
 * ulps apart); attention weights lie in [0, 1], so 1e-6 absolute.
 */
const SUBSET_TOL = 1e-6;
const VOCAB = 50257;
/** HF's registered buffers: h.{i}.attn.bias / .masked_bias (GPT-Neo: attn.attention.*). */
const MASK_BUFFER = /\.attn(\.attention)?\.(bias|masked_bias)$/;

const MODEL_DIR = new URL("../../web/data/model/", import.meta.url);
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** n seeded token ids spread over the whole vocabulary. */
function seededIds(n, seed, vocab = VOCAB) {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Math.floor(u() * vocab));
}

function maxAbsDiff(got, want, offset = 0, count = got.length) {
  let m = 0;
  for (let i = 0; i < count; i++)
    m = Math.max(m, Math.abs(got[i] - want[offset + i]));
  return m;
}

function assertWithin(label, error, tolerance) {
  assert.ok(
    error <= tolerance,
    `${label}: max abs error ${error.toExponential(3)} > tolerance ${tolerance}`,
  );
}

/** The config's layer and head counts, whatever the family calls them. */
function sizes(config) {
  return config.model_type === "gpt_neo"
    ? { layers: config.num_layers, heads: config.num_heads }
    : { layers: config.n_layer, heads: config.n_head };
}

/**
 * Our forward against referenceForward on ids: logits and every head's
 * weights, the errors returned (and reported by the caller).
 */
function compareForward(label, model, config, map, ids, ablated = []) {
  const ablate = ablated.map(([layer, head]) => ({ layer, head }));
  const got = model.forward(ids, ablated.length ? { ablate } : undefined);
  const want = referenceForward(config, map, ids, { ablated });
  assert.equal(got.logits.length, want.logits.length, `${label}: logits`);
  assert.equal(got.weights.length, want.attention.length, `${label}: weights`);
  const logitError = maxAbsDiff(got.logits, want.logits);
  const attentionError = maxAbsDiff(got.weights, want.attention);
  assertWithin(`${label} logits`, logitError, LOGIT_TOL);
  assertWithin(`${label} attention`, attentionError, ATTENTION_TOL);
  // headWeights(l, h) is the same block of weights.
  const { layers, heads } = sizes(config);
  const n = ids.length;
  const last = got.headWeights(layers - 1, heads - 1);
  assert.equal(last.length, n * n);
  assertWithin(
    `${label} headWeights(${layers - 1}, ${heads - 1})`,
    maxAbsDiff(
      last,
      want.attention,
      ((layers - 1) * heads + heads - 1) * n * n,
    ),
    ATTENTION_TOL,
  );
  return { got, want, logitError, attentionError };
}

/** The bytes as the kind of weights a case hands over. */
function weightsAs(kind, bytes) {
  if (kind === "Uint8Array") return bytes;
  if (kind === "Uint8Array view") {
    const padded = new Uint8Array(bytes.length + 24);
    padded.set(bytes, 16);
    return padded.subarray(16, 16 + bytes.length);
  }
  if (kind === "ArrayBuffer")
    return bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.length,
    );
  if (kind === "Blob") return new Blob([bytes]);
  throw new Error(kind);
}

const gpt2Small = (heads, dModel, context = 32) =>
  gpt2Config({ layers: 2, heads, dModel, vocab: VOCAB, context });
const neoSmall = (heads, dModel, windowSize) =>
  gptNeoConfig({
    layers: 2,
    heads,
    dModel,
    vocab: VOCAB,
    context: 32,
    windowSize,
    attentionTypes: [[["global", "local"], 1]],
  });

const CASES = [
  {
    label:
      "GPT-2 1 head d16 F32, no prefix, config object, Uint8Array, default chunk",
    config: gpt2Small(1, 16),
    tensors: { seed: 11, std: 0.1 },
    dtype: "F32",
    configAs: "object",
    weights: "Uint8Array",
  },
  {
    label:
      "GPT-2 2 heads d32 F16, transformer. prefix, mask buffers, config text, ArrayBuffer, chunk 1024",
    config: gpt2Small(2, 32),
    tensors: { seed: 12, std: 0.1, prefix: true, maskBuffers: true },
    dtype: "F16",
    configAs: "text",
    weights: "ArrayBuffer",
    chunkBytes: 1024,
  },
  {
    label: "GPT-2 4 heads d48 BF16, no prefix, mask buffers, Blob, chunk 1031",
    config: gpt2Small(4, 48),
    tensors: { seed: 13, std: 0.1, maskBuffers: true },
    dtype: "BF16",
    configAs: "object",
    weights: "Blob",
    chunkBytes: 1031,
  },
  {
    label:
      "GPT-2 4 heads d32 F32, transformer. prefix, untied lm_head, Uint8Array view",
    config: untiedConfig(gpt2Small(4, 32)),
    tensors: { seed: 14, std: 0.1, prefix: true, lmHead: "untied" },
    dtype: "F32",
    configAs: "text",
    weights: "Uint8Array view",
  },
  {
    label:
      "GPT-2 2 heads d16 F16, a tied lm_head.weight copy present, Blob, default chunk",
    config: gpt2Small(2, 16),
    tensors: { seed: 15, std: 0.1, lmHead: "tied" },
    dtype: "F16",
    configAs: "object",
    weights: "Blob",
  },
  {
    label: "GPT-Neo 4 heads d32 F32 window 4, mask buffers, Blob, chunk 1031",
    config: neoSmall(4, 32, 4),
    tensors: { seed: 16, std: 0.1, maskBuffers: true },
    dtype: "F32",
    configAs: "text",
    weights: "Blob",
    chunkBytes: 1031,
  },
  {
    label: "GPT-Neo 2 heads d16 BF16 window 3, Uint8Array, chunk 1024",
    config: neoSmall(2, 16, 3),
    tensors: { seed: 17, std: 0.1 },
    dtype: "BF16",
    configAs: "object",
    weights: "Uint8Array",
    chunkBytes: 1024,
  },
];

for (const c of CASES) {
  test(c.label, async (t) => {
    const list = seededTensors(c.config, c.tensors);
    const bytes = writeSafetensors(list, { dtype: c.dtype });
    const map = readSafetensors(bytes); // what the file holds, widened
    const options = {
      config: c.configAs === "text" ? JSON.stringify(c.config) : c.config,
      weights: weightsAs(c.weights, bytes),
    };
    if (c.chunkBytes) options.chunkBytes = c.chunkBytes;
    const model = await mha.loadCheckpoint(options);
    try {
      const { layers, heads } = sizes(c.config);
      assert.equal(model.config.layers, layers);
      assert.equal(model.config.heads, heads);
      assert.equal(model.config.vocab, VOCAB);
      assert.equal(model.meta.family, c.config.model_type);
      let parameters = 0;
      for (const [name, { data }] of map) {
        if (!MASK_BUFFER.test(name)) parameters += data.length;
      }
      if (c.tensors.lmHead === "tied") parameters -= VOCAB * c.config.n_embd;
      // GPT-Neo's q/k/v have no bias; the core keeps zero ones, and counts them.
      if (c.config.model_type === "gpt_neo")
        parameters += layers * 3 * c.config.hidden_size;
      assert.equal(model.parameterCount, parameters, "parameterCount");
      const ids = seededIds(12, c.tensors.seed);
      const { got, logitError, attentionError } = compareForward(
        c.label,
        model,
        c.config,
        map,
        ids,
      );
      t.diagnostic(
        `max |Δ logits| ${logitError.toExponential(2)} (tol ${LOGIT_TOL}), ` +
          `max |Δ attention| ${attentionError.toExponential(2)} (tol ${ATTENTION_TOL})`,
      );
      if (c.config.model_type === "gpt_neo") {
        // Layer 1 is local: every cell outside its window is exactly 0,
        // while the global layer 0 does look that far back.
        const w = c.config.window_size;
        const n = ids.length;
        let outsideGlobal = 0;
        for (let h = 0; h < heads; h++) {
          const local = got.headWeights(1, h);
          const global = got.headWeights(0, h);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i - w; j++) {
              assert.equal(local[i * n + j], 0, `L1H${h}[${i}, ${j}]`);
              outsideGlobal = Math.max(outsideGlobal, global[i * n + j]);
            }
          }
        }
        assert.ok(outsideGlobal > 0, "the global layer sees past the window");
        assert.deepEqual([...model.config.attentionWindows], [0, w]);
      }
      const skipped = model.meta.skippedTensors;
      if (c.tensors.lmHead === "tied") {
        assert.ok(
          skipped.some((s) => s.startsWith("lm_head.weight ")),
          `skippedTensors lists the tied lm_head.weight: ${JSON.stringify(skipped)}`,
        );
      }
      const buffers = [...map.keys()].filter((k) => MASK_BUFFER.test(k));
      assert.equal(buffers.length > 0, Boolean(c.tensors.maskBuffers));
      {
        for (const name of buffers) {
          assert.ok(
            skipped.some((s) => s.startsWith(name + " ")),
            `skippedTensors lists ${name}: ${JSON.stringify(skipped)}`,
          );
        }
        assert.equal(
          skipped.length,
          buffers.length + (c.tensors.lmHead === "tied" ? 1 : 0),
          `nothing else skipped: ${JSON.stringify(skipped)}`,
        );
      }
    } finally {
      model.dispose();
    }
  });
}

// One model for the method checks: GPT-2, 2 layers × 2 heads, d 32.
const METHOD_CONFIG = gpt2Small(2, 32);
const METHOD_BYTES = writeSafetensors(
  seededTensors(METHOD_CONFIG, { seed: 21, std: 0.3 }),
  { dtype: "F32" },
);
const METHOD_MAP = readSafetensors(METHOD_BYTES);
const methodModel = () =>
  mha.loadCheckpoint({ config: METHOD_CONFIG, weights: METHOD_BYTES });

/** Indices of the largest and second largest of row r. */
function top2(logits, r, vocab = VOCAB) {
  let a = -1;
  let b = -1;
  for (let v = 0; v < vocab; v++) {
    const x = logits[r * vocab + v];
    if (a < 0 || x > logits[r * vocab + a]) {
      b = a;
      a = v;
    } else if (b < 0 || x > logits[r * vocab + b]) b = v;
  }
  return { best: a, gap: logits[r * vocab + a] - logits[r * vocab + b] };
}

/** Mean cross-entropy (double) of rows predicting ids[t + 1]. */
function meanCrossEntropy(logits, sequences, batch, n) {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const { logits: rows } = logits[b];
    for (let t = 0; t < n; t++) {
      let max = -Infinity;
      for (let v = 0; v < VOCAB; v++) max = Math.max(max, rows[t * VOCAB + v]);
      let sum = 0;
      for (let v = 0; v < VOCAB; v++)
        sum += Math.exp(rows[t * VOCAB + v] - max);
      const target = sequences[b * (n + 1) + t + 1];
      total += Math.log(sum) + max - rows[t * VOCAB + target];
    }
  }
  return total / (batch * n);
}

test('forward: logits "last", positions, "none" and attention false give the full forward\'s rows', async (t) => {
  const model = await methodModel();
  try {
    const ids = seededIds(10, 5);
    const n = ids.length;
    const full = model.forward(ids);
    let scale = 0;
    for (const x of full.logits) scale = Math.max(scale, Math.abs(x));
    const logitTol = SUBSET_TOL * Math.max(1, scale);
    const rowsOf = (r, positions) => {
      assert.deepEqual([...r.logitPositions], positions);
      assert.equal(r.logits.length, positions.length * VOCAB);
      let e = 0;
      positions.forEach((p, k) => {
        e = Math.max(
          e,
          maxAbsDiff(
            r.logits.subarray(k * VOCAB, (k + 1) * VOCAB),
            full.logits,
            p * VOCAB,
          ),
        );
      });
      worst = Math.max(worst, e);
      return e;
    };
    let worst = 0;
    const last = model.forward(ids, { logits: "last" });
    assertWithin('"last"', rowsOf(last, [n - 1]), logitTol);
    assertWithin(
      "weights with last",
      maxAbsDiff(last.weights, full.weights),
      SUBSET_TOL,
    );
    const picked = model.forward(ids, {
      logits: [0, 3, n - 1],
      attention: false,
    });
    assertWithin(
      "positions [0, 3, n-1]",
      rowsOf(picked, [0, 3, n - 1]),
      logitTol,
    );
    assert.equal(picked.weights.length, 0, "attention false: empty weights");
    const none = model.forward(ids, { logits: "none" });
    assert.equal(none.logits.length, 0);
    assert.deepEqual([...none.logitPositions], []);
    assertWithin(
      "weights with none",
      maxAbsDiff(none.weights, full.weights),
      SUBSET_TOL,
    );
    const noAttention = model.forward(ids, { attention: false });
    assert.equal(noAttention.weights.length, 0);
    assertWithin(
      "attention false",
      rowsOf(noAttention, [...Array(n).keys()]),
      logitTol,
    );
    t.diagnostic(
      `max |Δ logits| of a subset vs the full forward ${worst.toExponential(2)} ` +
        `(tol ${SUBSET_TOL} × max |logit| ${scale.toFixed(2)} = ${logitTol.toExponential(2)})`,
    );
  } finally {
    model.dispose();
  }
});

test("generate(ids, { steps: 8 }) equals the reference's greedy decoding, no near-ties", async (t) => {
  const model = await methodModel();
  try {
    const ids = seededIds(6, 7);
    const got = model.generate(ids, { steps: 8 });
    const want = greedyReference(METHOD_CONFIG, METHOD_MAP, ids, 8);
    // The reference's top-2 gap at every chosen step (causal: the logits of
    // the full sequence's rows are those of each re-run).
    const { logits } = referenceForward(METHOD_CONFIG, METHOD_MAP, want);
    let minGap = Infinity;
    for (let p = ids.length - 1; p < want.length - 1; p++)
      minGap = Math.min(minGap, top2(logits, p).gap);
    t.diagnostic(
      `smallest top-2 logit gap over the 8 steps: ${minGap.toExponential(2)}`,
    );
    assert.ok(minGap > 1e-4, `a near-tie (gap ${minGap}): pick another seed`);
    assert.deepEqual([...got], want);
  } finally {
    model.dispose();
  }
});

test("topNext: the top ids and a double softmax of the reference's logits", async (t) => {
  const model = await methodModel();
  try {
    const ids = seededIds(9, 8);
    const { logits } = referenceForward(METHOD_CONFIG, METHOD_MAP, ids);
    let worst = 0;
    for (const position of [undefined, 0, 4]) {
      const p = position ?? ids.length - 1;
      const r = model.topNext(
        ids,
        position === undefined ? { k: 5 } : { k: 5, position },
      );
      const row = logits.subarray(p * VOCAB, (p + 1) * VOCAB);
      let max = -Infinity;
      for (const x of row) max = Math.max(max, x);
      let sum = 0;
      for (const x of row) sum += Math.exp(x - max);
      const order = [...row.keys()].sort((a, b) => row[b] - row[a] || a - b);
      assert.deepEqual([...r.ids], order.slice(0, 5), `top ids at ${p}`);
      for (let k = 0; k < 5; k++) {
        const want = Math.exp(row[order[k]] - max) / sum;
        worst = Math.max(worst, Math.abs(r.probabilities[k] - want));
      }
    }
    t.diagnostic(`max |Δ probability| ${worst.toExponential(2)} (tol 1e-5)`);
    assertWithin("topNext probabilities", worst, 1e-5);
  } finally {
    model.dispose();
  }
});

test("ablation: forward with ablate and model.ablation() against the reference", async (t) => {
  const model = await methodModel();
  try {
    const ablated = [
      [0, 1],
      [1, 0],
    ];
    const ids = seededIds(10, 9);
    const f = compareForward(
      "ablated forward",
      model,
      METHOD_CONFIG,
      METHOD_MAP,
      ids,
      ablated,
    );
    t.diagnostic(
      `ablated forward: max |Δ logits| ${f.logitError.toExponential(2)}, max |Δ attention| ${f.attentionError.toExponential(2)}`,
    );
    // The ablation changes the logits (it is not a no-op).
    const plain = model.forward(ids);
    assert.ok(maxAbsDiff(plain.logits, f.got.logits) > 1e-3);

    const batch = 2;
    const n = 9;
    const sequences = seededIds(batch * (n + 1), 10);
    const ablate = ablated.map(([layer, head]) => ({ layer, head }));
    const r = model.ablation({ sequences, batch, ablate });
    const seq = (b) => sequences.slice(b * (n + 1), b * (n + 1) + n);
    const plainRef = [0, 1].map((b) =>
      referenceForward(METHOD_CONFIG, METHOD_MAP, seq(b)),
    );
    const ablatedRef = [0, 1].map((b) =>
      referenceForward(METHOD_CONFIG, METHOD_MAP, seq(b), { ablated }),
    );
    const loss = meanCrossEntropy(plainRef, sequences, batch, n);
    const ablatedLoss = meanCrossEntropy(ablatedRef, sequences, batch, n);
    const lossError = Math.max(
      Math.abs(r.loss - loss),
      Math.abs(r.ablatedLoss - ablatedLoss),
    );
    t.diagnostic(
      `loss ${r.loss} vs ${loss}, ablated ${r.ablatedLoss} vs ${ablatedLoss}: max |Δ| ${lossError.toExponential(2)} (tol 1e-4)`,
    );
    assertWithin("ablation() losses", lossError, 1e-4);
    assert.ok(Math.abs(r.delta - (r.ablatedLoss - r.loss)) < 1e-5, "delta");
    let minGap = Infinity;
    let changed = 0;
    for (let b = 0; b < batch; b++) {
      for (let p = 0; p < n; p++) {
        const a = top2(plainRef[b].logits, p);
        const z = top2(ablatedRef[b].logits, p);
        minGap = Math.min(minGap, a.gap, z.gap);
        assert.equal(r.predicted[b * n + p], a.best, `predicted[${b}, ${p}]`);
        assert.equal(
          r.ablatedPredicted[b * n + p],
          z.best,
          `ablatedPredicted[${b}, ${p}]`,
        );
        if (a.best !== z.best) changed++;
      }
    }
    t.diagnostic(
      `smallest top-2 gap among the predictions: ${minGap.toExponential(2)}`,
    );
    assert.ok(minGap > 1e-4, "no near-tie among the predictions");
    assert.ok(
      Math.abs(r.changedPredictions - changed / (batch * n)) < 1e-6,
      "changedPredictions",
    );
  } finally {
    model.dispose();
  }
});

test("onProgress: events arrive, loadedBytes grows to totalBytes, tensors to totalTensors", async () => {
  const config = gpt2Small(2, 16);
  const bytes = writeSafetensors(
    seededTensors(config, { seed: 31, maskBuffers: true }),
    {
      dtype: "F16",
    },
  );
  for (const chunkBytes of [1024, 1031, undefined]) {
    const events = [];
    const options = {
      config,
      weights: new Blob([bytes]),
      onProgress: (e) => events.push({ ...e }),
    };
    if (chunkBytes) options.chunkBytes = chunkBytes;
    const model = await mha.loadCheckpoint(options);
    model.dispose();
    assert.ok(
      events.length >= 2,
      `events with chunk ${chunkBytes}: ${events.length}`,
    );
    if (chunkBytes) {
      // One after the allocation (the header read), then one per data chunk.
      const chunks = Math.ceil(
        (bytes.length - events[0].loadedBytes) / chunkBytes,
      );
      assert.equal(
        events.length,
        1 + chunks,
        `one event per ${chunkBytes}-byte chunk`,
      );
    }
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].loadedBytes >= events[i - 1].loadedBytes,
        `loadedBytes at ${i}`,
      );
      assert.ok(events[i].tensors >= events[i - 1].tensors, `tensors at ${i}`);
    }
    const endEvent = events.at(-1);
    for (const e of events) {
      assert.equal(e.totalBytes, bytes.length);
      assert.equal(e.totalTensors, endEvent.totalTensors);
    }
    assert.equal(endEvent.loadedBytes, bytes.length);
    assert.equal(endEvent.tensors, endEvent.totalTensors);
    // Every tensor in the file is counted, the skipped buffers included.
    assert.equal(endEvent.totalTensors, readSafetensors(bytes).size);
  }
});

test("analyze(): layers × heads reports, copying null, previousToken from the reference's attention", async (t) => {
  const config = gpt2Small(4, 32, 48);
  const map = readSafetensors(
    writeSafetensors(seededTensors(config, { seed: 41, std: 0.3 }), {
      dtype: "F32",
    }),
  );
  const model = await mha.loadCheckpoint({
    config,
    weights: writeSafetensors(seededTensors(config, { seed: 41, std: 0.3 }), {
      dtype: "F32",
    }),
  });
  try {
    const half = seededIds(12, 42);
    const ids = [...half, ...half];
    const n = ids.length;
    const a = model.analyze(ids);
    assert.equal(a.reports.length, 2 * 4);
    const { attention } = referenceForward(config, map, ids);
    let worst = 0;
    a.reports.forEach((r, k) => {
      assert.equal(r.layer, Math.floor(k / 4));
      assert.equal(r.head, k % 4);
      assert.equal(r.copying, null, `L${r.layer}H${r.head} copying`);
      let sum = 0;
      const base = k * n * n;
      for (let i = 1; i < n; i++) sum += attention[base + i * n + i - 1];
      worst = Math.max(worst, Math.abs(r.previousToken - sum / (n - 1)));
    });
    t.diagnostic(`max |Δ previousToken| ${worst.toExponential(2)} (tol 1e-5)`);
    assertWithin("previousToken", worst, 1e-5);
  } finally {
    model.dispose();
  }
});

test("exporter round trip: the shipped model through toGpt2() and loadCheckpoint(), and the reference on the export", async (t) => {
  const files = readdirSync(MODEL_DIR)
    .filter((f) => /^step-\d+\.bin$/.test(f))
    .sort();
  const newest = files.at(-1);
  const original = mha.loadModel(readFileSync(new URL(newest, MODEL_DIR)));
  const exported = original.toGpt2();
  const back = await mha.loadCheckpoint({
    config: exported.config,
    weights: exported.weights,
  });
  try {
    const ids = mha.encodeText(
      "Call me Ishmael. Some years ago, never mind how long.",
    );
    const want = original.forward(ids);
    const got = back.forward(ids);
    const roundTrip = maxAbsDiff(got.logits, want.logits);
    assertWithin("round-trip logits", roundTrip, 1e-6);
    assertWithin(
      "round-trip attention",
      maxAbsDiff(got.weights, want.weights),
      1e-6,
    );

    // The probe of docs/MODEL.md: L1H2 induction 0.960 for both.
    const probe = mha.probeSequences({ batch: 4, half: 32, alphabet: LETTERS });
    for (const [name, model] of [
      ["original", original],
      ["exported", back],
    ]) {
      const report = model.analyze(probe, { batch: 4 }).reports[6];
      assert.equal(`L${report.layer}H${report.head}`, "L1H2");
      assert.equal(
        report.induction.toFixed(3),
        "0.960",
        `${name}: ${report.induction}`,
      );
    }

    // config.json is a HF GPT-2 config the reference can run.
    const config = JSON.parse(exported.config);
    assert.equal(config.model_type, "gpt2");
    assert.equal(config.tie_word_embeddings, false);
    assert.equal(config.n_layer, original.config.layers);
    assert.equal(config.n_head, original.config.heads);
    assert.equal(config.n_embd, original.config.dModel);
    assert.equal(config.vocab_size, original.config.vocab);
    const ref = referenceForward(config, readSafetensors(exported.weights), [
      ...ids,
    ]);
    const refError = maxAbsDiff(want.logits, ref.logits);
    const refAttention = maxAbsDiff(want.weights, ref.attention);
    t.diagnostic(
      `${newest}: round trip max |Δ logits| ${roundTrip.toExponential(2)} (tol 1e-6); ` +
        `reference on the export vs the original: logits ${refError.toExponential(2)} (tol ${LOGIT_TOL}), ` +
        `attention ${refAttention.toExponential(2)} (tol ${ATTENTION_TOL})`,
    );
    assertWithin("reference on the export: logits", refError, LOGIT_TOL);
    assertWithin(
      "reference on the export: attention",
      refAttention,
      ATTENTION_TOL,
    );
  } finally {
    original.dispose();
    back.dispose();
  }
});

test("a good load after a failed one returns the same numbers", async () => {
  const ids = seededIds(8, 51);
  const first = await methodModel();
  const before = first.forward(ids);
  first.dispose();
  await assert.rejects(
    mha.loadCheckpoint({
      config: METHOD_CONFIG,
      weights: METHOD_BYTES.subarray(0, METHOD_BYTES.length - 100),
    }),
    (e) => e instanceof MHAError,
  );
  const again = await methodModel();
  try {
    const after = again.forward(ids);
    assert.deepEqual(after.logits, before.logits);
    assert.deepEqual(after.weights, before.weights);
  } finally {
    again.dispose();
  }
});
