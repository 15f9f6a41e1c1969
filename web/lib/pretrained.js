// Pretrained checkpoints of the reader's own: a Hugging Face GPT-2 or
// GPT-Neo config.json and model.safetensors, loaded into the wasm core
// (cpp/include/mha/model/pretrained.h) and run like any Model:
//
//   const model = await mha.loadCheckpoint({ config, weights: file });
//   const r = model.forward(ids, { logits: "last" });
//
// The weights are streamed: the file is read in chunks (Blob.slice, or
// views of a buffer already in memory) into one reused heap block, and the
// core writes each element straight to its place in the model. Nothing of
// the file is uploaded anywhere.
import { MHAError, throwIfFailed } from "./errors.js";
import { integerArg, jsonText, realBytes } from "./arrays.js";
import { openModel, options } from "./model.js";

/** Bytes read and fed per step, unless `chunkBytes` says otherwise. */
export const DEFAULT_CHUNK_BYTES = 8 << 20;

/**
 * @typedef {{ size: number, read: (start: number, end: number) => Promise<Uint8Array> }} ByteSource
 */

/**
 * The weights as something that reads byte ranges: a Blob/File (sliced),
 * or an ArrayBuffer / typed array (viewed, never copied whole).
 * @returns {ByteSource}
 */
function byteSource(weights) {
  if (
    typeof Blob !== "undefined" &&
    weights instanceof Blob &&
    typeof weights.slice === "function"
  ) {
    return {
      size: weights.size,
      read: async (start, end) =>
        new Uint8Array(await weights.slice(start, end).arrayBuffer()),
    };
  }
  const bytes = realBytes("weights", weights);
  if (bytes === null) {
    throw new MHAError(
      "BAD_TYPE",
      "weights must be the model.safetensors file: a Blob, a File, an ArrayBuffer or a Uint8Array",
    );
  }
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(start, end),
  };
}

/** config.json as text: given as text, or as the parsed object. */
function configText(config) {
  if (typeof config === "string") return config;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new MHAError(
      "BAD_TYPE",
      "config must be config.json's text or its parsed object",
    );
  }
  return jsonText("config", config);
}

function checkAbort(signal, cancel) {
  if (signal && signal.aborted) {
    cancel();
    throw new MHAError("ABORTED", "loadCheckpoint() was cancelled");
  }
}

/**
 * mha.loadCheckpoint(): reads config.json and streams model.safetensors
 * into the core. See mha.d.ts for the options and the progress events.
 */
export async function loadCheckpoint(core, args) {
  if (typeof args !== "object" || args === null) {
    throw new MHAError(
      "BAD_TYPE",
      "loadCheckpoint() takes { config, weights, onProgress?, chunkBytes?, signal? }",
    );
  }
  const o = options(args, "loadCheckpoint()", [
    "config",
    "weights",
    "onProgress",
    "chunkBytes",
    "signal",
  ]);
  if (o.config === undefined) {
    throw new MHAError("MISSING_ARRAY", "loadCheckpoint() needs config");
  }
  if (o.weights === undefined) {
    throw new MHAError("MISSING_ARRAY", "loadCheckpoint() needs weights");
  }
  const text = configText(o.config);
  const source = byteSource(o.weights);
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new MHAError("BAD_TYPE", "onProgress must be a function");
  }
  const chunk =
    o.chunkBytes === undefined
      ? DEFAULT_CHUNK_BYTES
      : integerArg("chunkBytes", o.chunkBytes, 1 << 10, 1 << 28);
  const signal = o.signal;
  if (
    signal !== undefined &&
    (typeof signal !== "object" ||
      signal === null ||
      typeof signal.aborted !== "boolean")
  ) {
    throw new MHAError("BAD_TYPE", "signal must be an AbortSignal");
  }

  // 1. The header's length, from the first 8 bytes (zeros past the end of
  //    a shorter file; the core then names the problem).
  const prefix = new Uint8Array(8);
  prefix.set(await source.read(0, Math.min(8, source.size)));
  const length = core.withHeap([prefix], ([p]) =>
    core.call("_safetensorsHeaderLength", p, source.size),
  );
  throwIfFailed(length);
  // 2. The header and the config, checked (with the memory needed) before
  //    anything is allocated.
  const header = await source.read(8, 8 + length.headerBytes);
  const opened = core.withHeap([header], ([h]) =>
    core.call("_pretrainedOpen", text, h, header.length, source.size),
  );
  throwIfFailed(opened);
  const loader = opened.handle;
  let open = true;
  const cancel = () => {
    if (open) core.call("_pretrainedCancel", loader);
    open = false;
  };
  const progress = (fed) => {
    if (onProgress) {
      onProgress({
        loadedBytes: opened.dataStart + fed.bytesFed,
        totalBytes: source.size,
        tensors: fed.tensorsDone,
        totalTensors: opened.tensors,
      });
    }
  };
  let staging = 0;
  try {
    const allocated = core.call("_pretrainedAllocate", loader);
    throwIfFailed(allocated);
    progress(allocated);
    // 3. The data, one chunk at a time through one reused heap block.
    staging = core.malloc(Math.min(chunk, Math.max(opened.dataBytes, 1)));
    for (let at = opened.dataStart; at < source.size; at += chunk) {
      checkAbort(signal, cancel);
      const bytes = await source.read(at, Math.min(at + chunk, source.size));
      checkAbort(signal, cancel);
      core.setBytes(staging, bytes);
      const fed = core.call("_pretrainedFeed", loader, staging, bytes.length);
      throwIfFailed(fed);
      progress(fed);
    }
  } catch (e) {
    cancel();
    throw e;
  } finally {
    if (staging) core.free(staging);
  }
  // 4. The model, under a model handle (the loader closes either way).
  open = false;
  const meta = JSON.stringify({
    source: "safetensors",
    family: opened.family,
    activationFunction: opened.activation,
    skippedTensors: opened.skipped,
  });
  const out = core.call("_pretrainedFinish", loader, meta);
  throwIfFailed(out);
  return openModel(core, out);
}
