// Type declarations for web/lib/model.js: the trainable transformer of
// cpp/include/mha/model/ (docs/MODEL.md), reached through an MHA instance
// (mha.loadModel, mha.createTrainer, ...). Written by hand; see docs/API.md.

/** Token ids: an Int32Array, a smaller integer typed array or an Array. */
export type IdsInput =
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint16Array
  | Uint8Array
  | number[];

/** The architecture of a model (cpp/include/mha/model/model.h). */
export interface ModelConfig {
  /** Vocabulary size: 96 characters (newline and ' '..'~'). */
  readonly vocab: number;
  /** The longest input, in tokens (learned positions). */
  readonly context: number;
  readonly dModel: number;
  /** Heads per layer. */
  readonly heads: number;
  readonly layers: number;
  /** dModel / heads. */
  readonly dK: number;
  /** Whether each layer has an MLP after attention. */
  readonly mlp: boolean;
  readonly dMlp: number;
  /** "gelu" is GPT-2's tanh form (Hugging Face's "gelu_new"). */
  readonly activation: "gelu" | "relu";
  /** ε of every LayerNorm (1e-5 unless a checkpoint's config says otherwise). */
  readonly layerNormEpsilon: number;
  /** Whether scores are scaled by 1/√dK (false for GPT-Neo). */
  readonly scaleScores: boolean;
  /**
   * Per layer, how many of the latest keys a query sees, itself included:
   * 0 = all of them (global). Empty when every layer is global. GPT-Neo's
   * local layers have its `window_size`.
   */
  readonly attentionWindows: readonly number[];
  /** Whether the unembedding is the token embedding (W_U = Eᵀ, GPT-2's tying). */
  readonly tiedUnembedding: boolean;
}

/** Which positions' logits {@link Model.forward} computes. */
export type LogitsChoice = "all" | "last" | "none" | IdsInput;

/** Options of {@link Model.forward}. */
export interface ModelForwardOptions {
  ablate?: AblateInput;
  /**
   * "all" (default): n × vocab. "last": the last position only; "none";
   * or an array of positions, in that order. With a 50,257-token vocabulary
   * "last" is what a next-token look needs.
   */
  logits?: LogitsChoice;
  /** false: skip every head's weights (`weights` is then empty). Default true. */
  attention?: boolean;
}

/**
 * Heads to zero before W_O: an Array of `{ layer, head }`, or a Uint8Array
 * of layers × heads flags (index layer · heads + head, non-zero = zeroed).
 */
export type AblateInput = { layer: number; head: number }[] | Uint8Array;

/** One sequence through the model: {@link Model.forward}. */
export interface ModelForwardResult {
  n: number;
  vocab: number;
  layers: number;
  /** Heads per layer. */
  headCount: number;
  /** The input ids. */
  tokens: Int32Array;
  /** The positions whose logits were computed (0..n-1 by default). */
  logitPositions: Int32Array;
  /**
   * logitPositions.length × vocab: logits of the next token at each of
   * those positions (n × vocab by default).
   */
  logits: Float32Array;
  /**
   * layers × headCount × n × n: every head's attention weights (empty with
   * `attention: false`).
   */
  weights: Float32Array;
  /**
   * The n × n weights of one head (query rows, causal: zero right of the
   * diagonal), a view of `weights`.
   * @throws {@link MHAError} `OUT_OF_RANGE` for a layer or head outside the model.
   */
  headWeights(layer: number, head: number): Float32Array;
  /** @deprecated Since 0.2.0: the old name of `headCount`. */
  readonly heads: number;
  /** @deprecated Since 0.2.0: the old name of `weights`. */
  readonly attention: Float32Array;
}

/**
 * The classifier's names for a head (first rule that holds, in this order;
 * thresholds in {@link HeadThresholds}).
 */
export type HeadLabel =
  | "induction"
  | "previous-token"
  | "sink"
  | "self/copy"
  | "broad"
  | "positional/local"
  | "weird";

/** Thresholds of the head classifier (cpp/include/mha/model/metrics.h). */
export interface HeadThresholds {
  induction: number;
  previousToken: number;
  sink: number;
  self: number;
  broad: number;
  local: number;
}

