// The measuring and the table of the layer bench, shared by bench/run.mjs
// (Node) and bench/layer-browser.mjs (the same table in Chromium). Plain JS
// with no Node imports: the browser page imports this file from the
// project's server.
//
// An implementation is a maker, { name, label, mix, make(args) }: make
// resolves to { run: () => output | Promise<output>, close? }, and mix
// names the instruction mix its "% of peak" is relative to ("mul+add": the
// SIMD128 f32x4 mul+add probe; "fused": the relaxed-SIMD fused
// multiply-add probe; null: no share). A peak probe is { name, label, mix,
// flopsPerCall, run }, timed in the same rounds as the makers of each size.
import { maxAbsDiff } from "./gpt-measure.mjs";
import { markdownTable } from "./table.mjs";

export const SIZES = [
  { label: "A", n: 8, dModel: 64, heads: 4 },
  { label: "B", n: 128, dModel: 768, heads: 12 },
  { label: "C", n: 512, dModel: 768, heads: 12 },
  { label: "D", n: 1024, dModel: 768, heads: 12 },
];

/** FLOPs of one forward: 8·n·d² + 4·n²·d. */
export const flops = ({ n, dModel: d }) => 8 * n * d * d + 4 * n * n * d;

/**
 * @typedef {{ run: () => unknown, close?: () => unknown }} Impl
 * @typedef {{ samples: number, warmupSeconds: number, minCalls: number }} MeasureOptions
 */

/**
 * Times several implementations of one size. Each is warmed up for
 * o.warmupSeconds (at least o.minCalls calls, so V8 tiers the wasm up to
 * TurboFan) and given a batch size (calls per sample, so that a sample
 * lasts ≥ 20 ms); then the samples are taken in rounds, one batch of each
 * implementation per round, so that a change in the machine's load falls
 * on all of them alike. Returns, per name, the median seconds per call.
 * @param {Record<string, Impl>} impls
 * @param {MeasureOptions} o
 * @returns {Promise<Record<string, { seconds: number, samples: number }>>}
 */
export async function measureAll(impls, o) {
  /** @type {Record<string, number>} */
  const batches = {};
  for (const [name, impl] of Object.entries(impls)) {
    let calls = 0;
    const start = performance.now();
    while (
      calls < o.minCalls ||
      performance.now() - start < o.warmupSeconds * 1e3
    ) {
      await impl.run();
      calls++;
    }
    const once = (performance.now() - start) / calls / 1e3;
    batches[name] = Math.max(1, Math.ceil(0.02 / once));
  }
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let s = 0; s < o.samples; s++) {
    for (const [name, impl] of Object.entries(impls)) {
      const t0 = performance.now();
      for (let i = 0; i < batches[name]; i++) await impl.run();
      times[name].push((performance.now() - t0) / 1e3 / batches[name]);
    }
  }
  /** @type {Record<string, { seconds: number, samples: number }>} */
  const result = {};
  for (const [name, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    result[name] = { seconds: t[t.length >> 1], samples: t.length };
  }
  return result;
}

/**
 * @typedef {{ name: string, label: string, mix: string | null,
 *   make: (args: any) => Promise<Impl>, skip?: (size: any) => string | null }} Maker
 * @typedef {{ name: string, label: string, mix: string, flopsPerCall: number,
 *   run: () => unknown }} Probe
 * @typedef {{ size: any, name: string, label: string, skipped?: string,
 *   ms?: number, gflops?: number, peakShare?: number | null,
 *   vsOrt?: number | null, diff?: number, reference?: boolean }} Row
 */

