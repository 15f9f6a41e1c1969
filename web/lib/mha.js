// mha-explainer: multi-head attention computed by a C++ core compiled to
// WebAssembly. This file is the only door into the wasm module: the page,
// the custom element and every test go through it.
//
//   import { createMHA } from "mha-explainer";
//   const mha = await createMHA();
//   const r = mha.forward({ x, n, dModel, heads, wq, wk, wv, wo });
//   r.weights[h * n * n + i * n + j]  // head h, query i, key j
//
// Every array handed back is a copy, safe to keep after later calls grow the
// wasm memory. See web/lib/mha.d.ts and docs/API.md for the full reference.
import createMhaCore from "./wasm/mha_core.mjs";
import { relaxedSimdSupported } from "./relaxed-simd.js";
import { MHAError, throwIfFailed } from "./errors.js";
import {
  describe,
  floatArray,
  intArray,
  integerArg,
  keepArray,
  ownFields,
  realLength,
  realView,
  shown,
  typedArrayKind,
} from "./arrays.js";
import {
  createTrainer,
  trainerDefaults,
  decodeTokens,
  encodeText,
  loadModel,
  probeSequences,
  repeatedHalfWeights,
} from "./model.js";
import { loadCheckpoint, openCheckpoint } from "./pretrained.js";
import { FORWARD_ARRAYS, forwardLength } from "./layout.js";
import { FORWARD_RESULT_PROTOTYPE } from "./forward-result.js";

export { MHAError, ERROR_CODES } from "./errors.js";
export {
  Model,
  Trainer,
  BROWSER_TRAINER_DEFAULTS,
  TRAINER_DEFAULTS,
  PROBE_DEFAULTS,
} from "./model.js";
export { DEFAULT_CHUNK_BYTES } from "./pretrained.js";
// Pure-JS helpers, also importable as "mha-explainer/random.js" etc.
export { tokenize } from "./tokenize.js";
export {
  hashString,
  seededRandom,
  seededUniform,
  seededWeights,
} from "./random.js";

/** The package version; follows semantic versioning. */
export const VERSION = "0.1.0";

let instance = null;

const isNode =
  typeof process === "object" &&
  typeof process.versions?.node === "string" &&
  typeof window === "undefined" &&
  typeof importScripts === "undefined";

/** The two builds of the core: their kernels' name and their files. */
const KERNELS = Object.freeze({
  simd128: "mha_core",
  "relaxed-simd": "mha_core_relaxed",
});

/**
 * Which build to load: options.kernels when given (checked), else the
 * relaxed-SIMD one when this engine validates relaxed SIMD and the caller
 * did not hand over one binary (wasmBinary or wasmUrl name mha_core.wasm
 * unless options.kernels says otherwise).
 * @returns {"simd128" | "relaxed-simd"}
 */
function chooseKernels(options) {
  const asked = options.kernels;
  if (asked !== undefined) {
    if (typeof asked !== "string" || !Object.hasOwn(KERNELS, asked)) {
      throw new MHAError(
        "BAD_TYPE",
        `createMHA()'s kernels must be "relaxed-simd" or "simd128", not ${shown(asked)}`,
      );
    }
    if (asked === "relaxed-simd" && !relaxedSimdSupported()) {
      throw new MHAError(
        "UNSUPPORTED",
        'kernels: "relaxed-simd" was asked for, but this WebAssembly engine does not validate relaxed SIMD (f32x4.relaxed_madd); in Node run with --experimental-wasm-relaxed-simd, or leave kernels out',
      );
    }
    return /** @type {"simd128" | "relaxed-simd"} */ (asked);
  }
  if (options.wasmBinary || options.wasmUrl) return "simd128";
  return relaxedSimdSupported() ? "relaxed-simd" : "simd128";
}

/** The Emscripten factory of a build: mha_core's is imported statically. */
async function coreFactory(kernels) {
  if (kernels === "simd128") return createMhaCore;
  const glue = await import("./wasm/mha_core_relaxed.mjs");
  if (typeof glue.default !== "function") {
    // The offline bundle (scripts/build-dist.mjs) carries mha_core only.
    throw new MHAError(
      "UNSUPPORTED",
      "this build of mha-explainer does not include the relaxed-SIMD module",
    );
  }
  return glue.default;
}

