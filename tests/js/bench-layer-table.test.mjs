// The layer bench's shared pieces (bench/layer-measure.mjs,
// bench/layer-impls.mjs, bench/table.mjs) on fakes: which variants of ours
// get rows, which peak each row's share is taken against, and the table's
// shape. No timing is asserted (it is the machine's), only how the numbers
// are combined.
import { test } from "node:test";
import assert from "node:assert/strict";
import { markdownTable } from "../../bench/table.mjs";
import {
  flops,
  runLayerTable,
  targetLines,
} from "../../bench/layer-measure.mjs";
import {
  loadOursVariants,
  mixOf,
  relaxedSimdValid,
  variantOf,
} from "../../bench/layer-impls.mjs";

test("markdownTable pads every column to its widest cell", () => {
  const lines = markdownTable(
    ["a", "long header"],
    [
      ["wide cell", "x"],
      ["", "y"],
    ],
  );
  assert.equal(lines.length, 4);
  assert.equal(lines[0], "| a         | long header |");
  assert.equal(lines[1], "|-----------|-------------|");
  assert.equal(lines[2], "| wide cell | x           |");
  assert.ok(lines.every((l) => l.length === lines[0].length));
});

test("relaxed rows are shared against the fused peak, others against mul+add", async () => {
  const size = { label: "T", n: 2, dModel: 4, heads: 1 };
  const out = new Float32Array([1, 2, 3]);
  const maker = (name, mix, output) => ({
    name,
    label: name,
    mix,
    make: async () => ({ run: () => output }),
  });
  const probe = (name, mix) => ({
    name,
    label: name,
    mix,
    flopsPerCall: 1e6,
    run: () => 0,
  });
  const { rows, peaks } = await runLayerTable({
    sizes: [size],
    makers: [
      maker("ours-lean-simd128", mixOf("simd128"), out),
      maker("ours-lean-relaxed-simd", mixOf("relaxed-simd"), out),
      maker("ort", "mul+add", new Float32Array([1, 2, 3.5])),
      maker("ort-2", null, out),
    ],
    probes: [probe("peak", "mul+add"), probe("peak-fused", "fused")],
    inputs: () => ({}),
    measure: { samples: 3, warmupSeconds: 0, minCalls: 1 },
  });
  assert.deepEqual(Object.keys(peaks), ["mul+add", "fused"]);
  const row = (name) => rows.find((r) => r.name === name);
  const mulAdd = row("peak").gflops;
  const fused = row("peak-fused").gflops;
  for (const [name, peak] of [
    ["ours-lean-simd128", mulAdd],
    ["ours-lean-relaxed-simd", fused],
    ["ort", mulAdd],
  ]) {
    const r = row(name);
    // Within rounding: ms and gflops are both derived from the seconds, so
    // recomputing one from the other can differ in the last bit.
    const near = (got, want, what) =>
      assert.ok(
        Math.abs(got - want) <= 1e-12 * Math.abs(want),
        `${name} ${what}: ${got} vs ${want}`,
      );
    near(r.gflops, flops(size) / (r.ms / 1e3) / 1e9, "GFLOP/s");
    near(r.peakShare, r.gflops / peak, "share of the peak");
  }
  assert.equal(row("ort-2").peakShare, null);
  assert.equal(row("ours-lean-simd128").reference, true);
  assert.equal(row("ort").diff, 0.5);
  assert.equal(row("ort").vsOrt, 1);
});

test("a maker that throws gets a row that says so, not a crash", async () => {
  const logged = [];
  const { rows } = await runLayerTable({
    sizes: [{ label: "T", n: 1, dModel: 1, heads: 1 }],
    makers: [
      {
        name: "bad",
        label: "bad",
        mix: null,
        make: async () => {
          throw new Error("no such build");
        },
      },
    ],
    probes: [],
    inputs: () => ({}),
    measure: { samples: 1, warmupSeconds: 0, minCalls: 1 },
    log: (line) => logged.push(line),
  });
  assert.match(rows[0].skipped, /failed/);
  assert.match(logged[0], /no such build/);
});

test("variants: each variant createMHA({ kernels }) loads, named by mha.kernels", async () => {
  // A fake API: relaxed is refused with a coded Error, as an engine without
  // it would.
  const importMha = async () => ({
    createMHA: async (options = {}) => {
      if (options.kernels === "relaxed-simd") {
        throw Object.assign(new Error("relaxed SIMD unsupported"), {
          code: "UNSUPPORTED",
        });
      }
      return { kernels: options.kernels ?? "simd128" };
    },
  });
  const some = await loadOursVariants(importMha);
  assert.deepEqual(
    some.loaded.map((l) => l.variant),
    ["simd128"],
  );
  assert.match(
    some.notes.join("\n"),
    /relaxed-simd: not loaded here \(relaxed SIMD unsupported\)/,
  );
  assert.equal(variantOf({ kernels: "relaxed-simd" }), "relaxed-simd");
  assert.equal(variantOf({ kernels: 3 }), null);
  assert.equal(variantOf({}), null);
  assert.equal(typeof relaxedSimdValid(), "boolean");
});

test("targetLines: issue 15's targets for each variant's lean, full and reused rows", () => {
  const size = (label) => ({ label });
  const row = (name, label, ms, vsOrt, peakShare = null) => ({
    name,
    label: name,
    size: size(label),
    ms,
    vsOrt,
    peakShare,
  });
  const rows = [
    row("ours-lean-relaxed-simd", "A", 0.014, 2),
    row("ours-lean-relaxed-simd", "B", 10, 1.6),
    row("ours-full-relaxed-simd", "B", 16, 1.0),
    row("ours-reuse-relaxed-simd", "B", 12, 1.33),
    row("ours-lean-relaxed-simd", "D", 100, 1.4, 0.9),
    row("ours-lean-simd128", "C", 10, 1.2, 0.7),
    { ...row("ours-full-simd128", "C", 1, 9), skipped: "failed" },
  ];
  const lines = targetLines(rows, { fused: [40, 41] });
  assert.deepEqual(lines, [
    "fused peak, measured in the rounds of each size: 40.0, 41.0 GFLOP/s.",
    'targets, for "ours-lean-relaxed-simd":',
    "  lean ≥ 1.5× onnxruntime-web at B: 1.60× met",
    "  full ≥ 1.0× onnxruntime-web at B: 1.00× met",
    "  full ≤ 1.3× the lean forward at B: 1.60× NOT met",
    "  full, reused ≥ 1.0× onnxruntime-web at B: 1.33× met",
    "  full, reused ≤ 1.3× the lean forward at B: 1.20× met",
    "  lean ≥ 1.5× onnxruntime-web at D: 1.40× NOT met",
    "  ≥ 85% of the peak at D: 90.0% met",
    "  ≤ 15 µs per forward at A, JS boundary included: 14.0 µs met",
    'targets, for "ours-lean-simd128":',
    "  lean ≥ 1.5× onnxruntime-web at C: 1.20× NOT met",
    "  ≥ 85% of the peak at C: 70.0% NOT met",
  ]);
});
