// The GPT bench: one forward pass of a seeded GPT-2-small-shaped model
// (12 layers, 12 heads, d_model 768, vocab 50257, context 1024; weights
// seeded by tests/js/gpt/checkpoint-writer.mjs, std 0.02) at a few prompt
// lengths, last-position logits, by onnxruntime-web (wasm, 1 thread, on the
// graph of bench/gpt-onnx-graph.mjs) and by our core through
// mha.loadCheckpoint(), when the API has it.
//
//   node bench/gpt.mjs                       GPT-2-small shape (~1 min)
//   node bench/gpt.mjs --layers 2            a quick, smaller run
//   node bench/gpt.mjs [--layers N] [--heads H] [--d-model D] [--vocab V]
//                      [--context C] [--tokens 32,128] [--samples N]
//                      [--warmup N] [--seed S] [--ort-opt LEVEL]
//
//   --ort-opt  ORT's graphOptimizationLevel: all (default), extended, basic
//              or disabled
//
// Each cell: --warmup calls (default 2), then the median of --samples
// (default 5) timed calls, taken in rounds (ORT, ours lean, ours with every
// head's weights) so that a change in the machine's load falls on all.
// ORT's fastest sample is shown too: on a shared machine it is the steadier
// number.
// "ours, lean": forward(ids, { logits: "last", attention: false });
// "ours, +attention": the same with attention: true (every head's weights
// copied out too). Ratio = ORT ms / ours ms (> 1: ours is faster).
// max |Δ| compares our last-position logits with ORT's.
// Memory: the weights are made once as Float32Arrays; the ONNX bytes and
// the safetensors bytes are dropped as soon as their consumer has them.
import { cpus, loadavg } from "node:os";
import { createMHA } from "../web/lib/mha.js";
import { gptOnnxModel, gptShape, runGptSession } from "./gpt-onnx-graph.mjs";
import { benchImpls, measureRows, tableLines } from "./gpt-measure.mjs";
import { cpuModel, parseArgs } from "./gpt-options.mjs";

const opts = parseArgs(process.argv.slice(2), "bench/gpt.mjs");

// ---- helpers -----------------------------------------------------------------

const rssMB = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const peakRssMB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

// ---- the run -------------------------------------------------------------------

const started = performance.now();
const writer = await import("../tests/js/gpt/checkpoint-writer.mjs");
const config = writer.gpt2Config({
  layers: opts.layers,
  heads: opts.heads,
  dModel: opts.dModel,
  vocab: opts.vocab,
  context: opts.context,
});
const shape = gptShape(config);
console.log(
  `GPT bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${cpuModel()} (${cpus().length} cores, load average ${loadavg()[0].toFixed(2)})`,
);
console.log(
  `model: gpt2, ${shape.layers} layers, ${shape.heads} heads, d_model ${shape.dModel}, ` +
    `d_mlp ${shape.dMlp}, vocab ${shape.vocab}, context ${shape.context}; ` +
    `median of ${opts.samples} after ${opts.warmup} warm-up calls; last-position logits`,
);

let t0 = performance.now();
/** @type {{ name: string, shape: number[], data: Float32Array }[] | null} */
let tensorList = writer.seededTensors(config, { seed: opts.seed, std: 0.02 });
const params = tensorList.reduce((sum, t) => sum + t.data.length, 0);
console.log(
  `weights: ${(params / 1e6).toFixed(1)}M parameters seeded in ` +
    `${((performance.now() - t0) / 1e3).toFixed(1)} s (RSS ${rssMB()} MB)`,
);

// onnxruntime-web.
const ort = await import("onnxruntime-web");
ort.env.wasm.numThreads = 1;
t0 = performance.now();
let onnxBytes = gptOnnxModel(
  config,
  new Map(tensorList.map((t) => [t.name, t])),
  { logits: "last" },
);
const buildMs = performance.now() - t0;
t0 = performance.now();
const session = await ort.InferenceSession.create(onnxBytes, {
  executionProviders: ["wasm"],
  graphOptimizationLevel: opts.ortOpt,
});
const sessionMs = performance.now() - t0;
const onnxMB = onnxBytes.length / 2 ** 20;
onnxBytes = null;
console.log(
  `ORT: graph of ${onnxMB.toFixed(0)} MB built in ${buildMs.toFixed(0)} ms; ` +
    `session (graphOptimizationLevel ${opts.ortOpt}) created in ` +
    `${sessionMs.toFixed(0)} ms (RSS ${rssMB()} MB)`,
);

// Ours.
const mha = await createMHA();
let weights = writer.writeSafetensors(tensorList, { dtype: "F32" });
tensorList = null;
t0 = performance.now();
const ours = await mha.loadCheckpoint({ config, weights });
weights = null;
console.log(
  `ours: checkpoint loaded in ${(performance.now() - t0).toFixed(0)} ms (RSS ${rssMB()} MB)`,
);

const impls = benchImpls(
  async (ids) => (await runGptSession(ort, session, ids)).logits.data,
  ours,
);

const rows = await measureRows(impls, opts, shape.vocab);
session.release?.();
ours.dispose();

// ---- the table -------------------------------------------------------------------

console.log();
for (const line of tableLines(rows)) console.log(line);
console.log();
console.log(
  `load average ${loadavg()[0].toFixed(2)}; peak RSS ${peakRssMB()} MB; bench took ${((performance.now() - started) / 1e3).toFixed(0)} s`,
);
process.exit(0);