/** One head's metrics, averaged over the sequences analysed. */
export interface HeadMetrics {
  layer: number;
  head: number;
  label: HeadLabel;
  /** Mean attention from token i to i − 1. */
  previousToken: number;
  /** Prefix matching: mass on the tokens after earlier copies of the query's token. */
  induction: number;
  /**
   * Whether what the head writes promotes the token it attends to (0.5 =
   * chance). null when not measured: it costs a vocabulary-wide product per
   * key and head, so by default only vocabularies up to 1,024 tokens get it
   * (analyze()'s `copying` option overrides).
   */
  copying: number | null;
  /** Mean A[i, i]. */
  selfMass: number;
  /** Mean A[i, 0]. */
  sinkMass: number;
  /** Mean row entropy, in nats. */
  entropy: number;
  /** Mean row entropy divided by ln(visible keys). */
  entropyNormalized: number;
  /** Mean of each row's maximum (Voita et al. 2019). */
  confidence: number;
  /** Mean attention distance in tokens. */
  meanDistance: number;
  /** Mass within 4 tokens of the query. */
  localMass: number;
}

/**
 * The metrics of one head's pattern on one sequence, as returned by
 * {@link MHA.patternMetrics}: {@link HeadMetrics} without the model-level
 * `copying` score and the head's place and label.
 */
export type PatternMetrics = Omit<
  HeadMetrics,
  "layer" | "head" | "label" | "copying"
>;

/** {@link Model.analyze}'s result. */
export interface HeadAnalysis {
  batch: number;
  n: number;
  /** One report per head, layers × heads of them, index layer · heads + head. */
  reports: HeadMetrics[];
  /** @deprecated Since 0.2.0: the old name of `reports`; not enumerable. */
  readonly heads: HeadMetrics[];
  /** (L·H) × (L·H): mean Jensen–Shannon divergence between heads, in bits. */
  divergence: Float32Array;
  thresholds: Readonly<HeadThresholds>;
  /**
   * The head scoring highest on one of the heads' metrics, by the core's
   * best_head (a tie goes to the first head in `reports`' order); with
   * `{ layer }`, among that layer's heads. Not enumerable.
   * @throws {@link MHAError} `OUT_OF_RANGE` for a name that is not a metric,
   *   or a layer outside the model.
   */
  best(
    metric: keyof PatternMetrics | "copying",
    options?: { layer?: number },
  ): {
    layer: number;
    head: number;
    value: number;
  };
}

/** {@link Model.ablation}'s arguments. */
export interface AblationArgs {
  /** batch × (n + 1) ids; position t predicts token t + 1. */
  sequences: IdsInput;
  /** Number of sequences (default 1). */
  batch?: number;
  /** batch × n weights of the scored positions (default: all 1). */
  lossWeights?: Float32Array | number[];
  /** The heads to zero (default: none). */
  ablate?: AblateInput;
}

/** {@link Model.ablation}'s result. */
export interface AblationResult {
  batch: number;
  n: number;
  /** Mean cross-entropy in nats, every head intact. */
  loss: number;
  /** The same with the heads zeroed. */
  ablatedLoss: number;
  /** ablatedLoss − loss. */
  delta: number;
  /** Share of the scored positions whose most likely next token changes. */
  changedPredictions: number;
  /** batch × n most likely next ids, intact. */
  predicted: Int32Array;
  /** The same, ablated. */
  ablatedPredicted: Int32Array;
}

/**
 * A checkpoint (or a trainer's snapshot) living in the wasm core. Free it
 * with {@link Model.dispose}; afterwards every method throws `DISPOSED`.
 *
 * @example
 * ```ts
 * const bytes = await (await fetch("data/model/step-012000.bin")).arrayBuffer();
 * const model = mha.loadModel(bytes);
 * const probe = mha.probeSequences({ batch: 4, half: 32, alphabet: LETTERS });
 * model.analyze(probe, { batch: 4 }).heads[6].label; // "induction"
 * model.dispose();
 * ```
 */
