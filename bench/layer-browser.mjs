// The layer table of bench/run.mjs, run in Debian's Chromium through
// Playwright, on the page's main thread: one forward pass of multi-head
// attention at sizes A–D on the same seeded inputs (bench/inputs.mjs), by
// ours (lean, full and full reused, per wasm variant loaded: simd128, relaxed-simd;
// the head pool of web/lib/head-pool.js on 1, 2 and
// navigator.hardwareConcurrency module Workers),
// onnxruntime-web (ort.wasm.min.mjs from node_modules/onnxruntime-web/dist,
// 1 thread, and 2 and navigator.hardwareConcurrency threads when the page
// is cross-origin isolated), and the SIMD peak probes (mul+add; the fused
// multiply-add one when build/wasm/bench/simd_peak_relaxed.wasm exists).
// The measuring, rows and table are bench/layer-measure.mjs and
// bench/layer-impls.mjs, the same modules bench/run.mjs uses.
//
//   node bench/layer-browser.mjs [--quick] [--sizes A,B,C,D] [--samples N]
//   (CHROMIUM_PATH overrides /usr/bin/chromium)
//
// Served by scripts/serve.mjs with COOP/COEP headers (bench/browser-env.mjs),
// so crossOriginIsolated is true. "vs ORT" is relative to ORT with 1 thread;
// "% of peak" of a relaxed row is relative to the fused peak, of the others
// to the mul+add peak; rows with more than one thread have no share (the
// probes measure one core).
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { cpuModel } from "./gpt-options.mjs";
import { CHROMIUM, chromiumVersion, runBenchPage } from "./browser-env.mjs";
import { SIZES, layerTableLines, targetLines } from "./layer-measure.mjs";

/** @param {string[]} argv */
function parseArgs(argv) {
  const opts = { quick: false, sizes: "A,B,C,D", samples: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") opts.quick = true;
    else if (a === "--sizes") opts.sizes = argv[++i];
    else if (a === "--samples") opts.samples = Number(argv[++i]);
    else {
      console.error(`bench/layer-browser.mjs: unknown argument ${a}`);
      process.exit(2);
    }
  }
  const labels = opts.sizes.split(",");
  return {
    quick: opts.quick,
    sizes: SIZES.filter((s) => labels.includes(s.label)),
    samples: Math.max(opts.quick ? 3 : 5, opts.samples || (opts.quick ? 3 : 7)),
  };
}

const opts = parseArgs(process.argv.slice(2));
const PROBE_FILES = ["simd_peak", "simd_peak_relaxed"];
const started = performance.now();
const dir = await mkdtemp(join(tmpdir(), "mha-layer-bench-"));
const { result, problems } = await runBenchPage(
  "/layer-bench/",
  dir,
  runInPage,
  {
    sizes: opts.sizes,
    quick: opts.quick,
    // Which probe builds exist (a fetch of a missing one would log a 404).
    probeFiles: PROBE_FILES.filter((f) =>
      existsSync(new URL(`../build/wasm/bench/${f}.wasm`, import.meta.url)),
    ),
    measure: {
      samples: opts.samples,
      warmupSeconds: opts.quick ? 0.25 : 1,
      minCalls: opts.quick ? 2 : 3,
    },
  },
);

/**
 * Runs in the page (serialized by Playwright: it may use only its argument
 * and what it imports from the server).
 * @param {{ sizes: any[], quick: boolean, probeFiles: string[],
 *   measure: import("./layer-measure.mjs").MeasureOptions }} o
 */
async function runInPage(o) {
  const DIST = "/node_modules/onnxruntime-web/dist/";
  const PROBES = "/build/wasm/bench/";
  const measure = await import("/bench/layer-measure.mjs");
  const impls = await import("/bench/layer-impls.mjs");
  const { benchInputs } = await import("/bench/inputs.mjs");
  const pool = await import("/web/lib/head-pool.js");
  const notes = [];
  const log = (/** @type {string} */ line) => notes.push(line);

  const probes = [];
  for (const [file, mix] of [
    ["simd_peak", "mul+add"],
    ["simd_peak_relaxed", "fused"],
  ]) {
    if (!o.probeFiles.includes(file)) {
      log(`${file}: build/wasm/bench/${file}.wasm is missing, skipped`);
      continue;
    }
    if (mix === "fused" && !impls.relaxedSimdValid()) {
      log(`${file}: this browser does not validate relaxed SIMD, skipped`);
      continue;
    }
    const { default: create } = await import(`${PROBES}${file}.mjs`);
    const response = await fetch(`${PROBES}${file}.wasm`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    probes.push(await impls.peakProbe(create, bytes, mix));
  }

  const ours = await impls.loadOursVariants(
    (tag) => import(`/web/lib/mha.js?${tag}`),
  );
  notes.push(...ours.notes);
  const threads = impls.threadCounts(navigator.hardwareConcurrency);

  // One ORT module per thread count (its numThreads is read once, when its
  // wasm starts): a distinct URL gives each its own instance.
  const ortMakers = [];
  let ortVersion = "unknown";
  for (const n of threads) {
    if (n > 1 && !self.crossOriginIsolated) {
      log(`onnxruntime-web, ${n} threads: the page is not crossOriginIsolated`);
      continue;
    }
    const ort = await import(`${DIST}ort.wasm.min.mjs?threads=${n}`);
    ort.env.wasm.numThreads = n;
    ort.env.wasm.wasmPaths = DIST;
    ortVersion = ort.env.versions?.web ?? ortVersion;
    ortMakers.push(
      impls.ortMaker(ort, {
        name: n === 1 ? "ort" : `ort-${n}`,
        mix: n === 1 ? "mul+add" : null,
        label: `onnxruntime-web ${ortVersion}, wasm, ${n} thread${n > 1 ? "s" : ""}`,
      }),
    );
  }

  const { rows, peaks } = await measure.runLayerTable({
    sizes: o.sizes,
    makers: [
      ...impls.oursMakers(ours.loaded),
      ...impls.poolMakers(pool.createHeadPool, threads),
      ...ortMakers,
    ],
    probes,
    inputs: benchInputs,
    measure: o.measure,
    log: (line) => log(`failed: ${line}`),
  });
  return {
    rows,
    peaks,
    notes,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated,
    relaxed: impls.relaxedSimdValid(),
  };
}

console.log(
  `layer bench in Chromium ${chromiumVersion(result.userAgent)} (${CHROMIUM}, headless, ` +
    `page main thread), ${new Date().toISOString().slice(0, 10)}, ${cpuModel()} ` +
    `(${cpus().length} cores, navigator.hardwareConcurrency ${result.hardwareConcurrency}, ` +
    `load average ${loadavg()[0].toFixed(2)}), crossOriginIsolated ${result.crossOriginIsolated}, ` +
    `relaxed SIMD ${result.relaxed ? "yes" : "no"}, ${opts.quick ? "quick" : "full"} run, ` +
    `median of ${opts.samples} samples`,
);
for (const note of result.notes) console.log(`note: ${note}`);
console.log();
for (const line of layerTableLines(result.rows)) console.log(line);
console.log();
for (const line of targetLines(result.rows, result.peaks)) console.log(line);
if (problems.length > 0) {
  console.log(`page problems:\n  ${problems.join("\n  ")}`);
}
console.log(
  `load average ${loadavg()[0].toFixed(2)}; bench took ${((performance.now() - started) / 1e3).toFixed(0)} s`,
);
process.exit(problems.length > 0 ? 1 : 0);
