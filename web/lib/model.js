// The trained-transformer part of the API: checkpoints of the small model
// that cpp/include/mha/model/ defines and trains (docs/MODEL.md), their
// attention, head metrics and ablations, and a trainer that runs in the
// wasm core. Reached through an MHA instance:
//
//   const model = mha.loadModel(bytes);          // a step-NNNNNN.bin file
//   const ids = mha.encodeText("the whale");     // the character vocabulary
//   const r = model.forward(ids);                // r.headWeights(layer, head)
//   model.dispose();
//
// Models and trainers hold memory in the wasm core until dispose(). Every
// array handed back is a copy.
import { MHAError, throwIfFailed } from "./errors.js";
import {
  floatArray,
  integerArg,
  intArray,
  jsonText,
  ownFields,
  realBytes,
  realView,
  typedArrayKind,
} from "./arrays.js";
import { MODEL_FORWARD_RESULT_PROTOTYPE } from "./forward-result.js";

/**
 * The JS API's own trainer defaults, only where they differ ON PURPOSE from
 * the core's (cpp/include/mha/model/{model,optimizer,data}.h; the full set
 * is mha.trainerDefaults): a model small enough to train in a browser tab
 * within seconds, on the induction task alone. `initStd: null` means
 * 1/√dModel, worked out from the dModel in use; `text` (the training text)
 * is the JS API's own setting, not the core's.
 */
export const BROWSER_TRAINER_DEFAULTS = Object.freeze({
  heads: 2,
  dModel: 32,
  context: 64,
  dMlp: 128,
  initStd: null,
  positionInit: "sinusoidal",
  lr: 1e-3,
  warmup: 50,
  batch: 8,
  n: 32,
  syntheticFraction: 1,
  minSpan: 6,
  maxSpan: 15,
  maxShift: 32,
  scoreCopiesOnly: true,
  alphabet: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  text: "",
});

/**
 * The probe every checkpoint is evaluated on (docs/MODEL.md): batch
 * sequences of `half` distinct letters, repeated once, from this seed.
 * probeSequences() uses these where an option is left out.
 */
export const PROBE_DEFAULTS = Object.freeze({
  batch: 4,
  half: 32,
  seed: 20220308,
});

/**
 * @deprecated Since 0.2.0: BROWSER_TRAINER_DEFAULTS under its old name. It
 * now lists only the settings whose browser default differs from the
 * core's; mha.trainerDefaults lists them all.
 */
export const TRAINER_DEFAULTS = BROWSER_TRAINER_DEFAULTS;

/** Bytes of a checkpoint: a Uint8Array, an ArrayBuffer or any typed array. */
function checkpointBytes(bytes) {
  const data = realBytes("the checkpoint", bytes);
  if (data !== null) return data;
  throw new MHAError(
    "BAD_TYPE",
    "loadModel() takes the bytes of a checkpoint file: a Uint8Array or an ArrayBuffer",
  );
}

/**
 * Which heads to zero: a Uint8Array of layers × heads flags (index
 * layer·heads + head), or an Array of { layer, head }. Null when none.
 */
function ablationFlags(ablate, config) {
  if (ablate === undefined || ablate === null) return null;
  const count = config.layers * config.heads;
  if (typedArrayKind(ablate) === "Uint8Array") {
    const flags = realView("ablate", ablate);
    if (flags.length !== count) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        `ablate has ${flags.length} flags, expected layers × heads = ${count}`,
      );
    }
    return flags;
  }
  if (!Array.isArray(ablate)) {
    throw new MHAError(
      "BAD_TYPE",
      "ablate must be an Array of { layer, head } or a Uint8Array of layers × heads flags",
    );
  }
  const flags = new Uint8Array(count);
  Object.values(ownFields("ablate", ablate)).forEach((entry, i) => {
    if (typeof entry !== "object" || entry === null) {
      throw new MHAError("BAD_TYPE", `ablate[${i}] must be { layer, head }`);
    }
    const item = ownFields(`ablate[${i}]`, entry);
    const layer = integerArg(`ablate[${i}].layer`, item.layer);
    const head = integerArg(`ablate[${i}].head`, item.head);
    if (layer < 0 || layer >= config.layers) {
      throw new MHAError(
        "OUT_OF_RANGE",
        `ablate[${i}].layer is ${layer}; the model has layers 0..${config.layers - 1}`,
      );
    }
    if (head < 0 || head >= config.heads) {
      throw new MHAError(
        "OUT_OF_RANGE",
        `ablate[${i}].head is ${head}; each layer has heads 0..${config.heads - 1}`,
      );
    }
    flags[layer * config.heads + head] = 1;
  });
  return flags;
}

