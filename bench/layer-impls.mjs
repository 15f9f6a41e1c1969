// The implementations of the layer bench that Node (bench/run.mjs) and
// Chromium (bench/layer-browser.mjs) share: ours through the JS API (lean
// and full, per wasm variant), onnxruntime-web and the SIMD peak probes.
// Plain JS with no Node imports;
// each environment hands in what it loads differently (the ORT module, the
// probe's factory and bytes, a way to import web/lib/mha.js).
import { attentionModel } from "./onnx-graph.mjs";

/** The wasm variants of our core, in table order. */
export const VARIANTS = ["simd128", "relaxed-simd"];

/**
 * The variant an MHA instance says it runs (`mha.kernels`), or null.
 * @param {any} mha
 * @returns {string | null}
 */
export function variantOf(mha) {
  const v = mha?.kernels;
  return typeof v === "string" ? v : null;
}

/**
 * A minimal module using f32x4.relaxed_madd (standard opcode 0xfd 0x105):
 * valid only where the engine has relaxed SIMD (Chromium ≥ 114; Node 20
 * with --experimental-wasm-relaxed-simd).
 */
export function relaxedSimdValid() {
  const v128 = (/** @type {number} */ x) => [0xfd, 0x0c, ...Array(16).fill(x)];
  const body = [0x00, ...v128(0), ...v128(0), ...v128(0), 0xfd, 0x85, 0x02];
  body.push(0x0b);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type () -> v128
    ...[0x03, 0x02, 0x01, 0x00], // one function of type 0
    ...[0x0a, body.length + 2, 0x01, body.length, ...body],
  ];
  return WebAssembly.validate(new Uint8Array(bytes));
}

/**
 * Our core, once per wasm variant that can be loaded here. `importMha(tag)`
 * imports web/lib/mha.js under a distinct URL per tag (e.g. "mha.js?tag"),
 * so that each has its own createMHA() singleton, forced with
 * createMHA({ kernels }). Notes say which could not load here.
 * @param {(tag: string) => Promise<any>} importMha
 * @returns {Promise<{ loaded: { variant: string | null, mha: any }[], notes: string[] }>}
 */
export async function loadOursVariants(importMha) {
  const notes = [];
  const loaded = [];
  for (const wanted of VARIANTS) {
    try {
      const mod = await importMha(wanted);
      const mha = await mod.createMHA({ kernels: wanted });
      loaded.push({ variant: variantOf(mha) ?? wanted, mha });
    } catch (error) {
      const why = /** @type {Error} */ (error).message ?? String(error);
      notes.push(
        `ours ${wanted}: not loaded here (${why})` +
          (/relaxed/.test(wanted) && !relaxedSimdValid()
            ? "; this engine does not validate relaxed SIMD"
            : ""),
      );
    }
  }
  return { loaded, notes };
}

/**
 * The "% of peak" mix of a variant: relaxed builds against the fused
 * multiply-add probe, the rest against the mul+add one.
 * @param {string | null} variant
 */
export const mixOf = (variant) =>
  variant && /relaxed/i.test(variant) ? "fused" : "mul+add";

/**
 * The makers of ours, lean and full, for each loaded variant.
 * @param {{ variant: string | null, mha: any }[]} loaded
 * @returns {import("./layer-measure.mjs").Maker[]}
 */
export function oursMakers(loaded) {
  const kinds = {
    lean: { label: "lean (output only)", impl: leanImpl },
    full: { label: "full (every intermediate)", impl: fullImpl },
    reuse: {
      label: "full, reused (weights set once, into the last result)",
      impl: reuseImpl,
    },
  };
  const makers = [];
  for (const [kind, { label, impl }] of Object.entries(kinds)) {
    for (const { variant, mha } of loaded) {
      const tag = variant ? ` ${variant}` : "";
      makers.push({
        name: `ours-${kind}${tag ? "-" + variant : ""}`,
        label: `ours${tag}, ${label}`,
        mix: mixOf(variant),
        make: impl(mha),
      });
    }
  }
  return makers;
}

/**
 * mha.forward({ x, n }, { only: ["output"] }) on weights given once to
 * mha.setWeights(): x in, output out, through the JS API.
 * @param {any} mha
 */
