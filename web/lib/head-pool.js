// A layer's heads on several cores: `workers` module Workers, each with its
// own wasm module holding one slice of the heads (head-worker.js). A
// forward sends x to every Worker, each returns its slice's partial output
// (n × dModel), and their sum is the layer's output. No SharedArrayBuffer:
// the weights go to each Worker once, x and the partials are copied.
//
//   const pool = await createHeadPool({ workers: 2 });
//   await pool.setWeights(weights);             // { dModel, heads, wq, ... }
//   const { output } = await pool.forward({ x, n, dModel, heads });
//   pool.close();
import { MHAError } from "./errors.js";
import { floatArray, integerArg, keepArray, ownFields } from "./arrays.js";
import { startHeadWorker } from "./start-head-worker.js";

const WEIGHT_NAMES = ["wq", "wk", "wv", "wo", "bq", "bk", "bv", "bo"];

const inNode =
  typeof process === "object" &&
  typeof process.versions?.node === "string" &&
  typeof window === "undefined" &&
  typeof self === "undefined";

/** The cores this host reports (navigator.hardwareConcurrency in a browser,
 * os.availableParallelism() in Node), at least 1. */
export async function availableCores() {
  if (inNode) {
    const os = await import("node:os");
    const n =
      typeof os.availableParallelism === "function"
        ? os.availableParallelism()
        : os.cpus().length;
    return Math.max(1, n);
  }
  const n = globalThis.navigator?.hardwareConcurrency;
  return Math.max(1, typeof n === "number" ? n : 1);
}

/**
 * One Worker and its pending requests, answered in order by id.
 */
class Channel {
  #worker;
  #next = 1;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: any) => void }>} */
  #pending = new Map();
  #post;

  /**
   * Node: keeps the process alive while a request is pending, not when idle.
   * @type {(busy: boolean) => void}
   */
  #hold;

  /** @param {(busy: boolean) => void} [hold] */
  constructor(worker, onMessage, post, hold = () => {}) {
    this.#worker = worker;
    this.#post = post;
    this.#hold = hold;
    onMessage(
      (data) => {
        const p = this.#pending.get(data.id);
        if (!p) return;
        this.#pending.delete(data.id);
        if (this.#pending.size === 0) this.#hold(false);
        if (data.error) {
          p.reject(new MHAError(data.error.code, data.error.message));
        } else {
          p.resolve(data.result);
        }
      },
      (error) => this.fail(error),
    );
  }

  /** Rejects every pending request (the Worker died or was closed). */
  fail(error) {
    const e =
      error instanceof MHAError
        ? error
        : new MHAError(
            "INTERNAL",
            `head worker failed: ${error?.message ?? error}`,
          );
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
    this.#hold(false);
  }

  /** @returns {Promise<any>} */
  request(message, transfer = []) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#hold(true);
      this.#pending.set(id, { resolve, reject });
      this.#post({ ...message, id }, transfer);
    });
  }

  terminate() {
    this.fail(new MHAError("DISPOSED", "the head pool was closed"));
    this.#worker.terminate();
  }
}

/** A Worker running head-worker.js, browser or Node. */
async function startWorker() {
  if (inNode) {
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(new URL("./head-worker.js", import.meta.url));
    // An idle pool does not keep Node's event loop alive (Channel refs the
    // Worker while a request is pending).
    worker.unref();
    return new Channel(
      worker,
      (onData, onError) => {
        worker.on("message", onData);
        worker.on("error", onError);
      },
      (message, transfer) => worker.postMessage(message, transfer),
      (busy) => (busy ? worker.ref() : worker.unref()),
    );
  }
  const worker = startHeadWorker();
  return new Channel(
    worker,
    (onData, onError) => {
      worker.onmessage = (event) => onData(event.data);
      worker.onerror = (event) => onError(new Error(event.message));
    },
    (message, transfer) => worker.postMessage(message, transfer),
  );
}

/**
 * How many heads each of `slices` slices holds: as even as possible, the
 * first ones one more.
 * @returns {{ firstHead: number, headCount: number }[]}
 */
export function partitionHeads(heads, slices) {
  const out = [];
  let first = 0;
  for (let i = 0; i < slices; i++) {
    const count = Math.floor(heads / slices) + (i < heads % slices ? 1 : 0);
    out.push({ firstHead: first, headCount: count });
    first += count;
  }
  return out;
}

class HeadPool {
  /** @type {Channel[]} */
  #channels;
  /** { dModel, heads, slices } of the weights set, or null. */
  #layer = null;
  #closed = false;

  constructor(channels, kernels) {
    this.#channels = channels;
    /** How many Workers the pool runs. */
    this.workers = channels.length;
    /** The kernels every Worker's module runs ("simd128" | "relaxed-simd"). */
    this.kernels = kernels;
  }