/**
 * forward()'s `logits` option as positions: null for "all", [n − 1] for
 * "last", [] for "none", or the given positions (each checked by the core).
 * @returns {Int32Array | null}
 */
function logitPositions(choice, n) {
  if (choice === undefined || choice === "all") return null;
  if (choice === "last") return Int32Array.of(n - 1);
  if (choice === "none") return new Int32Array(0);
  if (typeof choice === "string") {
    throw new MHAError(
      "BAD_TYPE",
      `logits must be "all", "last", "none" or an array of positions, got "${choice}"`,
    );
  }
  const positions = intArray("logits", choice);
  if (positions.length > n) {
    throw new MHAError(
      "OUT_OF_RANGE",
      `logits asks for ${positions.length} positions of ${n} tokens`,
    );
  }
  return positions;
}

/**
 * A method's options object read once (ownFields), every key among
 * `allowed`; {} when undefined. Also used by pretrained.js.
 */
export function options(input, name, allowed) {
  if (input === undefined) return {};
  if (typeof input !== "object" || input === null) {
    throw new MHAError("BAD_TYPE", `${name}'s options must be an object`);
  }
  const value = ownFields(`${name}'s options`, input);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new MHAError(
        "BAD_TYPE",
        `unknown ${name} option "${key}" (options: ${allowed.join(", ")})`,
      );
    }
  }
  return value;
}

/**
 * The core's ModelConfig as the API shows it (Model.config, and the summary
 * of openCheckpoint): frozen, with dK = dModel / heads.
 */
export function modelConfig(config) {
  return Object.freeze({
    ...config,
    attentionWindows: Object.freeze([...config.attentionWindows]),
    dK: config.dModel / config.heads,
  });
}

/**
 * A loaded checkpoint (or a trainer's snapshot) living in the wasm core.
 * See mha.d.ts for every method's shapes.
 */
export class Model {
  #core;
  #handle;

  constructor(core, out) {
    this.#core = core;
    this.#handle = out.handle;
    /** The architecture (cpp/include/mha/model/model.h). */
    this.config = modelConfig(out.config);
    /** Training steps behind these weights. */
    this.step = out.step;
    /** Number of scalar parameters. */
    this.parameterCount = out.parameters;
    /** The checkpoint header's "meta" object (evaluation, command…). */
    this.meta = JSON.parse(out.meta || "{}");
  }

