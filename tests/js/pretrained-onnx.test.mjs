// onnxruntime-web (wasm, 1 thread) as a second independent reference for
// mha.loadCheckpoint(): the same seeded small GPT-2 and GPT-Neo (a local
// window shorter than the prompt) files are run by the core and, through
// bench/gpt-onnx-graph.mjs, by ORT; logits and attention must agree. ORT is
// fed the values the file holds (readSafetensors widens F16 / BF16), the
// core reads the file itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { gptOnnxModel, runGptSession } from "../../bench/gpt-onnx-graph.mjs";
import { createMHA } from "../../web/lib/mha.js";
import {
  gpt2Config,
  gptNeoConfig,
  readSafetensors,
  seededTensors,
  untiedConfig,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";

ort.env.wasm.numThreads = 1;

const mha = await createMHA();

/** Logit error allowed, relative to the largest |logit| (both are float32). */
const LOGIT_REL = 1e-5;
/** Attention probabilities lie in [0, 1]: an absolute bound. */
const ATTENTION_ABS = 1e-5;

const N = 16;
const IDS = Int32Array.from({ length: N }, (_, i) => (i * 7919 + 11) % 50257);

async function runOrt(config, tensors) {
  const session = await ort.InferenceSession.create(
    gptOnnxModel(config, tensors, { attention: true }),
    { executionProviders: ["wasm"] },
  );
  try {
    return await runGptSession(ort, session, IDS);
  } finally {
    await session.release();
  }
}

function maxAbsDiff(got, want, offset = 0, count = got.length) {
  let m = 0;
  for (let i = 0; i < count; i++)
    m = Math.max(m, Math.abs(got[i] - want[offset + i]));
  return m;
}

async function compare(t, label, config, list, dtype, chunkBytes) {
  const bytes = writeSafetensors(list, { dtype });
  const model = await mha.loadCheckpoint({
    config: JSON.stringify(config),
    weights: new Blob([bytes]),
    chunkBytes,
  });
  try {
    const ours = model.forward(IDS);
    const theirs = await runOrt(config, readSafetensors(bytes));
    const vocab = config.vocab_size;
    assert.deepEqual(theirs.logits.dims, [1, N, vocab]);
    let scale = 0;
    for (const x of theirs.logits.data) scale = Math.max(scale, Math.abs(x));
    const logitError = maxAbsDiff(ours.logits, theirs.logits.data);
    const { layers, headCount: heads } = ours;
    let attentionError = 0;
    for (let l = 0; l < layers; l++) {
      const a = theirs[`attention.${l}`];
      assert.deepEqual(a.dims, [1, heads, N, N], `attention.${l} dims`);
      attentionError = Math.max(
        attentionError,
        maxAbsDiff(a.data, ours.weights, l * heads * N * N, heads * N * N),
      );
    }
    const logitTol = LOGIT_REL * scale;
    t.diagnostic(
      `${label}: max |logit| ${scale.toExponential(2)}, max |Δ logits| core vs ORT ` +
        `${logitError.toExponential(2)} (tol ${logitTol.toExponential(2)}), ` +
        `max |Δ attention| ${attentionError.toExponential(2)} (tol ${ATTENTION_ABS})`,
    );
    assert.ok(scale > 0, "ORT's logits are not all zero");
    assert.ok(
      logitError <= logitTol,
      `${label}: logits: max abs error ${logitError} > tolerance ${logitTol}`,
    );
    assert.ok(
      attentionError <= ATTENTION_ABS,
      `${label}: attention: max abs error ${attentionError} > tolerance ${ATTENTION_ABS}`,
    );
    return ours;
  } finally {
    model.dispose();
  }
}

const gpt2 = gpt2Config({ layers: 2, heads: 4, dModel: 32, context: 64 });

test("GPT-2 (F32 file, mask buffers): the core's logits and attention match ORT's", async (t) => {
  const list = seededTensors(gpt2, { seed: 61, std: 0.1, maskBuffers: true });
  await compare(t, "gpt2 F32", gpt2, list, "F32");
});

test("GPT-2 (BF16 file, transformer. prefix, untied lm_head, chunk 1031): the same", async (t) => {
  const config = untiedConfig(gpt2);
  const list = seededTensors(config, {
    seed: 62,
    std: 0.1,
    prefix: true,
    lmHead: "untied",
  });
  await compare(t, "gpt2 untied BF16", config, list, "BF16", 1031);
});

const WINDOW = 5;
const neo = gptNeoConfig({
  layers: 2,
  heads: 4,
  dModel: 32,
  context: 64,
  windowSize: WINDOW,
  attentionTypes: [[["global", "local"], 1]],
});

test(`GPT-Neo (local window ${WINDOW} < n = ${N}, F16 file): the core matches ORT`, async (t) => {
  const list = seededTensors(neo, { seed: 63, std: 0.1, maskBuffers: true });
  const ours = await compare(t, "gpt_neo F16", neo, list, "F16", 1024);
  // The window is not a no-op: the global layer looks past it.
  let outsideGlobal = 0;
  for (let h = 0; h < 4; h++) {
    const w = ours.headWeights(0, h);
    for (let i = WINDOW; i < N; i++)
      for (let j = 0; j <= i - WINDOW; j++)
        outsideGlobal = Math.max(outsideGlobal, w[i * N + j]);
  }
  assert.ok(outsideGlobal > 0);
});