async function loadCore(options, kernels) {
  const file = KERNELS[kernels];
  /** @type {Record<string, unknown>} */
  const moduleOptions = {};
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else if (options.wasmUrl || options.locateFile) {
    moduleOptions.locateFile = (file, prefix) =>
      options.wasmUrl && file.endsWith(".wasm")
        ? String(options.wasmUrl)
        : options.locateFile
          ? options.locateFile(file, prefix)
          : prefix + file;
  } else if (isNode) {
    // Node's fetch cannot read file:// URLs, so hand the module its bytes.
    const { readFile } = await import("node:fs/promises");
    moduleOptions.wasmBinary = await readFile(
      new URL(`./wasm/${file}.wasm`, import.meta.url),
    );
  }
  const create = await coreFactory(kernels);
  return create(moduleOptions);
}

/**
 * The core of the chosen build. Left to choose, a relaxed-SIMD module that
 * fails to load (a host that serves mha_core only) gives way to mha_core.
 */
async function loadChosenCore(options) {
  const kernels = chooseKernels(options);
  try {
    return await loadCore(options, kernels);
  } catch (error) {
    if (kernels === "simd128" || options.kernels !== undefined) throw error;
    return loadCore(options, "simd128");
  }
}

/**
 * Loads the wasm module once; later calls return the same instance (their
 * options are ignored). See mha.d.ts for the options.
 * @param {import("./mha.js").CreateOptions} [options]
 * @returns {Promise<MHA>}
 */
export function createMHA(options = {}) {
  if (!instance) {
    instance = loadChosenCore(options).then(
      (core) => new MHA(core),
      (error) => {
        instance = null; // let a later call retry, e.g. with a better wasmUrl
        throw error;
      },
    );
  }
  return instance;
}

/** What a lean forward can return: every array of the full forward, in its
 * order; the core's _leanLayout() gives each one's `want` bit and where its
 * address lies in LeanInfo. */
const LEAN_RESULTS = FORWARD_ARRAYS;
const WEIGHT_NAMES = ["wq", "wk", "wv", "wo", "bq", "bk", "bv", "bo"];

/**
 * The core's ForwardArgs: heap addresses of the weights in WEIGHT_NAMES
 * order (0 for absent), plus the sizes. Calls that pass weights alone leave
 * x and keep at 0.
 */
function coreArgs(
  weights,
  { x = 0, keep = 0, n = 1, dModel, heads, causal = false },
) {
  const args = { x, keep, n, dModel, heads, causal };
  WEIGHT_NAMES.forEach((name, i) => (args[name] = weights[i]));
  return args;
}

/** True when args carries no weight array at all: use the resident ones. */
function omitsWeights(args) {
  return WEIGHT_NAMES.every((k) => args[k] === undefined || args[k] === null);
}

/**
 * forward()'s options, checked: the bits of `only` (0 when absent: every
 * result) and the arrays of `into` (null when absent).
 * @param {unknown} options
 * @param {Record<string, number>} bits  each result's `want` bit
 * @returns {{ want: number, into: Record<string, any> | null }}
 */
function forwardOptions(options, bits) {
  const usage = '{ only: ["output", ...] } and/or { into: an earlier result }';
  if (typeof options !== "object" || options === null) {
    throw new MHAError(
      "BAD_TYPE",
      `forward()'s options must be an object: ${usage}`,
    );
  }
  const o = ownFields("forward()'s options", options);
  for (const key of Object.keys(o)) {
    if (key !== "only" && key !== "into") {
      throw new MHAError(
        "BAD_TYPE",
        `unknown forward() option "${key}": the options are "only" and "into"`,
      );
    }
  }
  const into = o.into === undefined ? null : ownFields("options.into", o.into);
  if (o.only === undefined && into !== null) return { want: 0, into };
  const names = LEAN_RESULTS.map((k) => `"${k}"`).join(", ");
  const only = Array.isArray(o.only)
    ? Object.values(ownFields("only", o.only))
    : [];
  if (only.length === 0) {
    throw new MHAError(
      "BAD_TYPE",
      `only must be a non-empty Array of result names (${names})`,
    );
  }
  let want = 0;
  for (const name of only) {
    const bit = LEAN_RESULTS.includes(name) ? bits[name] : 0;
    if (!bit) {
      throw new MHAError(
        "BAD_TYPE",
        `only: ${shown(name)} is not a result a lean forward returns (${names})`,
      );
    }
    want |= bit;
  }
  return { want, into };
}