  #live(method) {
    if (this.#handle === 0) {
      throw new MHAError(
        "DISPOSED",
        `${method}: this model was disposed; load it again`,
      );
    }
    return this.#handle;
  }

  /** True until dispose(). */
  get alive() {
    return this.#handle !== 0;
  }

  /** Frees the weights in the core; later calls throw DISPOSED. */
  dispose() {
    if (this.#handle !== 0) this.#core.call("_modelFree", this.#handle);
    this.#handle = 0;
  }

  #tokens(method, tokens) {
    const ids = intArray("tokens", tokens);
    if (ids.length === 0) {
      throw new MHAError("ZERO_SIZE", `${method}: tokens is empty`);
    }
    return ids;
  }

  /**
   * The k most probable next tokens after `position` (default: the last)
   * of one sequence, by the core: a softmax over that position's logits,
   * with the heads in `ablate` zeroed (as in forward()). Returns { ids: Int32Array, probabilities: Float32Array }, most probable
   * first.
   */
  topNext(tokens, opts) {
    const handle = this.#live("topNext()");
    const o = options(opts, "topNext()", ["k", "position", "ablate"]);
    const ids = this.#tokens("topNext()", tokens);
    const flags = ablationFlags(o.ablate, this.config);
    const k = o.k === undefined ? 5 : integerArg("k", o.k);
    const position =
      o.position === undefined
        ? ids.length - 1
        : integerArg("position", o.position);
    const out = this.#core.withHeap([ids, flags], ([t, f]) =>
      this.#core.call("_modelTopNext", handle, t, ids.length, position, k, f),
    );
    throwIfFailed(out);
    return {
      ids: this.#core.ints(out.ids, out.k),
      probabilities: this.#core.floats(out.probabilities, out.k),
    };
  }

  /**
   * Runs the model on one sequence of token ids (at most config.context).
   * Returns the logits of the positions asked for (`logits`: "all", the
   * default, gives n × vocab; "last", "none" or an array of positions) and,
   * unless `attention: false`, every head's attention weights
   * (layers × heads × n × n).
   */
  forward(tokens, opts) {
    const handle = this.#live("forward()");
    const o = options(opts, "forward()", ["ablate", "logits", "attention"]);
    const ids = this.#tokens("forward()", tokens);
    const flags = ablationFlags(o.ablate, this.config);
    const n = ids.length;
    const positions = logitPositions(o.logits, n);
    const attention = o.attention === undefined ? true : o.attention;
    if (typeof attention !== "boolean") {
      throw new MHAError("BAD_TYPE", "attention must be true or false");
    }
    const { vocab, layers, heads } = this.config;
    const rows = positions ?? new Int32Array(0);
    const out = this.#core.withHeap([ids, flags, rows], ([t, f, r]) =>
      this.#core.call(
        "_modelForward",
        handle,
        t,
        n,
        f,
        r,
        positions ? positions.length : -1,
        attention,
      ),
    );
    throwIfFailed(out);
    return Object.assign(Object.create(MODEL_FORWARD_RESULT_PROTOTYPE), {
      n,
      vocab,
      layers,
      headCount: heads,
      tokens: Int32Array.from(ids),
      logitPositions: positions ?? Int32Array.from({ length: n }, (_, i) => i),
      logits: this.#core.floats(out.logits, out.logitRows * vocab),
      weights: attention
        ? this.#core.floats(out.weights, layers * heads * n * n)
        : new Float32Array(0),
    });
  }

  /**
   * Greedy continuation: `steps` times, the most likely next token (a tie
   * keeps the lower id), by the core. Returns the ids followed by the new
   * ones.
   */
  generate(tokens, opts) {
    const handle = this.#live("generate()");
    const o = options(opts, "generate()", ["steps", "ablate"]);
    const ids = this.#tokens("generate()", tokens);
    const steps = o.steps === undefined ? 20 : integerArg("steps", o.steps);
    const flags = ablationFlags(o.ablate, this.config);
    const out = this.#core.withHeap([ids, flags], ([t, f]) =>
      this.#core.call("_modelGenerate", handle, t, ids.length, steps, f),
    );
    throwIfFailed(out);
    return this.#core.ints(out.data, out.length);
  }

  /**
   * This model as a Hugging Face GPT-2 checkpoint: { config, weights }, the
   * text of config.json and the bytes of model.safetensors (F32). `extra`
   * adds fields to config.json.
   */
  toGpt2(extra) {
    const handle = this.#live("toGpt2()");
    const fields = extra === undefined ? "{}" : jsonText("extra", extra);
    const out = this.#core.call("_modelToGpt2", handle, fields);
    throwIfFailed(out);
    return {
      config: out.config,
      weights: this.#core.bytes(out.bytes, out.length),
    };
  }

  /**
   * Every head's metrics and label, averaged over `batch` sequences of n
   * tokens (tokens: batch × n ids), and the head-to-head divergence.
   */
  analyze(tokens, opts) {
    const handle = this.#live("analyze()");
    const o = options(opts, "analyze()", ["batch", "thresholds", "copying"]);
    // Copying is vocabulary-wide per key and head; left out, the core
    // decides (measured for vocabularies up to the trainable model's).
    if (o.copying !== undefined && typeof o.copying !== "boolean") {
      throw new MHAError("BAD_TYPE", "copying must be true or false");
    }
    const copying = o.copying === undefined ? -1 : Number(o.copying);
    const ids = this.#tokens("analyze()", tokens);
    const batch = o.batch === undefined ? 1 : integerArg("batch", o.batch);
    if (batch < 1 || ids.length % batch !== 0) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        `tokens has ${ids.length} ids, not a whole number of ${batch} sequences`,
      );
    }
    const n = ids.length / batch;
    const thresholds = { ...this.#core.defaultThresholds };
    if (o.thresholds !== undefined) {
      const given = ownFields("thresholds", o.thresholds);
      for (const [k, v] of Object.entries(given)) {
        if (!Object.hasOwn(thresholds, k)) {
          throw new MHAError(
            "BAD_TYPE",
            `unknown threshold "${k}" (${Object.keys(thresholds).join(", ")})`,
          );
        }
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new MHAError(
            "BAD_TYPE",
            `thresholds.${k} must be a finite number`,
          );
        }
        thresholds[k] = v;
      }
    }
    const out = this.#core.withHeap([ids], ([t]) =>
      this.#core.call(
        "_modelAnalyze",
        handle,
        t,
        batch,
        n,
        thresholds,
        copying,
      ),
    );
    throwIfFailed(out);
    const count = this.config.layers * this.config.heads;
    // Each head as one flat record: { layer, head, label, copying } and the
    // pattern metrics, under the names bindings.cpp gives them.
    const heads = out.heads.map(({ pattern, copyingMeasured, ...head }) => ({
      ...head,
      copying: copyingMeasured ? head.copying : null,
      ...pattern,
    }));
    const analysis = {
      batch,
      n,
      reports: heads,
      divergence: this.#core.floats(out.divergence, count * count),
      thresholds: Object.freeze(thresholds),
    };
    // Deprecated: the old name of `reports` ("heads" is a count elsewhere).
    Object.defineProperty(analysis, "heads", { get: () => heads });
    const core = this.#core;
    const perLayer = this.config.heads;
    // Not enumerable, so the analysis still compares and serializes as data.
    Object.defineProperty(analysis, "best", {
      /**
       * The head scoring highest on `metric`, by the core's best_head;
       * with { layer }, among that layer's heads only.
       */
      value(metric, opts) {
        const { layer } = options(opts, "best()", ["layer"]);
        if (typeof metric !== "string") {
          throw new MHAError(
            "BAD_TYPE",
            'best() takes a metric name, e.g. "induction"',
          );
        }
        const metrics = Object.keys(heads[0] ?? {}).filter(
          (k) =>
            typeof heads[0][k] === "number" && k !== "layer" && k !== "head",
        );
        if (heads.length > 0 && !metrics.includes(metric)) {
          throw new MHAError(
            "OUT_OF_RANGE",
            `no head metric "${metric}" (metrics: ${metrics.join(", ")})`,
          );
        }
        const layers = heads.length / perLayer;
        if (layer !== undefined) {
          integerArg("layer", layer, 0, Math.max(0, layers - 1));
        }
        // One layer's heads are scored as a model of one layer.
        const pool =
          layer === undefined
            ? heads
            : heads.slice(layer * perLayer, (layer + 1) * perLayer);
        const values = Float32Array.from(pool, (h) => h[metric]);
        const best = core.withHeap([values], ([v]) =>
          core.call("_bestHead", v, values.length, perLayer),
        );
        throwIfFailed(best);
        return {
          layer: layer === undefined ? best.layer : layer,
          head: best.head,
          value: best.value,
        };
      },
    });
    return analysis;
  }

  /**
   * Loss and predictions with and without the ablated heads. sequences:
   * batch × (n + 1) ids (position t predicts token t + 1); lossWeights:
   * batch × n weights of the scored positions (default: all 1).
   */
  ablation(args) {
    const handle = this.#live("ablation()");
    const o = options(args, "ablation()", [
      "sequences",
      "batch",
      "lossWeights",
      "ablate",
    ]);
    const ids = this.#tokens("ablation()", o.sequences);
    const batch = o.batch === undefined ? 1 : integerArg("batch", o.batch);
    if (batch < 1 || ids.length % batch !== 0 || ids.length / batch < 2) {
      throw new MHAError(
        "SHAPE_MISMATCH",
        `sequences has ${ids.length} ids: expected batch × (n + 1) with batch ${batch} and n ≥ 1`,
      );
    }
    const n = ids.length / batch - 1;
    const weights = floatArray(
      "lossWeights",
      o.lossWeights,
      batch * n,
      `batch × n = ${batch} × ${n}`,
      false,
    );
    const flags =
      ablationFlags(o.ablate, this.config) ??
      new Uint8Array(this.config.layers * this.config.heads);
    const out = this.#core.withHeap([ids, weights, flags], ([s, w, f]) =>
      this.#core.call("_modelAblation", handle, s, batch, n, w, f),
    );
    throwIfFailed(out);
    return {
      batch,
      n,
      loss: out.loss,
      ablatedLoss: out.ablatedLoss,
      delta: out.delta,
      changedPredictions: out.changedPredictions,
      predicted: this.#core.ints(out.predicted, batch * n),
      ablatedPredicted: this.#core.ints(out.ablatedPredicted, batch * n),
    };
  }
}