/**
 * The whole layer table: for each size, every maker (in order) run once
 * for its output and max |Δ|, then all of them and the probes timed in the
 * same rounds (measureAll). `extraCells(size)` adds cells measured
 * elsewhere (the native build): { name: { seconds, output, label, mix } }.
 * The first maker is the reference of max |Δ|; "ort" the one of "vs ORT".
 * `log` reports a maker that failed (its row says so).
 * @param {{ sizes: any[], makers: Maker[], probes: Probe[],
 *   inputs: (size: any) => any, measure: MeasureOptions,
 *   extraCells?: (size: any) => Record<string, any>,
 *   log?: (line: string) => void }} o
 * @returns {Promise<{ rows: Row[], peaks: Record<string, number[]> }>}
 */
export async function runLayerTable(o) {
  const rows = [];
  /** @type {Record<string, number[]>} */
  const peaks = Object.fromEntries(o.probes.map((p) => [p.mix, []]));
  for (const size of o.sizes) {
    const args = o.inputs(size);
    /** @type {Record<string, any>} */
    const cells = {};
    /** @type {Record<string, Impl>} */
    const impls = {};
    for (const m of o.makers) {
      const skipped = m.skip?.(size);
      if (skipped) {
        cells[m.name] = { label: m.label, skipped };
        continue;
      }
      try {
        impls[m.name] = await m.make(args);
        const output = Float32Array.from(
          /** @type {ArrayLike<number>} */ (await impls[m.name].run()),
        );
        cells[m.name] = { label: m.label, mix: m.mix, output };
      } catch (error) {
        delete impls[m.name];
        const message = /** @type {Error} */ (error).message ?? String(error);
        o.log?.(`${m.label} at ${size.label}: ${message}`);
        cells[m.name] = { label: m.label, skipped: "failed (see above)" };
      }
    }
    Object.assign(cells, o.extraCells?.(size) ?? {});
    const probeImpls = Object.fromEntries(o.probes.map((p) => [p.name, p]));
    const timings = await measureAll({ ...impls, ...probeImpls }, o.measure);
    for (const [name, impl] of Object.entries(impls)) {
      Object.assign(cells[name], timings[name]);
      await impl.close?.();
    }
    /** @type {Record<string, number>} */
    const peak = {};
    for (const p of o.probes) {
      peak[p.mix] = p.flopsPerCall / timings[p.name].seconds / 1e9;
      peaks[p.mix].push(peak[p.mix]);
      rows.push({
        size,
        name: p.name,
        label: p.label,
        gflops: peak[p.mix],
        peakShare: 1,
        vsOrt: null,
        diff: NaN,
      });
    }
    const referenceName = o.makers[0]?.name;
    const reference = cells[referenceName]?.output;
    for (const [name, c] of Object.entries(cells)) {
      if (c.skipped) {
        rows.push({ size, name, label: c.label, skipped: c.skipped });
        continue;
      }
      const gflops = flops(size) / c.seconds / 1e9;
      const ort = cells.ort?.seconds;
      rows.push({
        size,
        name,
        label: c.label,
        ms: c.seconds * 1e3,
        gflops,
        peakShare: c.mix && peak[c.mix] ? gflops / peak[c.mix] : null,
        vsOrt: ort ? ort / c.seconds : null,
        diff: maxAbsDiff(reference, c.output),
        reference: name === referenceName,
      });
    }
  }
  return { rows, peaks };
}

/** @param {number | null | undefined} v @param {number} digits */
const fixed = (v, digits) =>
  v === null || v === undefined || Number.isNaN(v) ? "—" : v.toFixed(digits);
/** @param {number} v */
const msText = (v) =>
  v < 0.1 ? v.toFixed(4) : v < 10 ? v.toFixed(3) : v.toFixed(1);

/**
 * The table as Markdown lines.
 * @param {Row[]} rows
 * @returns {string[]}
 */