/**
 * The arrays of options.into that a forward writes: for each result it
 * computes, a genuine Float32Array of exactly its length, none sharing
 * memory with another. Checked before the core runs, so a bad `into` costs
 * nothing and changes nothing.
 * @param {Record<string, any>} into the fields of options.into
 * @param {import("./layout.js").ForwardArrayName[]} names the results
 *   computed, in order
 * @param {{ n: number, dModel: number, headCount: number, dK: number }} sizes
 * @returns {{ name: string, array: Float32Array, view: Float32Array }[]}
 */
function intoTargets(into, names, sizes) {
  const targets = names.map((name) => {
    const array = into[name];
    const length = forwardLength(name, sizes);
    if (typedArrayKind(array) !== "Float32Array") {
      throw new MHAError(
        "BAD_TYPE",
        `into.${name} must be a Float32Array of ${length} numbers (from an earlier result of the same sizes), got ${describe(array)}`,
      );
    }
    const view = realView(`into.${name}`, array);
    if (view.length !== length) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        `into.${name} has length ${view.length}, expected ${length}: into must be an earlier result of the same n, dModel and heads`,
      );
    }
    return { name, array, view };
  });
  for (let i = 0; i < targets.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = targets[i].view;
      const b = targets[j].view;
      if (
        a.buffer === b.buffer &&
        a.byteOffset < b.byteOffset + b.byteLength &&
        b.byteOffset < a.byteOffset + a.byteLength
      ) {
        throw new MHAError(
          "BAD_TYPE",
          `into.${targets[i].name} and into.${targets[j].name} share memory: each result needs its own array`,
        );
      }
    }
  }
  return targets;
}

class MHA {
  #core;
  /** { dModel, heads } of the weights set by setWeights(), or null. */
  #resident = null;
  /** { dModel, heads } of the slice set by setHeadSlice(), or null. */
  #slice = null;
  /** A heap block reused by every lean call for x and keep. */
  #workspace = 0;
  #workspaceBytes = 0;
  /** Heap address of the core's LeanInfo: 5 uint32 words. */
  #leanInfo = 0;
  /** Byte offset in LeanInfo of each result's address, and its want bit. */
  /** @type {Record<string, number>} */
  #leanWords = {};
  /** @type {Record<string, number>} */
  #leanBits = {};
  /** Every result's bit: the full forward. */
  #leanAll = 0;
  /** What web/lib/model.js needs of the core, without reaching in. */
  #bridge;