export declare class Model {
  readonly config: ModelConfig;
  /** Training steps behind these weights. */
  readonly step: number;
  readonly parameterCount: number;
  /**
   * The checkpoint header's "meta" object ({} for a snapshot). For a model
   * from {@link MHA.loadCheckpoint}: `{ source: "safetensors", family:
   * "gpt2" | "gpt_neo", activationFunction, skippedTensors }`, the last
   * listing each tensor of the file that is not a weight, and why.
   */
  readonly meta: Record<string, unknown>;
  /** False after dispose(). */
  readonly alive: boolean;
  /**
   * Runs one sequence (1 ≤ n ≤ config.context ids).
   * @throws {@link MHAError} `OUT_OF_RANGE` for a logit position outside
   *   0..n-1, `TOO_LARGE` when the working memory of n tokens (every head's
   *   n × n weights included) passes the core's limit: then ask for
   *   `attention: false` or fewer tokens.
   */
  forward(tokens: IdsInput, options?: ModelForwardOptions): ModelForwardResult;
  /**
   * Greedy continuation by the core: `steps` (default 20, at most 256)
   * times the most likely next token (a tie keeps the lower id). Returns the
   * ids followed by the new ones.
   * @throws {@link MHAError} `TOO_LARGE` when ids and steps pass
   *   config.context, `OUT_OF_RANGE` for steps.
   */
  generate(
    tokens: IdsInput,
    options?: { steps?: number; ablate?: AblateInput },
  ): Int32Array;
  /**
   * This model as Hugging Face GPT-2 files: `config` is config.json's text,
   * `weights` the bytes of model.safetensors (F32, untied lm_head, a zero
   * MLP of width 1 when the model has none, which adds exactly nothing).
   * `extra` adds fields to config.json.
   * @throws {@link MHAError} `UNSUPPORTED` for a model with other
   *   conventions (GPT-Neo's local windows or unscaled scores, ReLU).
   */
  toGpt2(extra?: Record<string, unknown>): {
    config: string;
    weights: Uint8Array;
  };
  /**
   * The `k` most probable next tokens after `position` of one sequence, by
   * the core: a softmax over that position's logits only (later tokens are
   * not run: the model is causal). Most probable first; equal probabilities
   * keep the lower id first.
   * @param options.k - 1 ≤ k ≤ config.vocab; default 5.
   * @param options.position - 0 ≤ position < tokens.length; default the last.
   * @throws {@link MHAError} `OUT_OF_RANGE` (k or position), and forward()'s
   *   errors for the ids.
   */
  topNext(
    tokens: IdsInput,
    options?: { k?: number; position?: number; ablate?: AblateInput },
  ): { ids: Int32Array; probabilities: Float32Array };
  /** Every head's metrics and label on batch × n ids (n ≥ 2). */
  analyze(
    tokens: IdsInput,
    options?: {
      batch?: number;
      thresholds?: Partial<HeadThresholds>;
      /** Measure `copying` (default: only for vocabularies ≤ 1,024). */
      copying?: boolean;
    },
  ): HeadAnalysis;
  /** Loss and predictions with and without the ablated heads. */
  ablation(args: AblationArgs): AblationResult;
  /** Frees the weights in the core. Safe to call twice. */
  dispose(): void;
}

/** Settings of {@link MHA.createTrainer}; every one is optional. */
/**
 * createTrainer()'s settings. Their names, kinds and checks are the core's
 * (cpp/include/mha/model/settings.h); `mha_train --help` lists the same
 * settings as flags (`dModel` → `--d-model`).
 */
export interface TrainerSettings {
  layers?: number;
  heads?: number;
  dModel?: number;
  context?: number;
  mlp?: boolean;
  dMlp?: number;
  activation?: "gelu" | "relu";
  /** Seeds the weights (and, plus one, the batches): 0 ≤ seed < 2^32. */
  seed?: number;
  /** Standard deviation of the initial weights (default 1/√dModel). */
  initStd?: number;
  positionInit?: "sinusoidal" | "normal";
  positionScale?: number;
  lr?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Global gradient-norm clip (0: none). */
  clipNorm?: number;
  /** @deprecated Since 0.2.0: the old name of `clipNorm`. */
  clip?: number;
  warmup?: number;
  cosine?: boolean;
  decaySteps?: number;
  minLr?: number;
  /** Sequences per step. */
  batch?: number;
  /** Tokens per sequence (n + maxShift ≤ context). */
  n?: number;
  minSpan?: number;
  maxSpan?: number;
  /** Each sequence starts at a random position in [0, maxShift]. */
  maxShift?: number;
  /** Share of each batch that is the induction task (the rest is `text`). */
  syntheticFraction?: number;
  /** @deprecated Since 0.2.0: the old name of `syntheticFraction`. */
  mix?: number;
  /** Score only the predictable copied positions of induction sequences. */
  scoreCopiesOnly?: boolean;
  /** The characters of the random tokens. */
  alphabet?: string;
  /**
   * Training text, needed when syntheticFraction < 1 (encoded like
   * encodeText()). The JS API's own setting.
   */
  text?: string;
}

