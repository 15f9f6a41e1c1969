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
import { modelConfig, openModel, options } from "./model.js";

/** Bytes read and fed per step, unless `chunkBytes` says otherwise. */
export const DEFAULT_CHUNK_BYTES = 8 << 20;

/**
 * @typedef {{ size: number, read: (start: number, end: number) => Promise<Uint8Array>,
 *   close?: () => void }} ByteSource
 *   read() returns a view that is valid until the next read()
 */

/**
 * The weights as something that reads byte ranges: a Blob/File (sliced),
 * an ArrayBuffer / typed array (viewed, never copied whole), or a fetch()
 * Response (its body read in order, one chunk at a time).
 * @returns {Promise<ByteSource>}
 */
async function byteSource(weights) {
  if (
    typeof Blob !== "undefined" &&
    weights instanceof Blob &&
    typeof weights.slice === "function"
  ) {
    return blobSource(weights);
  }
  if (typeof Response !== "undefined" && weights instanceof Response) {
    return responseSource(weights);
  }
  const bytes = realBytes("weights", weights);
  if (bytes === null) {
    throw new MHAError(
      "BAD_TYPE",
      "weights must be the model.safetensors file: a Blob, a File, a fetch() Response, an ArrayBuffer or a Uint8Array",
    );
  }
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(start, end),
  };
}