/**
 * createTrainer()'s settings as plain values, read once (a getter that
 * throws, a non-finite number or a value JSON cannot carry is refused
 * here); their names and kinds are checked by the core
 * (cpp/include/mha/model/settings.h).
 * @param {unknown} config
 * @returns {Record<string, number | boolean | string | null>}
 */
function plainSettings(config) {
  if (config === undefined) return {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new MHAError("BAD_TYPE", "createTrainer() takes a settings object");
  }
  /** @type {Record<string, number | boolean | string | null>} */
  const plain = {};
  let key = "";
  try {
    for (key of Object.keys(config)) {
      const v = /** @type {Record<string, unknown>} */ (config)[key];
      if (v === undefined) continue;
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new MHAError(
          "NON_FINITE",
          `${key} must be a finite number, got ${v}`,
        );
      }
      if (
        v !== null &&
        typeof v !== "number" &&
        typeof v !== "boolean" &&
        typeof v !== "string"
      ) {
        throw new MHAError(
          "BAD_TYPE",
          `${key} must be a number, true/false or a string, got ${typeof v}`,
        );
      }
      plain[key] = /** @type {number | boolean | string | null} */ (v);
    }
  } catch (e) {
    if (e instanceof MHAError) throw e;
    throw new MHAError(
      "BAD_TYPE",
      `reading the settings${key ? ` (${key})` : ""} threw: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return plain;
}

/**
 * The settings sent to the core: BROWSER_TRAINER_DEFAULTS under what the
 * caller gave (an old name given replaces the default of its new one), with
 * initStd null worked out as 1/√dModel.
 */
function coreSettings(core, given) {
  const { text: _text, ...settings } = {
    ...BROWSER_TRAINER_DEFAULTS,
    ...given,
  };
  for (const { name, oldName } of core.trainerSettingTable) {
    if (oldName && oldName in given && !(name in given)) delete settings[name];
  }
  if (settings.initStd === null) {
    const dModel = settings.dModel ?? core.trainerDefaults.dModel;
    if (typeof dModel === "number" && dModel > 0) {
      settings.initStd = 1 / Math.sqrt(dModel);
    } else {
      delete settings.initStd; // the core reports the bad dModel
    }
  }
  return settings;
}

/**
 * A trainer's settings as the core holds them, with the training text, and
 * each deprecated old name as a non-enumerable getter of its new one.
 */
function settingsView(core, json, text) {
  const settings = { ...JSON.parse(json), text };
  for (const { name, oldName } of core.trainerSettingTable) {
    if (!oldName) continue;
    Object.defineProperty(settings, oldName, {
      get: () => settings[name],
      enumerable: false,
    });
  }
  return Object.freeze(settings);
}

/**
 * A model training in the wasm core (mha/model/train.h): each step draws a
 * batch of the induction task (and of `text`, when mix < 1) and takes one
 * Adam step. Deterministic for a given configuration and seed.
 */
export class Trainer {
  #core;
  #handle;
  #steps = 0;

  constructor(core, handle, settings) {
    this.#core = core;
    this.#handle = handle;
    /** The full configuration, defaults filled in. */
    this.settings = settings;
  }

  /**
   * The most steps one step() call takes for this model: about 100 ms of
   * work (the core's max_steps_per_call), so a call never blocks for long.
   */
  get maxStepsPerCall() {
    return this.#core.call("_trainerMaxSteps", this.#handle);
  }

  /** Steps taken so far. */
  get stepsDone() {
    return this.#steps;
  }

  get alive() {
    return this.#handle !== 0;
  }

  #live(method) {
    if (this.#handle === 0) {
      throw new MHAError(
        "DISPOSED",
        `${method}: this trainer was disposed; create a new one`,
      );
    }
    return this.#handle;
  }

  /**
   * Takes `count` steps (default 1, at most maxStepsPerCall); returns each
   * step's statistics:
   * { step, lr, loss, lossSynthetic, lossText, gradNorm }.
   */
  step(count = 1) {
    const handle = this.#live("step()");
    integerArg("count", count);
    const out = this.#core.call("_trainerStep", handle, count);
    throwIfFailed(out);
    this.#steps += out.steps.length;
    return out.steps;
  }

  /** A copy of the current weights as a Model (dispose() it when done). */
  snapshot() {
    const handle = this.#live("snapshot()");
    const out = this.#core.call("_trainerSnapshot", handle);
    throwIfFailed(out);
    return new Model(this.#core, out);
  }

  /** Frees the trainer; later calls throw DISPOSED. */
  dispose() {
    if (this.#handle !== 0) this.#core.call("_trainerFree", this.#handle);
    this.#handle = 0;
  }
}

/** A Model over a core result holding a model handle (pretrained.js). */
export function openModel(core, out) {
  return new Model(core, out);
}

/** mha.loadModel(): parses a checkpoint in the core. */
export function loadModel(core, bytes) {
  const data = checkpointBytes(bytes);
  const out = core.withHeap([data], ([address]) =>
    core.call("_modelLoad", address, data.length),
  );
  throwIfFailed(out);
  return new Model(core, out);
}

/** mha.createTrainer(): a new Trainer (see mha.trainerDefaults). */
export function createTrainer(core, config) {
  const given = plainSettings(config);
  const text = given.text ?? BROWSER_TRAINER_DEFAULTS.text;
  if (typeof text !== "string") {
    throw new MHAError("BAD_TYPE", "text must be a string");
  }
  const ids = text ? encodeText(core, text) : null;
  const settings = JSON.stringify(coreSettings(core, given));
  const out = core.withHeap([ids], ([t]) =>
    core.call("_trainerCreate", settings, t, ids ? ids.length : 0),
  );
  throwIfFailed(out);
  const held = core.call("_trainerSettings", out.handle);
  throwIfFailed(held);
  return new Trainer(core, out.handle, settingsView(core, held.json, text));
}

/** The full trainer defaults: the core's, under BROWSER_TRAINER_DEFAULTS. */
export function trainerDefaults(core) {
  return Object.freeze({
    ...core.trainerDefaults,
    ...BROWSER_TRAINER_DEFAULTS,
  });
}

/** Text → ids of the model's 96-character vocabulary (normalised). */
export function encodeText(core, text) {
  if (typeof text !== "string") {
    throw new MHAError("BAD_TYPE", "encodeText() takes a string");
  }
  const out = core.call("_encodeText", text);
  throwIfFailed(out);
  return core.ints(out.data, out.length);
}

/** Ids → text (one character each). */
export function decodeTokens(core, ids) {
  const a = intArray("ids", ids);
  if (a.length === 0) return "";
  return core.withHeap([a], ([p]) => core.call("_decodeTokens", p, a.length));
}

/**
 * The repeated-token probe: `batch` sequences of `half` distinct random
 * symbols of `alphabet`, each repeated once (batch × 2·half ids).
 */
export function probeSequences(core, args = {}) {
  const o = options(args, "probeSequences()", [
    "batch",
    "half",
    "seed",
    "alphabet",
  ]);
  const d = PROBE_DEFAULTS;
  const batch = o.batch === undefined ? d.batch : integerArg("batch", o.batch);
  const half = o.half === undefined ? d.half : integerArg("half", o.half);
  const seed =
    o.seed === undefined ? d.seed : integerArg("seed", o.seed, 0, 0xffffffff);
  const alphabet = o.alphabet === undefined ? "" : o.alphabet;
  if (typeof alphabet !== "string") {
    throw new MHAError("BAD_TYPE", "alphabet must be a string");
  }
  if (seed < 0 || seed > 0xffffffff) {
    throw new MHAError(
      "OUT_OF_RANGE",
      `seed must be in [0, 2^32), got ${seed}`,
    );
  }
  const out = core.call("_probeSequences", batch, half, seed, alphabet);
  throwIfFailed(out);
  return core.ints(out.data, out.length);
}

/** Loss weights (batch × (2·half − 1)) scoring only a probe's repeated half. */
export function repeatedHalfWeights(core, batch, half) {
  integerArg("batch", batch);
  integerArg("half", half);
  const out = core.call("_repeatedHalfWeights", batch, half);
  throwIfFailed(out);
  return core.floats(out.data, out.rows * out.cols);
}
