// The GPT-2-small-shaped checkpoint that the streaming tests load, in Node
// (tests/js/pretrained-streaming.test.mjs) and in a Chromium Worker
// (tests/browser/pretrained-worker.test.mjs): 12 layers, 12 heads, d_model
// 768, vocab 50257, context 1024 (124 M parameters, ~500 MB of F32),
// seeded, written to a folder, with the double-precision reference's
// last-position logits on 16 tokens, and the heap bounds both tests assert.
//
// JS memory: the seeded tensors (~500 MB) and the safetensors bytes (~500 MB)
// exist together once, while the file is written; the bytes are dropped at
// once and the tensors after the reference forward.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  gpt2Config,
  seededTensors,
  writeSafetensors,
} from "./checkpoint-writer.mjs";
import { referenceForward } from "./reference.mjs";

export const GPT2_SMALL_CONFIG = gpt2Config({
  layers: 12,
  heads: 12,
  dModel: 768,
  vocab: 50257,
  context: 1024,
});
const SEED = 7;
/** 16 fixed token ids spread over the vocabulary. */
export const IDS = Array.from(
  { length: 16 },
  (_, i) => (i * 7919 + 13) % 50257,
);

// Emscripten's _emscripten_resize_heap (web/lib/wasm/mha_core.mjs) grows the
// memory to max(requested, min(old · 1.2, requested + 100663296)), rounded up
// to 64 KiB: at most 96 MiB + 64 KiB beyond what was asked for.
export const GROWTH_STEP_BYTES = 100663296 + 65536;
// The loader's other allocations: the safetensors header (~13 KB of JSON)
// while it is parsed, the loader's plan, the Matrix headers and malloc's
// per-block overhead. 1 MiB is generous.
export const BOOKKEEPING_BYTES = 1 << 20;

export const MB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Writes model.safetensors (and config.json) into `dir`, then runs the
 * reference on IDS. Returns the file's path and size, the parameter count
 * and the reference's last-position logits (Float64Array, vocab entries).
 */
export async function writeGpt2Small(dir) {
  let t0 = performance.now();
  /** @type {ReturnType<typeof seededTensors> | null} */
  let tensors = seededTensors(GPT2_SMALL_CONFIG, { seed: SEED, std: 0.02 });
  const parameters = tensors.reduce((sum, t) => sum + t.data.length, 0);
  /** @type {Uint8Array | null} */
  let bytes = writeSafetensors(tensors);
  const fileBytes = bytes.length;
  const file = join(dir, "model.safetensors");
  await writeFile(file, bytes);
  await writeFile(
    join(dir, "config.json"),
    JSON.stringify(GPT2_SMALL_CONFIG, null, 2),
  );
  bytes = null;
  console.log(
    `checkpoint: ${(parameters / 1e6).toFixed(1)} M parameters, ` +
      `${fileBytes} bytes written to ${file} in ` +
      `${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
  t0 = performance.now();
  const map = new Map(tensors.map((t) => [t.name, t]));
  const { logits, vocab } = referenceForward(GPT2_SMALL_CONFIG, map, IDS);
  const referenceLast = logits.slice((IDS.length - 1) * vocab);
  map.clear();
  tensors = null;
  console.log(
    `reference forward (double precision, ${IDS.length} tokens): ` +
      `${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
  return { file, fileBytes, parameters, referenceLast };
}