function blobSource(blob) {
  return {
    size: blob.size,
    read: async (start, end) =>
      new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/**
 * A fetch() Response as a ByteSource that reads forward only (the loader
 * reads the prefix, the header, then the data in order). Its size is the
 * Content-Length; a response without one, or compressed (Content-Length is
 * then the compressed size), is kept by the browser as a Blob first.
 * @param {Response} response
 */
async function responseSource(response) {
  if (!response.ok) {
    throw new MHAError(
      "BAD_TYPE",
      `weights: the server answered HTTP ${response.status} for model.safetensors`,
    );
  }
  if (response.bodyUsed || response.body === null) {
    throw new MHAError(
      "BAD_TYPE",
      "weights: this Response's body was already read",
    );
  }
  const length = response.headers.get("content-length");
  const encoding = response.headers.get("content-encoding");
  const size = length === null ? NaN : Number(length);
  if (!Number.isSafeInteger(size) || (encoding && encoding !== "identity")) {
    return blobSource(await response.blob());
  }
  const reader = response.body.getReader();
  let position = 0;
  /** @type {Uint8Array} the part of the last piece not yet handed out */
  let pending = new Uint8Array(0);
  /** @type {Uint8Array} reused for every read */
  let buffer = new Uint8Array(0);
  return {
    size,
    async read(start, end) {
      if (start !== position) {
        throw new MHAError(
          "INTERNAL",
          `a Response is read in order: asked for byte ${start} at ${position}`,
        );
      }
      const want = Math.max(0, end - start);
      if (buffer.length < want) buffer = new Uint8Array(want);
      let filled = 0;
      while (filled < want) {
        if (pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) break;
          pending = value;
        }
        const take = Math.min(pending.length, want - filled);
        buffer.set(pending.subarray(0, take), filled);
        pending = pending.subarray(take);
        filled += take;
      }
      position += filled;
      return buffer.subarray(0, filled);
    },
    close() {
      reader.cancel().catch(() => {});
    },
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

/** The options of PendingCheckpoint.load(), checked. */
function loadOptions(o, what) {
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
  return { onProgress, chunk, signal, what };
}

/**
 * mha.openCheckpoint(): reads config.json and the safetensors header, and
 * checks them against each other and against the memory left, before
 * anything is allocated. See mha.d.ts.
 */
export async function openCheckpoint(core, args) {
  if (typeof args !== "object" || args === null) {
    throw new MHAError(
      "BAD_TYPE",
      "openCheckpoint() takes { config, weights }",
    );
  }
  const o = options(args, "openCheckpoint()", ["config", "weights"]);
  return open(core, o, "openCheckpoint()");
}

async function open(core, o, what) {
  if (o.config === undefined) {
    throw new MHAError("MISSING_ARRAY", `${what} needs config`);
  }
  if (o.weights === undefined) {
    throw new MHAError("MISSING_ARRAY", `${what} needs weights`);
  }
  const text = configText(o.config);
  const source = await byteSource(o.weights);
  try {
    // 1. The header's length, from the first 8 bytes (zeros past the end
    //    of a shorter file; the core then names the problem).
    const prefix = new Uint8Array(8);
    prefix.set(await source.read(0, Math.min(8, source.size)));
    const length = core.withHeap([prefix], ([p]) =>
      core.call("_safetensorsHeaderLength", p, source.size),
    );
    throwIfFailed(length);
    // 2. The header and the config, checked (with the memory needed)
    //    before anything is allocated.
    const header = await source.read(8, 8 + length.headerBytes);
    const opened = core.withHeap([header], ([h]) =>
      core.call("_pretrainedOpen", text, h, header.length, source.size),
    );
    throwIfFailed(opened);
    return new PendingCheckpoint(core, opened, source);
  } catch (e) {
    source.close?.();
    throw e;
  }
}

/**
 * A checkpoint whose config and header were read and checked: what it is
 * (summary), and load() to stream its weights into the core, or cancel().
 */
export class PendingCheckpoint {
  #core;
  #opened;
  #source;
  /** "open", "loading" or "closed" */
  #state = "open";

  constructor(core, opened, source) {
    this.#core = core;
    this.#opened = opened;
    this.#source = source;
    /** What the files hold and what loading them will take. */
    this.summary = Object.freeze({
      family: opened.family,
      activationFunction: opened.activation,
      config: modelConfig(opened.config),
      parameterCount: opened.parameters,
      modelBytes: opened.modelBytes,
      memoryBytes: opened.memoryBytes,
      fileBytes: source.size,
      dataBytes: opened.dataBytes,
      tensors: opened.tensors,
      dtypes: Object.freeze([...opened.dtypes]),
      skippedTensors: Object.freeze([...opened.skipped]),
    });
  }

  /** False once load() finished or failed, or cancel() was called. */
  get open() {
    return this.#state === "open";
  }

  /** Drops the checked header and closes the file or stream. */
  cancel() {
    if (this.#state !== "open") return;
    this.#state = "closed";
    this.#core.call("_pretrainedCancel", this.#opened.handle);
    this.#source.close?.();
  }

  /**
   * Streams the weights into the core: `{ onProgress?, chunkBytes?,
   * signal? }` as for loadCheckpoint. Once only.
   * @returns {Promise<import("./model.js").Model>}
   */
  async load(args = {}) {
    if (typeof args !== "object" || args === null) {
      throw new MHAError(
        "BAD_TYPE",
        "load() takes { onProgress?, chunkBytes?, signal? }",
      );
    }
    const o = loadOptions(
      options(args, "load()", ["onProgress", "chunkBytes", "signal"]),
      "load()",
    );
    if (this.#state !== "open") {
      throw new MHAError(
        "OUT_OF_RANGE",
        "this checkpoint was already loaded or cancelled: open it again",
      );
    }
    this.#state = "loading";
    try {
      return await this.#stream(o);
    } finally {
      this.#state = "closed";
      this.#source.close?.();
    }
  }

  async #stream({ onProgress, chunk, signal, what }) {
    const core = this.#core;
    const opened = this.#opened;
    const source = this.#source;
    const loader = opened.handle;
    let open = true;
    const cancel = () => {
      if (open) core.call("_pretrainedCancel", loader);
      open = false;
    };
    const checkAbort = () => {
      if (signal && signal.aborted) {
        cancel();
        throw new MHAError("ABORTED", `${what} was cancelled`);
      }
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
      checkAbort();
      const allocated = core.call("_pretrainedAllocate", loader);
      throwIfFailed(allocated);
      progress(allocated);
      // 3. The data, one chunk at a time through one reused heap block.
      staging = core.malloc(Math.min(chunk, Math.max(opened.dataBytes, 1)));
      for (let at = opened.dataStart; at < source.size; at += chunk) {
        checkAbort();
        const bytes = await source.read(at, Math.min(at + chunk, source.size));
        checkAbort();
        core.setBytes(staging, bytes);
        const fed = core.call("_pretrainedFeed", loader, staging, bytes.length);
        throwIfFailed(fed);
        progress(fed);
        if (bytes.length < Math.min(chunk, source.size - at)) break; // short
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
}

/**
 * mha.loadCheckpoint(): openCheckpoint() then load(), in one call. See
 * mha.d.ts for the options and the progress events.
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
  const load = loadOptions(o, "loadCheckpoint()");
  if (load.signal?.aborted) {
    throw new MHAError("ABORTED", "loadCheckpoint() was cancelled");
  }
  const pending = await open(core, o, "loadCheckpoint()");
  const { onProgress, chunkBytes, signal } = o;
  return pending.load({ onProgress, chunkBytes, signal }).catch((e) => {
    if (e instanceof MHAError && e.code === "ABORTED") {
      throw new MHAError("ABORTED", "loadCheckpoint() was cancelled");
    }
    throw e;
  });
}
