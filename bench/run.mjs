// The benchmark behind `npm run bench`: one forward pass of multi-head
// attention at four sizes, by every implementation, on the same seeded
// inputs, in one table.
//
//   node bench/run.mjs [--quick] [--sizes A,B,C,D] [--samples N] [--only a,b]
//
//   --quick    5 samples, a shorter warm-up, plain JS at A only and tfjs
//              up to C, the native full forward not timed: under a minute
//   --sizes    a subset of the sizes
//   --samples  timed samples per cell (default 7; 5 with --quick; at least 5)
//   --only     a subset of: ours-lean, ours-full, ours-reuse, ours-pool,
//              ort, tfjs, plain, native
//
// Implementations (single-threaded, one core, but for ours-pool-k):
//   ours-lean  mha.forward({ x, n }, { only: ["output"] }) on weights given
//              once to mha.setWeights(): x in, output out, through the JS API
//   ours-full  mha.forward(args): weights copied in, every intermediate out
//   ours-reuse every intermediate on weights given once, each call's results
//              written into the last call's arrays (forward's `into`)
//   ours-pool-k  the head pool (web/lib/head-pool.js): the heads split over
//              k worker_threads (1, 2, os.availableParallelism()), each with
//              its own wasm module; the only rows on more than one core
//   ort        onnxruntime-web, wasm backend, numThreads = 1, on the ONNX
//              graph of bench/onnx-graph.mjs (weights as initializers)
//   tfjs       @tensorflow/tfjs-backend-wasm (SIMD, no threads), the same
//              ops in tf.tidy, weights as tensors made once
//   plain      plain JS loops (bench/plain.mjs)
//   native     build/native/mha_bench --json (g++ -O3, SSE2), lean forward
//
// Each cell: warm-up (so V8 has tiered the wasm up to TurboFan), then the
// median of N samples; a sample times a batch of calls lasting at least
// 20 ms (one call at the large sizes). GFLOP/s counts 8·n·d² + 4·n²·d.
// "vs ORT" is onnxruntime-web's time divided by this one (> 1: faster).
// "max |Δ|" is the largest difference from ours-lean's output.
// The SIMD128 peak comes from cpp/bench/simd_peak.cpp, timed here; the
// fused (relaxed-SIMD) peak from its relaxed build when present. A relaxed
// row's "% of peak" is relative to the fused peak, the others' to mul+add.
// Relaxed SIMD in Node 20 needs `node --experimental-wasm-relaxed-simd`
// (scripts/bench.sh passes it): then both variants of ours get rows.
// The measuring and the table live in bench/layer-measure.mjs and
// bench/layer-impls.mjs, shared with the same table in Chromium
// (bench/layer-browser.mjs, `bash scripts/bench.sh --browser`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchInputs } from "./inputs.mjs";
import { createHeadPool } from "../web/lib/head-pool.js";
import { plainAttention } from "./plain.mjs";
import { cpuModel } from "./gpt-options.mjs";
import {
  SIZES,
  layerTableLines,
  runLayerTable,
  targetLines,
} from "./layer-measure.mjs";
import {
  loadOursVariants,
  oursMakers,
  ortMaker,
  poolMakers,
  threadCounts,
  peakProbe,
  relaxedSimdValid,
} from "./layer-impls.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

const IMPLEMENTATIONS = [
  "ours-lean",
  "ours-full",
  "ours-reuse",
  "ours-pool",
  "ort",
  "tfjs",
  "plain",
  "native",
];

// ---- options -----------------------------------------------------------------

function parseArgs(argv) {
  const opts = { quick: false, sizes: "A,B,C,D", samples: 0, only: "" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") opts.quick = true;
    else if (a === "--sizes") opts.sizes = argv[++i];
    else if (a === "--samples") opts.samples = Number(argv[++i]);
    else if (a === "--only") opts.only = argv[++i];
    else {
      console.error(`bench: unknown argument ${a}`);
      process.exit(2);
    }
  }
  opts.samples = Math.max(5, opts.samples || (opts.quick ? 5 : 7));
  opts.warmupSeconds = opts.quick ? 0.25 : 1;
  opts.sizes = SIZES.filter((s) => opts.sizes.split(",").includes(s.label));
  opts.only = opts.only ? opts.only.split(",") : IMPLEMENTATIONS;
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

/** The slowest cells, left out of a --quick run to keep it under a minute. */
const quickSkips = (name, size) =>
  (name === "plain" && size.n > 8) || (name === "tfjs" && size.n > 512);

// ---- the implementations ---------------------------------------------------------

/** Node-only implementations; each resolves to { run, close? }. */
const makers = {
  async tfjs(args) {
    const tf = await tfjsWasm();
    const { n, dModel: d, heads: h } = args;
    const dK = d / h;
    const w = {};
    for (const k of ["wq", "wk", "wv", "wo"])
      w[k] = tf.tensor2d(args[k], [d, d]);
    const forward = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(args.x, [n, d]);
        const split = (m) =>
          tf.transpose(tf.reshape(tf.matMul(x, m), [n, h, dK]), [1, 0, 2]);
        const q = split(w.wq);
        const k = split(w.wk);
        const v = split(w.wv);
        const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dK));
        const heads = tf.matMul(tf.softmax(scores), v);
        const concat = tf.reshape(tf.transpose(heads, [1, 0, 2]), [n, d]);
        return tf.matMul(concat, w.wo);
      });
    return {
      run: () => {
        const y = forward();
        const data = y.dataSync();
        y.dispose();
        return data;
      },
      close: () => Object.values(w).forEach((t) => t.dispose()),
    };
  },

  async plain(args) {
    return { run: () => plainAttention(args) };
  },
};