const leanImpl = (mha) => async (/** @type {any} */ args) => {
  mha.setWeights(args);
  const call = { x: args.x, n: args.n };
  const options = { only: ["output"] };
  return {
    run: () => mha.forward(call, options).output,
    close: () => mha.clearWeights(),
  };
};

/** mha.forward(args): weights copied in, every intermediate out. @param {any} mha */
const fullImpl = (mha) => async (/** @type {any} */ args) => ({
  run: () => mha.forward(args).output,
});

/**
 * Every intermediate, as a caller on a slider's pace would ask for it:
 * weights given once to mha.setWeights(), and each call's results written
 * into the arrays of the call before (forward's `into`).
 * @param {any} mha
 */
const reuseImpl = (mha) => async (/** @type {any} */ args) => {
  mha.setWeights(args);
  const call = { x: args.x, n: args.n };
  let last = mha.forward(call);
  return {
    run: () => (last = mha.forward(call, { into: last })).output,
    close: () => mha.clearWeights(),
  };
};

/**
 * onnxruntime-web's wasm backend on the ONNX graph of bench/onnx-graph.mjs
 * (weights as initializers). `ort` is a module whose env.wasm.numThreads
 * the caller has set before its first session.
 * @param {any} ort
 * @param {{ name: string, label: string, mix?: string | null }} o mix:
 *   "mul+add" (the default) for one thread, null for more (no share)
 * @returns {import("./layer-measure.mjs").Maker}
 */
export function ortMaker(ort, { name, label, mix = "mul+add" }) {
  return {
    name,
    label,
    mix,
    async make(args) {
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
  };
}

/**
 * A peak probe (cpp/bench/simd_peak.cpp, or its relaxed build) as one more
 * "implementation", timed in the same rounds as the others, so that its
 * ceiling is measured under the same load as the size it is compared with.
 * @param {(o: object) => Promise<any>} create the probe module's factory
 * @param {Uint8Array} wasmBinary
 * @param {"mul+add" | "fused"} mix
 * @returns {Promise<import("./layer-measure.mjs").Probe>}
 */
export async function peakProbe(create, wasmBinary, mix) {
  const probe = await create({ wasmBinary });
  const fused = mix === "fused";
  const chains = fused
    ? probe._simd_peak_fused_chains
    : probe._simd_peak_chains;
  const perIteration = fused
    ? probe._simd_peak_fused_flops_per_iteration()
    : probe._simd_peak_flops_per_iteration();
  const iterations = 200_000;
  for (let i = 0; i < 2000; i++) chains(1000); // tier up
  return {
    name: fused ? "peak-fused" : "peak",
    label: fused
      ? "relaxed-SIMD peak probe (f32x4 fused madd)"
      : "SIMD128 peak probe (f32x4 mul+add)",
    mix,
    flopsPerCall: perIteration * iterations,
    run: () => chains(iterations),
  };
}

/**
 * The thread counts of the multi-core rows: 1, 2 and the machine's, once
 * each, ascending.
 * @param {number} hardwareConcurrency
 */
export const threadCounts = (hardwareConcurrency) =>
  [...new Set([1, 2, hardwareConcurrency || 1])].sort((a, b) => a - b);

/**
 * The head pool's rows (web/lib/head-pool.js): a layer's heads split over
 * `k` Workers, each with its own wasm module, for each k of `counts`; x in,
 * the summed partials out. `createHeadPool` is the pool module's export,
 * imported by the caller (Node or the page). No "% of peak" (mix null): more
 * than one core.
 * @param {(o: { workers: number }) => Promise<any>} createHeadPool
 * @param {number[]} counts
 * @returns {import("./layer-measure.mjs").Maker[]}
 */
export function poolMakers(createHeadPool, counts) {
  return counts.map((k) => ({
    name: `ours-pool-${k}`,
    label: `ours, lean, ${k} worker${k > 1 ? "s" : ""} (head pool)`,
    mix: null,
    async make(/** @type {any} */ args) {
      const pool = await createHeadPool({ workers: k });
      try {
        await pool.setWeights(args);
      } catch (error) {
        pool.close();
        throw error;
      }
      const call = { x: args.x, n: args.n, causal: args.causal };
      return {
        run: async () => (await pool.forward(call)).output,
        close: () => pool.close(),
      };
    },
  }));
}
