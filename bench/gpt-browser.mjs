// The GPT bench of bench/gpt.mjs, run in Debian's Chromium through
// Playwright: one forward pass of a seeded GPT-2-small-shaped model (12
// layers, 12 heads, d_model 768, vocab 50257, context 1024; weights seeded
// by tests/js/gpt/checkpoint-writer.mjs, std 0.02) at a few prompt lengths,
// last-position logits, by onnxruntime-web (wasm, 1 thread, on the graph of
// bench/gpt-onnx-graph.mjs) and by our core through mha.loadCheckpoint(),
// both on the page's main thread.
//
//   node bench/gpt-browser.mjs               GPT-2-small shape (~2 min)
//   node bench/gpt-browser.mjs --layers 2    a quick, smaller run
//   (the options of bench/gpt.mjs; CHROMIUM_PATH overrides /usr/bin/chromium)
//
// Node seeds the weights and writes model.safetensors, model.onnx and
// config.json to a temporary folder, which the project's server
// (scripts/serve.mjs with COOP/COEP headers, through bench/browser-env.mjs) mounts at
// /gpt-bench/; onnxruntime-web's module and wasm files are served from
// node_modules/onnxruntime-web/dist by the same server (no CDN: a request
// to another origin is aborted and reported). The page fetches each file
// into memory (an ArrayBuffer) before timing its consumer, so "load" is the
// time from bytes in memory to a model ready to run:
// InferenceSession.create for ORT, loadCheckpoint for ours.
// Timing as bench/gpt.mjs (bench/gpt-measure.mjs): --warmup calls, then the
// median of --samples timed calls taken in rounds; ORT's fastest sample too.
// "ours lean" = forward(ids, { logits: "last", attention: false }),
// "ours +attention" = the same with attention: true. Ratio = ORT ms / ours
// ms (> 1: ours is faster). The page is cross-origin isolated (so
// performance.now() is not coarsened to 0.1 ms, and ORT could use threads).
import { mkdtemp, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gptOnnxModel, gptShape } from "./gpt-onnx-graph.mjs";
import { tableLines } from "./gpt-measure.mjs";
import { cpuModel, parseArgs } from "./gpt-options.mjs";
import { CHROMIUM, chromiumVersion, runBenchPage } from "./browser-env.mjs";
import {
  gpt2Config,
  seededTensors,
  writeSafetensors,
} from "../tests/js/gpt/checkpoint-writer.mjs";

const opts = parseArgs(process.argv.slice(2), "bench/gpt-browser.mjs");
const started = performance.now();
const config = gpt2Config({
  layers: opts.layers,
  heads: opts.heads,
  dModel: opts.dModel,
  vocab: opts.vocab,
  context: opts.context,
});
const shape = gptShape(config);

// ---- the files, written by Node ---------------------------------------------

const dir = await mkdtemp(join(tmpdir(), "mha-gpt-bench-"));
let t0 = performance.now();
/** @type {ReturnType<typeof seededTensors> | null} */
let tensors = seededTensors(config, { seed: opts.seed, std: 0.02 });
const params = tensors.reduce((sum, t) => sum + t.data.length, 0);
/** @type {Uint8Array | null} */
let bytes = writeSafetensors(tensors, { dtype: "F32" });
const safetensorsBytes = bytes.length;
await writeFile(join(dir, "model.safetensors"), bytes);
bytes = gptOnnxModel(config, new Map(tensors.map((t) => [t.name, t])), {
  logits: "last",
});
const onnxBytes = bytes.length;
await writeFile(join(dir, "model.onnx"), bytes);
bytes = null;
tensors = null;
await writeFile(join(dir, "config.json"), JSON.stringify(config));
const filesMs = performance.now() - t0;

// ---- the run, in Chromium -------------------------------------------------------

const { result, problems } = await runBenchPage("/gpt-bench/", dir, runInPage, {
  tokens: opts.tokens,
  warmup: opts.warmup,
  samples: opts.samples,
  seed: opts.seed,
  ortOpt: opts.ortOpt,
  vocab: shape.vocab,
});