/** One training step's statistics. */
export interface StepStats {
  /** 1-based step number. */
  step: number;
  lr: number;
  /** Mean cross-entropy over the scored positions, in nats. */
  loss: number;
  lossSynthetic: number;
  lossText: number;
  /** Gradient norm before clipping. */
  gradNorm: number;
}

/** A model training in the wasm core; see {@link MHA.createTrainer}. */
export declare class Trainer {
  /**
   * The full settings as the core holds them (numbers as the shortest
   * decimal of their float), with the training text. The deprecated old
   * names read their new ones and are not enumerable.
   */
  readonly settings: Readonly<Required<TrainerSettings>>;
  readonly stepsDone: number;
  readonly alive: boolean;
  /**
   * The most steps one {@link Trainer.step} call takes for this model:
   * about 100 ms of work, so that no call blocks for long.
   */
  readonly maxStepsPerCall: number;
  /**
   * Takes `count` steps (default 1, at most {@link Trainer.maxStepsPerCall};
   * more is `OUT_OF_RANGE`: call again).
   */
  step(count?: number): StepStats[];
  /** A copy of the current weights; dispose() it when done. */
  snapshot(): Model;
  dispose(): void;
}

/**
 * The probe every checkpoint is evaluated on (docs/MODEL.md); the defaults
 * of probeSequences().
 */
export declare const PROBE_DEFAULTS: Readonly<{
  batch: number;
  half: number;
  seed: number;
}>;

/** Every trainer setting's default: see {@link MHA.trainerDefaults}. */
export type TrainerDefaults = Readonly<
  Required<Omit<TrainerSettings, "initStd" | "clip" | "mix">> & {
    initStd: number | null;
  }
>;

/**
 * The JS API's own trainer defaults, only where they differ on purpose from
 * the core's: a model small enough to train in a browser tab in seconds.
 * `initStd: null` means 1/√dModel.
 */
export declare const BROWSER_TRAINER_DEFAULTS: Readonly<
  Partial<TrainerDefaults>
>;

/**
 * @deprecated Since 0.2.0: {@link BROWSER_TRAINER_DEFAULTS} under its old
 * name; it now lists only the browser's own choices. The full set is
 * {@link MHA.trainerDefaults}.
 */
export declare const TRAINER_DEFAULTS: typeof BROWSER_TRAINER_DEFAULTS;

// ---- Internal: the bridge that web/lib/mha.js calls ----
// model.js exports these for mha.js, which passes its core bridge first; the
// package does not export model.js, and callers use the MHA methods of the
// same names. Declared so that TypeScript's checkJs of mha.js sees them.

/** @internal a method's options, own fields only, every key allowed */
export declare function options(
  input: unknown,
  name: string,
  allowed: string[],
): Record<string, any>;
/** @internal the core's config as Model.config shows it (with dK) */
export declare function modelConfig(config: unknown): ModelConfig;
/** @internal a Model over a core result with a model handle */
export declare function openModel(core: unknown, out: unknown): Model;
/** @internal mha.loadModel() */
export declare function loadModel(
  core: unknown,
  bytes: ArrayBuffer | ArrayBufferView,
): Model;
/** @internal mha.trainerDefaults */
export declare function trainerDefaults(core: unknown): TrainerDefaults;
/** @internal mha.createTrainer() */
export declare function createTrainer(
  core: unknown,
  settings?: TrainerSettings,
): Trainer;
/** @internal mha.encodeText() */
export declare function encodeText(core: unknown, text: string): Int32Array;
/** @internal mha.decodeTokens() */
export declare function decodeTokens(core: unknown, ids: IdsInput): string;
/** @internal mha.probeSequences() */
export declare function probeSequences(
  core: unknown,
  args?: { batch?: number; half?: number; seed?: number; alphabet?: string },
): Int32Array;
/** @internal mha.repeatedHalfWeights() */
export declare function repeatedHalfWeights(
  core: unknown,
  batch: number,
  half: number,
): Float32Array;