export function layerTableLines(rows) {
  const header = [
    "size",
    "implementation",
    "median ms",
    "GFLOP/s",
    "% of peak (its mix)",
    "speed vs ORT",
    "max |Δ| vs ours",
  ];
  const lines = rows.map((r) => {
    const s = r.size;
    const sizeText = `${s.label} (n=${s.n}, d=${s.dModel}, h=${s.heads})`;
    if (r.skipped) return [sizeText, r.label, r.skipped, "", "", "", ""];
    return [
      sizeText,
      r.label,
      r.ms === undefined ? "—" : msText(r.ms),
      fixed(r.gflops, 2),
      r.peakShare === null || r.peakShare === undefined
        ? "—"
        : `${(r.peakShare * 100).toFixed(0)}%`,
      r.vsOrt === null || r.vsOrt === undefined
        ? "—"
        : `${r.vsOrt.toFixed(2)}×`,
      r.reference
        ? "(reference)"
        : r.diff === undefined || Number.isNaN(r.diff)
          ? "—"
          : r.diff.toExponential(1),
    ];
  });
  return markdownTable(header, lines);
}

/**
 * The peaks measured and the targets of issue 15, for each wasm variant
 * whose lean row ran (a name "ours-lean" or "ours-lean-<variant>"): lean ≥
 * 1.5× onnxruntime-web at B–D; the full result (fresh arrays, and reused)
 * ≥ 1.0× onnxruntime-web and ≤ 1.3× the lean forward at B–D; ≥ 85% of the
 * peak of the variant's instruction mix at C and D; ≤ 15 µs at A.
 * @param {Row[]} rows
 * @param {Record<string, number[]>} peaks
 * @returns {string[]}
 */
export function targetLines(rows, peaks) {
  /** @param {string} name @param {string} label */
  const find = (name, label) =>
    rows.find((r) => r.size.label === label && r.name === name && !r.skipped);
  const out = [];
  for (const [mix, values] of Object.entries(peaks)) {
    out.push(
      `${mix} peak, measured in the rounds of each size: ${values.map((p) => p.toFixed(1)).join(", ")} GFLOP/s.`,
    );
  }
  const verdict = (/** @type {boolean} */ ok) => (ok ? "met" : "NOT met");
  const leans = [
    ...new Set(
      rows.map((r) => r.name).filter((name) => /^ours-lean(-|$)/.test(name)),
    ),
  ];
  for (const lean of leans) {
    const leanLabel = ["B", "A", "C", "D"]
      .map((label) => find(lean, label)?.label)
      .find(Boolean);
    out.push(`targets, for "${leanLabel ?? lean}":`);
    for (const label of ["B", "C", "D"]) {
      const r = find(lean, label);
      if (r?.vsOrt) {
        out.push(
          `  lean ≥ 1.5× onnxruntime-web at ${label}: ${r.vsOrt.toFixed(2)}× ${verdict(r.vsOrt >= 1.5)}`,
        );
      }
      for (const kind of ["full", "reuse"]) {
        const f = find(lean.replace("ours-lean", `ours-${kind}`), label);
        if (!f || f.ms === undefined || r?.ms === undefined) continue;
        const name = kind === "full" ? "full" : "full, reused";
        if (f.vsOrt) {
          out.push(
            `  ${name} ≥ 1.0× onnxruntime-web at ${label}: ${f.vsOrt.toFixed(2)}× ${verdict(f.vsOrt >= 1)}`,
          );
        }
        const cost = f.ms / r.ms;
        out.push(
          `  ${name} ≤ 1.3× the lean forward at ${label}: ${cost.toFixed(2)}× ${verdict(cost <= 1.3)}`,
        );
      }
    }
    for (const label of ["C", "D"]) {
      const r = find(lean, label);
      if (r?.peakShare) {
        out.push(
          `  ≥ 85% of the peak at ${label}: ${(r.peakShare * 100).toFixed(1)}% ${verdict(r.peakShare >= 0.85)}`,
        );
      }
    }
    const a = find(lean, "A");
    if (a?.ms !== undefined) {
      out.push(
        `  ≤ 15 µs per forward at A, JS boundary included: ${(a.ms * 1e3).toFixed(1)} µs ${verdict(a.ms <= 0.015)}`,
      );
    }
  }
  return out;
}
