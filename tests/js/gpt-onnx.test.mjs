// bench/gpt-onnx-graph.mjs run by onnxruntime-web (wasm, 1 thread) against
// the plain-JS double-precision reference of tests/js/gpt/reference.mjs, on
// seeded small checkpoints: a GPT-2 and a GPT-Neo whose local window is
// shorter than the prompt, in F32 and in F16 files (both sides fed the
// widened values the safetensors reader returns). Two references written
// independently from Hugging Face's modelling code agree, so either can
// check the core's logits.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { gptOnnxModel, runGptSession } from "../../bench/gpt-onnx-graph.mjs";
import {
  gpt2Config,
  gptNeoConfig,
  readSafetensors,
  seededTensors,
  untiedConfig,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";
import { referenceForward } from "./gpt/reference.mjs";

ort.env.wasm.numThreads = 1;

/** Logit error allowed, relative to the largest |logit| of the reference. */
const LOGIT_REL = 1e-4;
/** Attention probabilities lie in [0, 1]: an absolute bound. */
const ATTENTION_ABS = 1e-5;

const N = 16;
const ids = Int32Array.from({ length: N }, (_, i) => (i * 7919 + 11) % 1000);

async function runOrt(config, tensors, options) {
  const session = await ort.InferenceSession.create(
    gptOnnxModel(config, tensors, options),
    { executionProviders: ["wasm"] },
  );
  try {
    return await runGptSession(ort, session, ids);
  } finally {
    await session.release();
  }
}

function maxAbs(a) {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function maxAbsDiff(got, want, offset = 0) {
  let m = 0;
  for (let i = 0; i < got.length; i++) {
    m = Math.max(m, Math.abs(got[i] - want[offset + i]));
  }
  return m;
}

const asMap = (list) => new Map(list.map((t) => [t.name, t]));

/**
 * ORT's logits (all positions and last position) and every layer's
 * attention against referenceForward, the errors reported.
 */
async function compare(t, label, config, tensors) {
  const { layers, heads } = sizes(config);
  const vocab = config.vocab_size;
  const want = referenceForward(config, tensors, ids);
  assert.equal(want.logits.length, N * vocab, "reference logits length");

  const all = await runOrt(config, tensors, { attention: true });
  assert.deepEqual(all.logits.dims, [1, N, vocab]);
  const scale = maxAbs(want.logits);
  const logitError = maxAbsDiff(all.logits.data, want.logits);
  let attentionError = 0;
  for (let l = 0; l < layers; l++) {
    const a = all[`attention.${l}`];
    assert.deepEqual(a.dims, [1, heads, N, N], `attention.${l} dims`);
    attentionError = Math.max(
      attentionError,
      maxAbsDiff(a.data, want.attention, l * heads * N * N),
    );
  }
  const last = await runOrt(config, tensors, { logits: "last" });
  assert.deepEqual(last.logits.dims, [1, 1, vocab]);
  const lastError = maxAbsDiff(last.logits.data, want.logits, (N - 1) * vocab);

  t.diagnostic(
    `${label}: max |logit| ${scale.toExponential(2)}, max |Δ logits| ` +
      `${logitError.toExponential(2)} (${(logitError / scale).toExponential(2)} ` +
      `of the scale; last position only ${lastError.toExponential(2)}), ` +
      `max |Δ attention| ${attentionError.toExponential(2)}`,
  );
  assert.ok(scale > 0, "the reference's logits are not all zero");
  assert.ok(
    logitError <= LOGIT_REL * scale,
    `${label}: logits differ by ${logitError} > ${LOGIT_REL} × ${scale}`,
  );
  assert.ok(
    lastError <= LOGIT_REL * scale,
    `${label}: last-position logits differ by ${lastError}`,
  );
  assert.ok(
    attentionError <= ATTENTION_ABS,
    `${label}: attention differs by ${attentionError} > ${ATTENTION_ABS}`,
  );
  return all;
}

function sizes(config) {
  return config.model_type === "gpt_neo"
    ? { layers: config.num_layers, heads: config.num_heads }
    : { layers: config.n_layer, heads: config.n_head };
}

/** Through a safetensors file of the given dtype and back: Float64 data. */
function roundTrip(list, dtype) {
  return readSafetensors(writeSafetensors(list, { dtype }));
}

const gpt2 = gpt2Config({
  layers: 2,
  heads: 4,
  dModel: 32,
  vocab: 50257,
  context: 64,
});
const gpt2Tensors = seededTensors(gpt2, {
  seed: 3,
  std: 0.1,
  maskBuffers: true,
});

test("GPT-2: ORT's logits and attention match the reference (F32 file)", async (t) => {
  await compare(t, "gpt2 F32", gpt2, roundTrip(gpt2Tensors, "F32"));
});

test("GPT-2: the same through an F16 file", async (t) => {
  await compare(t, "gpt2 F16", gpt2, roundTrip(gpt2Tensors, "F16"));
});

test("GPT-2 with the transformer. prefix and an untied lm_head", async (t) => {
  const config = untiedConfig(gpt2);
  const list = seededTensors(config, {
    seed: 4,
    std: 0.1,
    prefix: true,
    lmHead: "untied",
  });
  await compare(t, "gpt2 untied", config, asMap(list));
});

const WINDOW = 5;
const neo = gptNeoConfig({
  layers: 2,
  heads: 4,
  dModel: 32,
  vocab: 50257,
  context: 64,
  windowSize: WINDOW,
  attentionTypes: [[["global", "local"], 1]],
});
const neoTensors = seededTensors(neo, { seed: 5, std: 0.1, maskBuffers: true });

test(`GPT-Neo (local window ${WINDOW} < n = ${N}): ORT matches the reference (F32 file)`, async (t) => {
  const out = await compare(
    t,
    "gpt_neo F32",
    neo,
    roundTrip(neoTensors, "F32"),
  );
  // The local layer (1) gives no weight outside the window, the global
  // layer (0) does: the window is not a no-op.
  const local = out["attention.1"].data;
  const global = out["attention.0"].data;
  let outside = 0;
  let outsideGlobal = 0;
  for (let h = 0; h < neo.num_heads; h++) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j <= i - WINDOW; j++) {
        outside = Math.max(outside, local[(h * N + i) * N + j]);
        outsideGlobal = Math.max(outsideGlobal, global[(h * N + i) * N + j]);
      }
    }
  }
  assert.equal(outside, 0, "a local layer looks outside its window");
  assert.ok(outsideGlobal > 0, "the global layer sees every earlier key");
});

test("GPT-Neo: the same through an F16 file", async (t) => {
  await compare(t, "gpt_neo F16", neo, roundTrip(neoTensors, "F16"));
});

test("gptOnnxModel names the tensor that is missing or misshapen", () => {
  const tensors = asMap(gpt2Tensors);
  const missing = new Map(tensors);
  missing.delete("h.1.mlp.c_fc.bias");
  assert.throws(() => gptOnnxModel(gpt2, missing), /h\.1\.mlp\.c_fc\.bias/);
  const wrong = new Map(tensors);
  wrong.set("h.0.attn.c_attn.weight", {
    shape: [96, 32],
    data: new Float32Array(96 * 32),
  });
  assert.throws(
    () => gptOnnxModel(gpt2, wrong),
    /h\.0\.attn\.c_attn\.weight has shape \[96,32\], expected \[32,96\]/,
  );
  assert.throws(
    () => gptOnnxModel({ model_type: "llama" }, tensors),
    /unsupported model_type/,
  );
});