  constructor(core) {
    this.#core = core;
    this.#leanInfo = core._leanInfo();
    const lean = core._leanLayout();
    for (const name of LEAN_RESULTS) {
      const want = `want${name[0].toUpperCase()}${name.slice(1)}`;
      this.#leanWords[name] = lean[name];
      this.#leanBits[name] = lean[want];
      this.#leanAll |= lean[want];
    }
    const limits = core._limits();
    /** Largest n (tokens) and dModel the core accepts. */
    this.limits = Object.freeze({
      maxTokens: limits.maxTokens,
      maxModelDim: limits.maxModelDim,
    });
    this.version = VERSION;
    // Which kernels the loaded core runs, as the core itself reports;
    // read-only.
    Object.defineProperty(this, "kernels", {
      value: core._relaxedSimd() ? "relaxed-simd" : "simd128",
      enumerable: true,
    });
    this.#bridge = Object.freeze({
      call: (name, ...args) => this.#call(name, ...args),
      withHeap: (arrays, fn) => this.#withHeap(arrays, fn),
      floats: (ptr, length) => this.#copyOut(ptr, length),
      ints: (ptr, length) => this.#copyInts(ptr, length),
      bytes: (ptr, length) => this.#core.HEAPU8.slice(ptr, ptr + length),
      malloc: (bytes) => this.#malloc(bytes),
      free: (ptr) => this.#core._free(ptr),
      setBytes: (ptr, bytes) => this.#core.HEAPU8.set(bytes, ptr),
      defaultThresholds: Object.freeze({ ...core._defaultThresholds() }),
      trainerDefaults: Object.freeze(JSON.parse(core._trainerDefaults())),
      trainerSettingTable: Object.freeze(
        JSON.parse(core._trainerSettingTable()),
      ),
    });
    /**
     * Every createTrainer() setting's default: the core's, except where
     * BROWSER_TRAINER_DEFAULTS chooses otherwise on purpose.
     */
    this.trainerDefaults = trainerDefaults(this.#bridge);
  }

  /**
   * Calls a bound core function. The core reports bad input as a status, so
   * a throw here means the wasm itself failed (e.g. an allocation); it
   * becomes an MHAError rather than a bare number.
   */
  #call(name, ...args) {
    try {
      return this.#core[name](...args);
    } catch (e) {
      if (e instanceof MHAError) throw e;
      throw new MHAError(
        "INTERNAL",
        `the wasm core failed in ${name} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }

  /** Copies `length` floats at heap address `ptr` into a new Float32Array. */
  #copyOut(ptr, length) {
    const start = ptr >>> 2;
    // HEAPF32 is re-read on every call: memory growth replaces it.
    return this.#core.HEAPF32.slice(start, start + length);
  }

  /** Copies `length` int32s at heap address `ptr` into a new Int32Array. */
  #copyInts(ptr, length) {
    const start = ptr >>> 2;
    return this.#core.HEAP32.slice(start, start + length);
  }

  /** A heap block of `bytes` bytes, or OUT_OF_MEMORY. */
  #malloc(bytes) {
    const base = this.#core._malloc(bytes);
    if (!base) {
      throw new MHAError(
        "OUT_OF_MEMORY",
        `could not allocate ${bytes} bytes in the wasm heap`,
      );
    }
    return base;
  }

  /**
   * Copies the given arrays into one heap block, calls fn(addresses), frees.
   * @param {(Float32Array|Int32Array|Uint8Array|null)[]} arrays
   */
  #withHeap(arrays, fn) {
    const core = this.#core;
    let bytes = 0;
    const offsets = arrays.map((a) => {
      if (!a) return -1;
      const at = bytes;
      bytes += (a.byteLength + 3) & ~3;
      return at;
    });
    const base = core._malloc(Math.max(bytes, 4));
    if (!base) {
      throw new MHAError(
        "OUT_OF_MEMORY",
        `could not allocate ${bytes} bytes in the wasm heap`,
      );
    }
    try {
      const addresses = arrays.map((a, i) => {
        if (!a) return 0;
        const address = base + offsets[i];
        const kind = typedArrayKind(a);
        if (kind === "Float32Array") core.HEAPF32.set(a, address >>> 2);
        else if (kind === "Int32Array") core.HEAP32.set(a, address >>> 2);
        else core.HEAPU8.set(a, address);
        return address;
      });
      return fn(addresses);
    } finally {
      core._free(base);
    }
  }

  #checkSizes(n, dModel, heads) {
    throwIfFailed(this.#call("_checkSizes", n, dModel, heads));
  }

  /**
   * Multi-head attention forward pass. See mha.d.ts for the argument and
   * result layouts.
   */
  forward(input, options) {
    if (typeof input !== "object" || input === null) {
      throw new MHAError(
        "BAD_TYPE",
        "forward() takes one object: { x, n, dModel, heads, wq, wk, wv, wo, ... }",
      );
    }
    const args = ownFields("forward()'s argument", input);
    const { want, into } =
      options === undefined
        ? { want: 0, into: null }
        : forwardOptions(options, this.#leanBits);
    const resident = this.#resident !== null && omitsWeights(args);
    const n = integerArg("n", args.n);
    const dModel = resident
      ? this.#residentSize("dModel", args.dModel)
      : integerArg("dModel", args.dModel);
    const heads = resident
      ? this.#residentSize("heads", args.heads)
      : integerArg("heads", args.heads);
    if (args.causal !== undefined && typeof args.causal !== "boolean") {
      this.#checkSizes(n, dModel, heads);
      throw new MHAError("BAD_TYPE", "causal must be true or false");
    }
    if (want !== 0) {
      return this.#lean(args, n, dModel, heads, resident, want, false, into);
    }
    return this.#lean(
      args,
      n,
      dModel,
      heads,
      resident,
      this.#leanAll,
      true,
      into,
    );
  }

  /**
   * dModel or heads of a call on the resident weights: taken from
   * setWeights() when absent, and must agree when given.
   */
  #residentSize(name, value) {
    const size = this.#resident[name];
    if (value === undefined || value === null) return size;
    integerArg(name, value);
    if (value !== size) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        `${name} is ${value}, but the weights set by setWeights() have ${name} ${size}`,
      );
    }
    return size;
  }

  /** Checks weights like forward() does; returns the arrays in order. */
  #weightArrays(weights, dModel) {
    const square = `dModel × dModel = ${dModel} × ${dModel}`;
    const bias = `dModel = ${dModel}`;
    return [
      floatArray("wq", weights.wq, dModel * dModel, square),
      floatArray("wk", weights.wk, dModel * dModel, square),
      floatArray("wv", weights.wv, dModel * dModel, square),
      floatArray("wo", weights.wo, dModel * dModel, square),
      floatArray("bq", weights.bq, dModel, bias, false),
      floatArray("bk", weights.bk, dModel, bias, false),
      floatArray("bv", weights.bv, dModel, bias, false),
      floatArray("bo", weights.bo, dModel, bias, false),
    ];
  }

  /** Uploads, checks and packs weights into core slot 0 (resident) or 1. */
  #packWeights(slot, weights, dModel, heads) {
    const arrays = this.#weightArrays(weights, dModel);
    const status = this.#withHeap(arrays, (w) =>
      this.#call("_setWeights", slot, coreArgs(w, { dModel, heads })),
    );
    throwIfFailed(status);
  }

  /**
   * Keeps a layer's weights in the core, checked and packed once, for the
   * forward() calls that pass no weights of their own. Replaces any weights
   * set before; clearWeights() frees them.
   */
  setWeights(input) {
    if (typeof input !== "object" || input === null) {
      throw new MHAError("BAD_TYPE", "setWeights() takes a weights object");
    }
    const weights = ownFields("setWeights()'s argument", input);
    const dModel = integerArg("dModel", weights.dModel);
    const heads = integerArg("heads", weights.heads);
    this.#checkSizes(1, dModel, heads);
    this.#resident = null;
    this.#packWeights(0, weights, dModel, heads);
    this.#resident = Object.freeze({ dModel, heads });
  }

  /** Frees the weights of setWeights(); forward() then needs its own. */
  clearWeights() {
    this.#resident = null;
    this.#call("_clearWeights");
  }

  /**
   * Keeps only heads [firstHead, firstHead + headCount) of a layer's
   * weights, for forwardHeadSlice(): the door web/lib/head-worker.js uses
   * (web/lib/head-pool.js runs one slice per Worker and sums the partials).
   */
  setHeadSlice(input, firstHead, headCount) {
    if (typeof input !== "object" || input === null) {
      throw new MHAError("BAD_TYPE", "setHeadSlice() takes a weights object");
    }
    const weights = ownFields("setHeadSlice()'s argument", input);
    const dModel = integerArg("dModel", weights.dModel);
    const heads = integerArg("heads", weights.heads);
    const first = integerArg("firstHead", firstHead);
    const count = integerArg("headCount", headCount);
    this.#checkSizes(1, dModel, heads);
    this.#slice = null;
    const arrays = this.#weightArrays(weights, dModel);
    const status = this.#withHeap(arrays, (w) =>
      this.#call("_setHeadSlice", coreArgs(w, { dModel, heads }), first, count),
    );
    throwIfFailed(status);
    this.#slice = Object.freeze({ dModel, heads });
  }

  /**
   * The partial output (n × dModel) of the slice set by setHeadSlice():
   * { output: Float32Array }; b_O is in the slice whose firstHead is 0.
   */
  forwardHeadSlice(input) {
    if (typeof input !== "object" || input === null) {
      throw new MHAError(
        "BAD_TYPE",
        "forwardHeadSlice() takes one object: { x, n, causal, keep }",
      );
    }
    const args = ownFields("forwardHeadSlice()'s argument", input);
    const n = integerArg("n", args.n);
    if (this.#slice === null) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        "no head slice: call setHeadSlice() first",
      );
    }
    const { dModel, heads } = this.#slice;
    this.#checkSizes(n, dModel, heads);
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
    const xBytes = x.byteLength;
    const base = this.#scratch(xBytes + (keep ? keep.length : 0));
    this.#core.HEAPF32.set(x, base >>> 2);
    if (keep) this.#core.HEAPU8.set(keep, base + xBytes);
    const out = this.#call(
      "_forwardHeadSlice",
      base,
      n,
      keep ? base + xBytes : 0,
      args.causal === true,
    );
    throwIfFailed(out);
    return { output: this.#copyOut(out.data, n * dModel) };
  }

  /** A heap block of at least `bytes`, reused across lean calls. */
  #scratch(bytes) {
    if (bytes > this.#workspaceBytes) {
      const core = this.#core;
      const size = Math.max(bytes, 2 * this.#workspaceBytes, 4096);
      if (this.#workspace) core._free(this.#workspace);
      this.#workspace = 0;
      this.#workspaceBytes = 0;
      const base = core._malloc(size);
      if (!base) {
        throw new MHAError(
          "OUT_OF_MEMORY",
          `could not allocate ${size} bytes in the wasm heap`,
        );
      }
      this.#workspace = base;
      this.#workspaceBytes = size;
    }
    return this.#workspace;
  }

  /**
   * forward(args) (full: every result, checked in the full forward's order)
   * and forward(args, { only }): one call into the core, which computes only
   * the requested results; x (and keep) go through a reused heap block.
   */
  #lean(args, n, dModel, heads, resident, want, full, into) {
    const core = this.#core;
    // Sizes first (resident sizes were checked by setWeights, so only n can
    // be wrong then, and costs no call if not; the full forward checks
    // them on every call, which also holds it to its own size limit).
    if (full || !resident || n < 1 || n > this.limits.maxTokens) {
      this.#checkSizes(n, dModel, heads);
    }
    const x = floatArray(
      "x",
      args.x,
      n * dModel,
      `n × dModel = ${n} × ${dModel}`,
    );
    // The full forward checks the weights before keep.
    let slot = 0;
    if (!resident && full) {
      this.#packWeights(1, args, dModel, heads);
      slot = 1;
    }
    const keep = keepArray(args.keep, n);
    if (!resident && !full) {
      this.#packWeights(1, args, dModel, heads);
      slot = 1;
    }
    const causal = args.causal === true;
    const sizes = { n, dModel, headCount: heads, dK: dModel / heads, causal };
    const names = LEAN_RESULTS.filter((name) => want & this.#leanBits[name]);
    const targets = into ? intoTargets(into, names, sizes) : null;
    const xBytes = x.byteLength;
    const base = this.#scratch(xBytes + (keep ? keep.length : 0));
    core.HEAPF32.set(x, base >>> 2);
    if (keep) core.HEAPU8.set(keep, base + xBytes);
    const code = this.#call(
      "_forwardLean",
      slot,
      base,
      n,
      keep ? base + xBytes : 0,
      causal,
      want,
    );
    if (code !== 0) throwIfFailed(this.#call("_leanError"));
    // Read after the call: it may have grown (and replaced) the heap views.
    const info = core.HEAPU32;
    const result = full ? Object.create(FORWARD_RESULT_PROTOTYPE) : {};
    Object.assign(result, sizes);
    const addressOf = (/** @type {string} */ name) =>
      info[(this.#leanInfo + this.#leanWords[name]) >>> 2];
    if (targets) {
      // Into the caller's arrays: no fresh memory to fault in.
      for (const { name, array, view } of targets) {
        const start = addressOf(name) >>> 2;
        view.set(core.HEAPF32.subarray(start, start + view.length));
        result[name] = array;
      }
      return result;
    }
    for (const name of names) {
      result[name] = this.#copyOut(addressOf(name), forwardLength(name, sizes));
    }
    return result;
  }

  /** Sinusoidal positional encodings (Vaswani et al.), n × dModel. */
  sinusoidalPositions(n, dModel) {
    integerArg("n", n);
    integerArg("dModel", dModel);
    const out = this.#call("_sinusoidalPositions", n, dModel);
    throwIfFailed(out);
    return this.#copyOut(out.data, out.rows * out.cols);
  }

  /** The first n rows of a learned table (rows × dModel), n × dModel. */
  learnedPositions(table, rows, dModel, n) {
    integerArg("rows", rows);
    integerArg("dModel", dModel);
    integerArg("n", n);
    const t = floatArray(
      "table",
      table,
      rows * dModel,
      `rows × dModel = ${rows} × ${dModel}`,
    );
    const out = this.#withHeap([t], ([address]) =>
      this.#call("_learnedPositions", address, rows, dModel, n),
    );
    throwIfFailed(out);
    return this.#copyOut(out.data, out.rows * out.cols);
  }

  /** Parses and validates a weights JSON document (format: docs/API.md). */
  weightsFromJSON(text) {
    if (typeof text !== "string") {
      throw new MHAError("BAD_TYPE", "weightsFromJSON() takes a string");
    }
    const out = this.#call("_weightsFromJson", text);
    throwIfFailed(out);
    const d = out.dModel;
    const bias = (ptr) => (ptr ? this.#copyOut(ptr, d) : undefined);
    return {
      heads: out.heads,
      dModel: d,
      wq: this.#copyOut(out.wq, d * d),
      wk: this.#copyOut(out.wk, d * d),
      wv: this.#copyOut(out.wv, d * d),
      wo: this.#copyOut(out.wo, d * d),
      bq: bias(out.bq),
      bk: bias(out.bk),
      bv: bias(out.bv),
      bo: bias(out.bo),
    };
  }

  /** Serialises weights ({ heads, dModel, wq, …, bo? }) as a JSON string. */
  weightsToJSON(input) {
    if (typeof input !== "object" || input === null) {
      throw new MHAError("BAD_TYPE", "weightsToJSON() takes a weights object");
    }
    const weights = ownFields("weightsToJSON()'s argument", input);
    const dModel = integerArg("dModel", weights.dModel);
    const heads = integerArg("heads", weights.heads);
    this.#checkSizes(1, dModel, heads);
    // The text's size first, before any array is copied into the heap.
    const biases = ["bq", "bk", "bv", "bo"].filter(
      (k) => weights[k] !== undefined && weights[k] !== null,
    ).length;
    throwIfFailed(this.#call("_checkWeightsJsonSize", dModel, biases));
    const arrays = this.#weightArrays(weights, dModel);
    arrays.forEach((a, i) => {
      const bad = a ? a.findIndex((v) => !Number.isFinite(v)) : -1;
      if (bad >= 0) {
        throw new MHAError(
          "NON_FINITE",
          `${WEIGHT_NAMES[i]}[${bad}] is ${a[bad]}, not finite`,
        );
      }
    });
    const out = this.#withHeap(arrays, (w) =>
      this.#call("_weightsToJson", coreArgs(w, { dModel, heads })),
    );
    throwIfFailed(out);
    return out.text;
  }

  /**
   * Parameters and FLOPs of multi-head attention at these sizes (the
   * dimension-splitting calculator): { dK, parameters, parametersPerHead,
   * flopsPerToken, projectionFlopsPerToken, attentionFlopsPerToken,
   * softmaxFlopsPerToken }. Sizes may exceed what forward() accepts.
   */
  cost(args) {
    if (typeof args !== "object" || args === null) {
      throw new MHAError(
        "BAD_TYPE",
        "cost() takes one object: { n, dModel, heads }",
      );
    }
    const { n, dModel, heads } = ownFields("cost()'s argument", args);
    for (const [name, v] of [
      ["n", n],
      ["dModel", dModel],
      ["heads", heads],
    ]) {
      integerArg(name, v);
    }
    const out = this.#call("_attentionCost", n, dModel, heads);
    throwIfFailed(out);
    const { code, message, ...cost } = out;
    return cost;
  }

  /**
   * Parses a checkpoint of the trainable transformer (the bytes of a
   * web/data/model/step-NNNNNN.bin file) into a Model living in the core.
   */
  loadModel(bytes) {
    return loadModel(this.#bridge, bytes);
  }

  /**
   * Loads a Hugging Face GPT-2 or GPT-Neo checkpoint (config.json and
   * model.safetensors), streaming the weights into the core.
   */
  loadCheckpoint(args) {
    return loadCheckpoint(this.#bridge, args);
  }

  /**
   * Reads and checks a checkpoint's config.json and safetensors header
   * without loading its weights: a PendingCheckpoint with a summary, to
   * load() or cancel().
   */
  openCheckpoint(args) {
    return openCheckpoint(this.#bridge, args);
  }

  /** A Trainer for a small model on the induction task (trainerDefaults). */
  createTrainer(settings) {
    return createTrainer(this.#bridge, settings);
  }

  /** Text → the trained model's character ids (an Int32Array). */
  encodeText(text) {
    return encodeText(this.#bridge, text);
  }

  /** Character ids → text. */
  decodeTokens(ids) {
    return decodeTokens(this.#bridge, ids);
  }

  /** The repeated-token probe: batch × 2·half ids. */
  probeSequences(options) {
    return probeSequences(this.#bridge, options);
  }

  /** Loss weights that score only a probe's repeated half. */
  repeatedHalfWeights(batch, half) {
    return repeatedHalfWeights(this.#bridge, batch, half);
  }

  /**
   * The core's pattern metrics (cpp/include/mha/model/metrics.h) of one
   * head's attention on one sequence: weights is n × n, row-major (query i,
   * key j). options.tokens (n ids) enables the induction score; causal
   * (default true) says whether row 0 is skipped. The field names are those
   * of Model.analyze()'s heads.
   * @param {ArrayLike<number>} weights
   * @param {number} n
   * @param {{ tokens?: ArrayLike<number>, causal?: boolean }} [opts]
   */
  patternMetrics(weights, n, opts = {}) {
    if (typeof opts !== "object" || opts === null) {
      throw new MHAError(
        "BAD_TYPE",
        "patternMetrics()'s options must be an object: { tokens, causal }",
      );
    }
    const options = ownFields("patternMetrics()'s options", opts);
    for (const key of Object.keys(options)) {
      if (key !== "tokens" && key !== "causal") {
        throw new MHAError(
          "BAD_TYPE",
          `unknown patternMetrics() option "${key}" (options: tokens, causal)`,
        );
      }
    }
    integerArg("n", n);
    // The core checks n against the weights' length (and its own limits).
    const length = realLength(weights) ?? 0;
    const w = floatArray("weights", weights, length, `n × n = ${n} × ${n}`);
    const tokens =
      options.tokens === undefined ? null : intArray("tokens", options.tokens);
    const causal = options.causal ?? true;
    if (typeof causal !== "boolean") {
      throw new MHAError("BAD_TYPE", "causal must be true or false");
    }
    const out = this.#withHeap([w, tokens], ([wp, tp]) =>
      this.#call(
        "_patternMetrics",
        wp,
        w.length,
        n,
        tp,
        tokens ? tokens.length : 0,
        causal,
      ),
    );
    throwIfFailed(out);
    return { ...out.metrics };
  }

  /**
   * The step of a training run's induction phase change by the core's rule
   * (model::phase_change_step): the first point whose induction score is at
   * least halfway from the first point's to the last's; -1 when there is
   * none. points: [{ step, induction }, ...] in increasing step order.
   */
  phaseChangeStep(points) {
    if (!Array.isArray(points)) {
      throw new MHAError(
        "BAD_TYPE",
        "phaseChangeStep() takes an Array of { step, induction }",
      );
    }
    const steps = new Int32Array(points.length);
    const inductions = new Float32Array(points.length);
    points.forEach((p, i) => {
      if (typeof p !== "object" || p === null) {
        throw new MHAError(
          "BAD_TYPE",
          `points[${i}] must be an object { step, induction }`,
        );
      }
      steps[i] = integerArg(`points[${i}].step`, p.step);
      if (typeof p.induction !== "number") {
        throw new MHAError(
          "BAD_TYPE",
          `points[${i}].induction must be a number`,
        );
      }
      inductions[i] = p.induction;
    });
    const out = this.#withHeap([steps, inductions], ([s, v]) =>
      this.#call("_phaseChangeStep", s, v, points.length),
    );
    throwIfFailed(out);
    return out.step;
  }

  /** The classifier's default thresholds (cpp/include/mha/model/metrics.h). */
  get headThresholds() {
    return this.#bridge.defaultThresholds;
  }

  /** Bytes currently reserved by the wasm memory (grows, never shrinks). */
  heapBytes() {
    return this.#core.HEAPU8.byteLength;
  }
}
