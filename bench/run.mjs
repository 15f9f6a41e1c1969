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
//   --only     a subset of: ours-lean, ours-full, ort, tfjs, plain, native
//
// Implementations (all single-threaded, one core):
//   ours-lean  mha.forward({ x, n }, { only: ["output"] }) on weights given
//              once to mha.setWeights(): x in, output out, through the JS API
//   ours-full  mha.forward(args): weights copied in, every intermediate out
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
// The SIMD128 peak comes from cpp/bench/simd_peak.cpp, timed here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMHA } from "../web/lib/mha.js";
import { benchInputs } from "./inputs.mjs";
import { attentionModel } from "./onnx-graph.mjs";
import { plainAttention } from "./plain.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

const SIZES = [
  { label: "A", n: 8, dModel: 64, heads: 4 },
  { label: "B", n: 128, dModel: 768, heads: 12 },
  { label: "C", n: 512, dModel: 768, heads: 12 },
  { label: "D", n: 1024, dModel: 768, heads: 12 },
];
const IMPLEMENTATIONS = [
  "ours-lean",
  "ours-full",
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

const flops = ({ n, dModel: d }) => 8 * n * d * d + 4 * n * n * d;

/** The slowest cells, left out of a --quick run to keep it under a minute. */
const quickSkips = (name, size) =>
  (name === "plain" && size.n > 8) || (name === "tfjs" && size.n > 512);

// ---- timing ------------------------------------------------------------------

/**
 * Times several implementations of one size. Each is warmed up for
 * opts.warmupSeconds (at least 3 calls) and given a batch size (calls per
 * sample, so that a sample lasts ≥ 20 ms); then the samples are taken in
 * turns, one batch of each implementation per round, so that a change in
 * the machine's load falls on all of them alike. Returns, per name, the
 * median seconds per call.
 */
async function measureAll(impls) {
  const batches = {};
  for (const [name, impl] of Object.entries(impls)) {
    let calls = 0;
    const start = performance.now();
    const minCalls = opts.quick ? 2 : 3;
    while (
      calls < minCalls ||
      performance.now() - start < opts.warmupSeconds * 1e3
    ) {
      await impl.run();
      calls++;
    }
    const once = (performance.now() - start) / calls / 1e3;
    batches[name] = Math.max(1, Math.ceil(0.02 / once));
  }
  const times = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let s = 0; s < opts.samples; s++) {
    for (const [name, impl] of Object.entries(impls)) {
      const t0 = performance.now();
      for (let i = 0; i < batches[name]; i++) await impl.run();
      times[name].push((performance.now() - t0) / 1e3 / batches[name]);
    }
  }
  const result = {};
  for (const [name, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    result[name] = { seconds: t[t.length >> 1], samples: t.length };
  }
  return result;
}

function maxAbsDiff(a, b) {
  if (!a || !b || a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// ---- the implementations ---------------------------------------------------------

/** Each returns { run: () => output | Promise<output> , close? }. */
const makers = {
  async "ours-lean"(args) {
    const mha = await createMHA();
    mha.setWeights(args);
    const call = { x: args.x, n: args.n };
    const options = { only: ["output"] };
    return {
      run: () => mha.forward(call, options).output,
      close: () => mha.clearWeights(),
    };
  },

  async "ours-full"(args) {
    const mha = await createMHA();
    return { run: () => mha.forward(args).output };
  },

  async ort(args) {
    const ort = await import("onnxruntime-web");
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(attentionModel(args), {
      executionProviders: ["wasm"],
      graphOptimizationLevel: "all",
    });
    const shape = [args.n, args.dModel];
    return {
      run: async () => {
        const x = new ort.Tensor("float32", args.x, shape);
        const { y } = await session.run({ x });
        return y.data;
      },
      close: () => session.release(),
    };
  },

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

// ---- the SIMD128 peak probe --------------------------------------------------------

/**
 * The probe of cpp/bench/simd_peak.cpp as one more "implementation", timed
 * in the same rounds as the others, so that its ceiling is measured under
 * the same machine load as the size it is compared with.
 */
async function simdPeakProbe() {
  const dir = join(root, "build/wasm/bench/");
  const { default: create } = await import(join(dir, "simd_peak.mjs"));
  const probe = await create({
    wasmBinary: await readFile(join(dir, "simd_peak.wasm")),
  });
  const iterations = 200_000;
  const flopsPerCall = probe._simd_peak_flops_per_iteration() * iterations;
  for (let i = 0; i < 2000; i++) probe._simd_peak_chains(1000); // tier up
  return { flopsPerCall, run: () => probe._simd_peak_chains(iterations) };
}

// ---- the run -------------------------------------------------------------------

const started = performance.now();
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `mha-explainer benchmark, ${new Date().toISOString().slice(0, 10)}, ` +
    `Node ${process.version}, ${cpu}, ${opts.quick ? "quick" : "full"} run, ` +
    `median of ${opts.samples} samples`,
);

const peakProbe = await simdPeakProbe();
const peaks = [];

const native = opts.only.includes("native") ? runNative(opts.sizes) : null;
if (native?.error) console.log(`native: ${native.error}`);

const rows = [];
for (const size of opts.sizes) {
  const args = benchInputs(size);
  const cells = {};
  const impls = {};
  let reference = null;
  for (const name of IMPLEMENTATIONS) {
    if (!opts.only.includes(name)) continue;
    if (name === "native") {
      const r = native?.results?.[size.label];
      if (r)
        cells[name] = {
          seconds: r.leanMs / 1e3,
          output: r.output,
          samples: r.samples,
        };
      continue;
    }
    if (opts.quick && quickSkips(name, size)) {
      cells[name] = { skipped: "skipped by --quick" };
      continue;
    }
    impls[name] = await makers[name](args);
    cells[name] = { output: Float32Array.from(await impls[name].run()) };
    if (name === "ours-lean") reference = cells[name].output;
  }
  const timings = await measureAll({ ...impls, peak: peakProbe });
  const peak = peakProbe.flopsPerCall / timings.peak.seconds / 1e9;
  peaks.push(peak);
  for (const [name, impl] of Object.entries(impls)) {
    Object.assign(cells[name], timings[name]);
    await impl.close?.();
  }
  rows.push({
    size,
    name: "peak",
    ms: NaN,
    gflops: peak,
    peakShare: 1,
    vsOrt: null,
    diff: NaN,
  });
  for (const name of Object.keys(cells)) {
    const c = cells[name];
    if (c.skipped) {
      rows.push({ size, name, skipped: c.skipped });
      continue;
    }
    const ort = cells.ort?.seconds;
    rows.push({
      size,
      name,
      ms: c.seconds * 1e3,
      gflops: flops(size) / c.seconds / 1e9,
      peakShare:
        name === "native" ? null : flops(size) / c.seconds / 1e9 / peak,
      vsOrt: ort ? ort / c.seconds : null,
      diff: reference ? maxAbsDiff(reference, c.output) : NaN,
    });
  }
}

// ---- the table -------------------------------------------------------------------

const LABELS = {
  "ours-lean": "ours, wasm, lean (output only)",
  "ours-full": "ours, wasm, full (every intermediate)",
  ort: "onnxruntime-web 1.30.0, wasm",
  tfjs: "tfjs-backend-wasm 4.22.0",
  plain: "plain JS",
  native: "ours, native (g++ -O3, SSE2)",
  peak: "SIMD128 peak probe (f32x4 mul+add)",
};
const fmt = (v, digits) =>
  v === null || Number.isNaN(v) ? "—" : v.toFixed(digits);
const ms = (v) =>
  v < 0.1 ? v.toFixed(4) : v < 10 ? v.toFixed(3) : v.toFixed(1);
const header = [
  "size",
  "implementation",
  "median ms",
  "GFLOP/s",
  "% of SIMD peak",
  "speed vs ORT",
  "max |Δ| vs ours",
];
const lines = rows.map((r) => {
  const sizeText = `${r.size.label} (n=${r.size.n}, d=${r.size.dModel}, h=${r.size.heads})`;
  if (r.skipped) return [sizeText, LABELS[r.name], r.skipped, "", "", "", ""];
  return [
    sizeText,
    LABELS[r.name],
    Number.isNaN(r.ms) ? "—" : ms(r.ms),
    fmt(r.gflops, 2),
    r.peakShare === null ? "—" : `${(r.peakShare * 100).toFixed(0)}%`,
    r.vsOrt === null ? "—" : `${r.vsOrt.toFixed(2)}×`,
    r.name === "ours-lean"
      ? "(reference)"
      : Number.isNaN(r.diff)
        ? "—"
        : r.diff.toExponential(1),
  ];
});
const widths = header.map((h, i) =>
  Math.max(h.length, ...lines.map((l) => l[i].length)),
);
const printRow = (cells) =>
  console.log(`| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`);
console.log();
printRow(header);
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const l of lines) printRow(l);

// ---- the targets of issue 7 ----------------------------------------------------------

const find = (label, name) =>
  rows.find((r) => r.size.label === label && r.name === name);
console.log();
console.log(
  `SIMD128 peak, measured in the rounds of each size: ${peaks.map((p) => p.toFixed(1)).join(", ")} GFLOP/s.`,
);
for (const label of ["B", "C", "D"]) {
  const r = find(label, "ours-lean");
  if (r?.vsOrt) {
    console.log(
      `target ≥ 1.25× onnxruntime-web at ${label}: ${r.vsOrt.toFixed(2)}× ${r.vsOrt >= 1.25 ? "met" : "NOT met"}`,
    );
  }
}
const d = find("D", "ours-lean");
if (d) {
  console.log(
    `target ≥ 60% of the SIMD128 peak at D: ${(d.peakShare * 100).toFixed(0)}% ${d.peakShare >= 0.6 ? "met" : "NOT met"}`,
  );
}
const a = find("A", "ours-lean");
if (a) {
  console.log(
    `target ≤ 20 µs per forward at A, JS boundary included: ${(a.ms * 1e3).toFixed(1)} µs ${a.ms <= 0.02 ? "met" : "NOT met"}`,
  );
}
console.log(
  `(benchmark took ${((performance.now() - started) / 1e3).toFixed(0)} s)`,
);
process.exit(0);