let tfPromise = null;
function tfjsWasm() {
  tfPromise ??= (async () => {
    const tf = await import("@tensorflow/tfjs-core");
    const backend = await import("@tensorflow/tfjs-backend-wasm");
    // The SIMD binary without threads: one core, like every other row.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    backend.setWasmPaths(
      join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist/"),
    );
    await tf.setBackend("wasm");
    await tf.ready();
    return tf;
  })();
  return tfPromise;
}

/** The native build, run once for every size; its lean outputs dumped. */
function runNative(sizes) {
  const exe = join(root, "build/native/mha_bench");
  if (!existsSync(exe))
    return { error: "build/native/mha_bench is missing (npm run build)" };
  const dir = mkdtempSync(join(tmpdir(), "mha-bench-"));
  try {
    const p = spawnSync(
      exe,
      [
        "--json",
        "--samples",
        String(opts.samples),
        "--sizes",
        sizes.map((s) => s.label).join(","),
        "--dump",
        dir,
        ...(opts.quick ? ["--lean-only"] : []),
      ],
      { encoding: "utf8" },
    );
    if (p.status !== 0) return { error: `mha_bench failed: ${p.stderr}` };
    const results = {};
    for (const line of p.stdout.split("\n").filter(Boolean)) {
      const r = JSON.parse(line);
      const bytes = readFileSync(join(dir, `${r.size}.f32`));
      r.output = new Float32Array(
        bytes.buffer.slice(
          bytes.byteOffset,
          bytes.byteOffset + bytes.byteLength,
        ),
      );
      results[r.size] = r;
    }
    return { results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the peak probes ---------------------------------------------------------------

/**
 * The mul+add probe, and the fused one when its relaxed build is present
 * and this engine validates relaxed SIMD; notes say why one is missing.
 */
async function loadProbes() {
  const dir = join(root, "build/wasm/bench/");
  const probes = [];
  const notes = [];
  for (const [file, mix] of [
    ["simd_peak", "mul+add"],
    ["simd_peak_relaxed", "fused"],
  ]) {
    if (!existsSync(join(dir, `${file}.wasm`))) {
      notes.push(`${file}: build/wasm/bench/${file}.wasm is missing, skipped`);
      continue;
    }
    if (mix === "fused" && !relaxedSimdValid()) {
      notes.push(
        `${file}: skipped, Node runs relaxed SIMD only under ` +
          "`node --experimental-wasm-relaxed-simd` (scripts/bench.sh passes it)",
      );
      continue;
    }
    const { default: create } = await import(join(dir, `${file}.mjs`));
    probes.push(
      await peakProbe(create, await readFile(join(dir, `${file}.wasm`)), mix),
    );
  }
  return { probes, notes };
}

// ---- the run -------------------------------------------------------------------

const started = performance.now();
console.log(
  `mha-explainer benchmark, ${new Date().toISOString().slice(0, 10)}, ` +
    `Node ${process.version}, ${cpuModel()}, ${opts.quick ? "quick" : "full"} run, ` +
    `median of ${opts.samples} samples`,
);
console.log(
  `relaxed SIMD in this engine: ${relaxedSimdValid() ? "yes" : "no (Node 20 needs --experimental-wasm-relaxed-simd)"}`,
);

const { probes, notes: probeNotes } = await loadProbes();
const mhaUrl = pathToFileURL(join(root, "web/lib/mha.js")).href;
const ours = await loadOursVariants((tag) => import(`${mhaUrl}?${tag}`));
for (const note of [...probeNotes, ...ours.notes]) console.log(`note: ${note}`);

const native = opts.only.includes("native") ? runNative(opts.sizes) : null;
if (native?.error) console.log(`native: ${native.error}`);

const NODE_LABELS = {
  tfjs: "tfjs-backend-wasm 4.22.0",
  plain: "plain JS",
};
const ort = await import("onnxruntime-web");
ort.env.wasm.numThreads = 1;
const allMakers = [
  ...oursMakers(ours.loaded),
  ...poolMakers(createHeadPool, threadCounts(availableParallelism())),
  ortMaker(ort, {
    name: "ort",
    label: `onnxruntime-web ${ort.env.versions?.web ?? ""}, wasm, 1 thread`,
  }),
  ...["tfjs", "plain"].map((name) => ({
    name,
    label: NODE_LABELS[name],
    mix: "mul+add",
    make: makers[name],
  })),
].filter((m) =>
  opts.only.some((o) => m.name === o || m.name.startsWith(`${o}-`)),
);
for (const m of allMakers) {
  const base = m.name.replace(/-(simd128|relaxed.*)$/, "");
  m.skip = (size) =>
    opts.quick && quickSkips(base, size) ? "skipped by --quick" : null;
}

const { rows, peaks } = await runLayerTable({
  sizes: opts.sizes,
  makers: allMakers,
  probes,
  inputs: benchInputs,
  measure: {
    samples: opts.samples,
    warmupSeconds: opts.warmupSeconds,
    minCalls: opts.quick ? 2 : 3,
  },
  extraCells: (size) => {
    const r = native?.results?.[size.label];
    if (!r) return {};
    return {
      native: {
        label: "ours, native (g++ -O3, SSE2)",
        mix: null,
        seconds: r.leanMs / 1e3,
        output: r.output,
        samples: r.samples,
      },
    };
  },
  log: (line) => console.log(`failed: ${line}`),
});

console.log();
for (const line of layerTableLines(rows)) console.log(line);
console.log();
for (const line of targetLines(rows, peaks)) console.log(line);
console.log(
  `(benchmark took ${((performance.now() - started) / 1e3).toFixed(0)} s)`,
);
process.exit(0);