  #checkOpen() {
    if (this.#closed) {
      throw new MHAError("DISPOSED", "the head pool was closed");
    }
  }

  /**
   * Gives each Worker its slice of the layer's heads, once. The weights are
   * checked here (types and lengths) and in each Worker's core (sizes,
   * finiteness); a failure leaves the pool without weights.
   */
  async setWeights(input) {
    this.#checkOpen();
    if (typeof input !== "object" || input === null) {
      throw new MHAError("BAD_TYPE", "setWeights() takes a weights object");
    }
    const w = ownFields("setWeights()'s argument", input);
    const dModel = integerArg("dModel", w.dModel);
    const heads = integerArg("heads", w.heads);
    this.#layer = null;
    if (dModel < 1 || heads < 1) {
      throw new MHAError(
        "ZERO_SIZE",
        `dModel and heads must be at least 1 (got ${dModel} and ${heads})`,
      );
    }
    const square = `dModel × dModel = ${dModel} × ${dModel}`;
    const bias = `dModel = ${dModel}`;
    const arrays = WEIGHT_NAMES.map((name, i) =>
      floatArray(
        name,
        w[name],
        i < 4 ? dModel * dModel : dModel,
        i < 4 ? square : bias,
        i < 4,
      ),
    );
    const slices = partitionHeads(
      heads,
      Math.min(this.#channels.length, heads),
    );
    await Promise.all(
      slices.map(({ firstHead, headCount }, i) => {
        const weights = { dModel, heads };
        const transfer = [];
        WEIGHT_NAMES.forEach((name, j) => {
          if (!arrays[j]) return;
          const copy = new Float32Array(arrays[j]);
          weights[name] = copy;
          transfer.push(copy.buffer);
        });
        return this.#channels[i].request(
          { type: "slice", weights, firstHead, headCount },
          transfer,
        );
      }),
    );
    this.#layer = Object.freeze({ dModel, heads, slices: slices.length });
  }

  /**
   * The layer's output on the weights of setWeights(): every slice's
   * partial, summed. dModel and heads, when given, must agree with them.
   * @returns {Promise<{ output: Float32Array }>}
   */
  async forward(input) {
    this.#checkOpen();
    if (typeof input !== "object" || input === null) {
      throw new MHAError(
        "BAD_TYPE",
        "forward() takes one object: { x, n, dModel, heads, causal, keep }",
      );
    }
    const args = ownFields("forward()'s argument", input);
    if (this.#layer === null) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        "no weights: call the pool's setWeights() first",
      );
    }
    const { dModel, heads, slices } = this.#layer;
    for (const [name, size] of [
      ["dModel", dModel],
      ["heads", heads],
    ]) {
      if (args[name] === undefined || args[name] === null) continue;
      if (integerArg(name, args[name]) !== size) {
        throw new MHAError(
          "SHAPE_MISMATCH",
          `${name} is ${args[name]}, but the pool's weights have ${name} ${size}`,
        );
      }
    }
    const n = integerArg("n", args.n);
    if (n < 1) {
      throw new MHAError("ZERO_SIZE", `n must be at least 1 (got ${n})`);
    }
    if (args.causal !== undefined && typeof args.causal !== "boolean") {
      throw new MHAError("BAD_TYPE", "causal must be true or false");
    }
    const x = floatArray(
      "x",
      args.x,
      n * dModel,
      `n × dModel = ${n} × ${dModel}`,
    );
    const keep = keepArray(args.keep, n);
    const causal = args.causal === true;
    const partials = await Promise.all(
      this.#channels.slice(0, slices).map((channel) => {
        const xCopy = new Float32Array(x);
        const keepCopy = keep ? new Uint8Array(keep) : undefined;
        const transfer = [xCopy.buffer];
        if (keepCopy) transfer.push(keepCopy.buffer);
        return channel.request(
          { type: "forward", x: xCopy, n, causal, keep: keepCopy },
          transfer,
        );
      }),
    );
    const output = partials[0].output;
    for (let s = 1; s < partials.length; s++) {
      const p = partials[s].output;
      for (let i = 0; i < output.length; i++) output[i] += p[i];
    }
    return { output };
  }

  /** Stops every Worker; later calls throw DISPOSED. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#layer = null;
    for (const c of this.#channels) c.terminate();
  }
}

/**
 * Starts `workers` Workers (default: availableCores()), each loading its own
 * wasm module. Options: workers, kernels ("simd128" | "relaxed-simd", as
 * createMHA), wasmUrl (a string or URL of mha_core.wasm).
 */
export async function createHeadPool(options = {}) {
  if (typeof options !== "object" || options === null) {
    throw new MHAError("BAD_TYPE", "createHeadPool() takes an options object");
  }
  const o = ownFields("createHeadPool()'s options", options);
  for (const key of Object.keys(o)) {
    if (!["workers", "kernels", "wasmUrl"].includes(key)) {
      throw new MHAError(
        "BAD_TYPE",
        `unknown createHeadPool() option "${key}" (workers, kernels, wasmUrl)`,
      );
    }
  }
  const workers =
    o.workers === undefined
      ? await availableCores()
      : integerArg("workers", o.workers, 1, 256);
  /** @type {Record<string, unknown>} */
  const moduleOptions = {};
  if (o.kernels !== undefined) moduleOptions.kernels = o.kernels;
  if (o.wasmUrl !== undefined) moduleOptions.wasmUrl = String(o.wasmUrl);
  const channels = await Promise.all(
    Array.from({ length: workers }, () => startWorker()),
  );
  try {
    const ready = await Promise.all(
      channels.map((c) => c.request({ type: "init", options: moduleOptions })),
    );
    return new HeadPool(channels, ready[0].kernels);
  } catch (error) {
    for (const c of channels) c.terminate();
    throw error;
  }
}