/**
 * Runs in the page (serialized by Playwright: it may use only its argument
 * and what it imports from the server).
 * @param {{ tokens: number[], warmup: number, samples: number, seed: number,
 *   ortOpt: string, vocab: number }} o
 */
async function runInPage(o) {
  const DIST = "/node_modules/onnxruntime-web/dist/";
  const ort = await import(DIST + "ort.wasm.min.mjs");
  const { createMHA } = await import("/web/lib/mha.js");
  const { benchImpls, measureRows } = await import("/bench/gpt-measure.mjs");
  const { runGptSession } = await import("/bench/gpt-onnx-graph.mjs");
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = DIST;
  const fetchBytes = async (path) => {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };

  let onnx = await fetchBytes("/gpt-bench/model.onnx");
  let t = performance.now();
  const session = await ort.InferenceSession.create(onnx, {
    executionProviders: ["wasm"],
    graphOptimizationLevel: o.ortOpt,
  });
  const sessionMs = performance.now() - t;
  onnx = null;

  const mha = await createMHA();
  const config = await (await fetch("/gpt-bench/config.json")).json();
  let weights = await fetchBytes("/gpt-bench/model.safetensors");
  t = performance.now();
  const ours = await mha.loadCheckpoint({ config, weights: weights.buffer });
  const loadMs = performance.now() - t;
  weights = null;

  const impls = benchImpls(
    async (ids) => (await runGptSession(ort, session, ids)).logits.data,
    ours,
  );
  const rows = await measureRows(impls, o, o.vocab);
  const heapBytes = mha.heapBytes();
  await session.release?.();
  ours.dispose();
  return {
    rows,
    sessionMs,
    loadMs,
    heapBytes,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated,
    ortVersion: ort.env.versions?.web ?? "unknown",
  };
}

// ---- the report -------------------------------------------------------------------

const chromium = chromiumVersion(result.userAgent);
console.log(
  `GPT bench in Chromium ${chromium} (${CHROMIUM}, headless, page main thread), ` +
    `${new Date().toISOString().slice(0, 10)}, ${cpuModel()} ` +
    `(${cpus().length} cores, navigator.hardwareConcurrency ${result.hardwareConcurrency}, ` +
    `load average ${loadavg()[0].toFixed(2)})`,
);
console.log(
  `model: gpt2, ${shape.layers} layers, ${shape.heads} heads, d_model ${shape.dModel}, ` +
    `d_mlp ${shape.dMlp}, vocab ${shape.vocab}, context ${shape.context}; ` +
    `median of ${opts.samples} after ${opts.warmup} warm-up calls; last-position logits`,
);
console.log(
  `files: ${(params / 1e6).toFixed(1)}M parameters; model.safetensors ` +
    `${(safetensorsBytes / 2 ** 20).toFixed(0)} MB, model.onnx ` +
    `${(onnxBytes / 2 ** 20).toFixed(0)} MB, written by Node in ${(filesMs / 1e3).toFixed(1)} s`,
);
console.log(
  `ORT: onnxruntime-web ${result.ortVersion} (ort.wasm.min.mjs, 1 thread, ` +
    `crossOriginIsolated ${result.crossOriginIsolated}); session ` +
    `(graphOptimizationLevel ${opts.ortOpt}) created from memory in ${result.sessionMs.toFixed(0)} ms`,
);
console.log(
  `ours: checkpoint loaded from memory (an ArrayBuffer) in ${result.loadMs.toFixed(0)} ms; ` +
    `wasm heap ${(result.heapBytes / 2 ** 20).toFixed(0)} MB`,
);
console.log();
for (const line of tableLines(result.rows)) console.log(line);
console.log();
if (problems.length > 0) {
  console.log(`page problems:\n  ${problems.join("\n  ")}`);
}
console.log(
  `load average ${loadavg()[0].toFixed(2)}; bench took ${((performance.now() - started) / 1e3).toFixed(0)} s`,
);
process.exit(problems.length > 0 ? 1 : 0);
