// Compile-time tests of the hand-written declarations in web/lib/*.d.ts.
// Nothing here runs: `npx tsc -p tests/types/tsconfig.json` passes when every
// correct use type-checks and every line after `// @ts-expect-error` fails.
import {
  createMHA,
  ERROR_CODES,
  MHAError,
  VERSION,
  type CreateOptions,
  type ErrorCode,
  type FloatInput,
  type ForwardArgs,
  type ForwardOptions,
  type ForwardResult,
  type IntoArrays,
  type KeepInput,
  type Kernels,
  type LeanForwardResult,
  type LeanResultName,
  type Limits,
  type MHA,
  type ResidentForwardArgs,
  type Weights,
  type WeightsInput,
} from "mha-explainer";
import {
  hashString,
  seededRandom,
  seededUniform,
  seededWeights,
} from "../../web/lib/random.js";
import { tokenize, type Token } from "../../web/lib/tokenize.js";
import { createHeadPool, type HeadPool } from "../../web/lib/head-pool.js";

// ---- helpers ---------------------------------------------------------------

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
/** Compiles only when its type argument is `true`. */
function check<T extends true>(): T | void {}

// ---- constants -------------------------------------------------------------

check<Equal<typeof VERSION, string>>();
check<Equal<(typeof ERROR_CODES)[number], ErrorCode>>();
const firstCode: ErrorCode = ERROR_CODES[0];
const codes: readonly string[] = ERROR_CODES;
void firstCode;
void codes;

// @ts-expect-error: ERROR_CODES is read-only.
ERROR_CODES.push("NEW_CODE");

// ---- createMHA and its options ---------------------------------------------

const mha: MHA = await createMHA();
check<Equal<ReturnType<typeof createMHA>, Promise<MHA>>>();
await createMHA({});
await createMHA({ wasmUrl: "/static/mha_core.wasm" });
await createMHA({ wasmUrl: new URL("https://example.org/mha_core.wasm") });
await createMHA({
  locateFile: (file: string, prefix: string) => prefix + "wasm/" + file,
});
await createMHA({ wasmBinary: new ArrayBuffer(8) });
await createMHA({ wasmBinary: new Uint8Array(8) });
const options: CreateOptions = { wasmUrl: "mha_core.wasm" };
await createMHA(options);

// @ts-expect-error: wasmUrl is a string or a URL, not a number.
await createMHA({ wasmUrl: 42 });
// @ts-expect-error: locateFile must return the URL as a string.
await createMHA({ locateFile: (file: string) => file.length });
// @ts-expect-error: wasmBinary is raw bytes, not a Float32Array.
await createMHA({ wasmBinary: new Float32Array(2) });
await createMHA({ kernels: "relaxed-simd" });
await createMHA({ kernels: "simd128", wasmBinary: new Uint8Array(8) });
// @ts-expect-error: kernels names one of the two builds.
await createMHA({ kernels: "avx2" });

// ---- the instance ----------------------------------------------------------

const limits: Limits = mha.limits;
check<Equal<typeof limits.maxTokens, number>>();
check<Equal<typeof mha.version, string>>();
check<Equal<typeof mha.kernels, Kernels>>();
check<Equal<Kernels, "simd128" | "relaxed-simd">>();
// @ts-expect-error: kernels is read-only.
mha.kernels = "simd128";
check<Equal<ReturnType<MHA["heapBytes"]>, number>>();
const heap: number = mha.heapBytes();
void heap;

// @ts-expect-error: the limits are read-only.
mha.limits.maxTokens = 4096;
// @ts-expect-error: the instance's properties are read-only.
mha.version = "9.9.9";

// ---- forward ---------------------------------------------------------------

const n = 3;
const dModel = 8;
const heads = 2;
const weights = seededWeights(dModel, heads, 7);
const x = seededUniform(n * dModel, 1);

const r: ForwardResult = mha.forward({ x, n, ...weights });
mha.forward({
  x: Float64Array.from(x),
  n,
  dModel,
  heads,
  wq: Array.from(weights.wq),
  wk: weights.wk,
  wv: weights.wv,
  wo: weights.wo,
  bq: new Float32Array(dModel),
  bk: [0, 0, 0, 0, 0, 0, 0, 0],
  bv: null,
  bo: Float64Array.from({ length: dModel }, () => 0.5),
  causal: true,
  keep: [1, 1, 0],
});
mha.forward({ x, n, ...weights, keep: [true, false, true] });
mha.forward({ x, n, ...weights, keep: Uint8Array.of(1, 1, 1) });
const frozenX: readonly number[] = Object.freeze(Array.from(x));
mha.forward({ x: frozenX, n, ...weights });
const args: ForwardArgs = { x, n, ...weights, causal: false };
mha.forward(args);

check<Equal<typeof r.n, number>>();
check<Equal<typeof r.dModel, number>>();
check<Equal<typeof r.dK, number>>();
check<Equal<typeof r.causal, boolean>>();
check<Equal<typeof r.headOutputs, Float32Array>>();
check<Equal<typeof r.heads, Float32Array>>(); // deprecated alias
check<Equal<ReturnType<typeof r.headWeights>, Float32Array>>();
check<Equal<ReturnType<typeof r.headScores>, Float32Array>>();
// @ts-expect-error: headWeights takes one head index.
r.headWeights();
const arrays: Float32Array[] = [
  r.q,
  r.k,
  r.v,
  r.scores,
  r.weights,
  r.headOutputs,
  r.concat,
  r.output,
  r.contributions,
  r.contributionNorms,
];
void arrays;
const h = 1;
const i = 2;
const j = 0;
const w: number | undefined = r.weights[h * n * n + i * n + j];
const headCount: number = r.headCount;
void w;
void headCount;

// @ts-expect-error: forward takes one argument object.
mha.forward();
// @ts-expect-error: x is required.
mha.forward({ n, ...weights });
// @ts-expect-error: n must be a number, not a string.
mha.forward({ x, n: "3", ...weights });
// @ts-expect-error: an Int32Array is not accepted for x.
mha.forward({ x: new Int32Array(n * dModel), n, ...weights });
// @ts-expect-error: an Array of strings is not accepted for wq.
mha.forward({ x, n, ...weights, wq: ["0.1"] });
// @ts-expect-error: causal is a boolean, not a number.
mha.forward({ x, n, ...weights, causal: 1 });
// @ts-expect-error: keep is a Uint8Array or an Array, not a string.
mha.forward({ x, n, ...weights, keep: "110" });
// @ts-expect-error: dModel is required.
mha.forward({ x, n, heads, wq: x, wk: x, wv: x, wo: x });
// @ts-expect-error: the attention weights are `weights`, not `attention`.
void r.attention;
// @ts-expect-error: the norms are `contributionNorms`, not `norms`.
void r.norms;
// @ts-expect-error: result properties are read-only.
r.n = 4;
// @ts-expect-error: `headOutputs` is the per-head outputs, not a count.
const wrongCount: number = r.headOutputs;
void wrongCount;

// ---- lean forward and resident weights --------------------------------------
{
  const lean = mha.forward({ x, n, ...weights }, { only: ["output"] });
  const out: Float32Array = lean.output;
  check<Equal<typeof lean, LeanForwardResult<"output">>>();
  check<Equal<typeof lean.headCount, number>>();
  void out;
  const two = mha.forward(args, { only: ["weights", "scores"] });
  const maps: Float32Array[] = [two.weights, two.scores];
  void maps;
  // @ts-expect-error: only the requested results are there.
  void two.output;
  const perHead = mha.forward(args, { only: ["q", "contributionNorms"] });
  const qs: Float32Array[] = [perHead.q, perHead.contributionNorms];
  void qs;
  // @ts-expect-error: "heads" is a deprecated alias, not a result name.
  mha.forward(args, { only: ["heads"] });
  // @ts-expect-error: `only` is an array of names.
  mha.forward(args, { only: "output" });
  // @ts-expect-error: the option is `only`.
  mha.forward(args, { want: ["output"] });
  const names: LeanResultName[] = ["output", "concat", "scores", "weights"];
  const options: ForwardOptions = { only: names };
  const any = mha.forward(args, options);
  const maybe: Float32Array = any.concat;
  void maybe;

  // into: the arrays of an earlier result are written again.
  const again: ForwardResult = mha.forward(args, { into: r });
  const leanAgain = mha.forward(args, { only: ["output"], into: lean });
  check<Equal<typeof leanAgain, LeanForwardResult<"output">>>();
  const fromFull = mha.forward(args, { only: ["weights"], into: r });
  const into: IntoArrays<"output"> = { output: new Float32Array(n * dModel) };
  void [again, fromFull, into];
  // @ts-expect-error: a lean result lacks arrays a full forward writes.
  mha.forward(args, { into: lean });
  // @ts-expect-error: into must hold the arrays named in only.
  mha.forward(args, { only: ["weights"], into: lean });
  // @ts-expect-error: the arrays are Float32Arrays.
  mha.forward(args, { only: ["output"], into: { output: [0] } });

  mha.setWeights(weights);
  mha.setWeights(plainWeights());
  const resident: ResidentForwardArgs = { x, n, causal: true, keep: [1, 1, 0] };
  const full: ForwardResult = mha.forward(resident);
  const leanResident = mha.forward(
    { x, n, dModel, heads },
    { only: ["output"] },
  );
  void [full, leanResident];
  check<Equal<ReturnType<MHA["setWeights"]>, void>>();
  mha.clearWeights();
  // @ts-expect-error: setWeights needs all four matrices.
  mha.setWeights({ dModel, heads, wq: weights.wq });
  // @ts-expect-error: a call without weights cannot pass only some of them.
  const partial: ResidentForwardArgs = { x, n, wq: weights.wq };
  void partial;
}

function plainWeights(): WeightsInput {
  return {
    dModel: 2,
    heads: 1,
    wq: [1, 0, 0, 1],
    wk: [1, 0, 0, 1],
    wv: [1, 0, 0, 1],
    wo: [1, 0, 0, 1],
  };
}

// ---- positions -------------------------------------------------------------

const pe: Float32Array = mha.sinusoidalPositions(n, dModel);
const learned: Float32Array = mha.learnedPositions(
  [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
  3,
  2,
  2,
);
mha.learnedPositions(new Float32Array(6), 3, 2, 1);
void pe;
void learned;

// @ts-expect-error: sinusoidalPositions needs both n and dModel.
mha.sinusoidalPositions(n);
// @ts-expect-error: the table is an array of numbers, not a string.
mha.learnedPositions("0.1,0.2", 1, 2, 1);

// ---- weights JSON ----------------------------------------------------------

const json: string = mha.weightsToJSON(weights);
const parsed: Weights = mha.weightsFromJSON(json);
check<Equal<typeof parsed.wq, Float32Array>>();
check<Equal<typeof parsed.bq, Float32Array | undefined>>();
mha.forward({ x, n, ...parsed });
const plain: WeightsInput = {
  dModel: 2,
  heads: 1,
  wq: [1, 0, 0, 1],
  wk: [1, 0, 0, 1],
  wv: [1, 0, 0, 1],
  wo: [1, 0, 0, 1],
  bo: [0.5, -0.5],
};
mha.weightsToJSON(plain);
mha.weightsToJSON(parsed);

// @ts-expect-error: weightsFromJSON takes the JSON text, not an object.
mha.weightsFromJSON({ heads: 1 });
// @ts-expect-error: weightsToJSON needs all four matrices.
mha.weightsToJSON({ dModel: 2, heads: 1, wq: [1, 0, 0, 1] });
mha.weightsToJSON({
  // @ts-expect-error: the JSON document's key is d_model; the JS object's is dModel.
  d_model: 2,
  heads: 1,
  wq: [1, 0, 0, 1],
  wk: [1, 0, 0, 1],
  wv: [1, 0, 0, 1],
  wo: [1, 0, 0, 1],
});

// ---- errors ----------------------------------------------------------------

try {
  mha.forward(args);
} catch (e) {
  if (e instanceof MHAError) {
    const code: ErrorCode = e.code;
    const message: string = e.message;
    const name: "MHAError" = e.name;
    const isError: Error = e;
    void [code, message, name, isError];
    switch (e.code) {
      case "SHAPE_MISMATCH":
      case "OUT_OF_MEMORY":
        break;
      // @ts-expect-error: "SHAPE_ERROR" is not an ErrorCode.
      case "SHAPE_ERROR":
        break;
    }
  }
}
const made = new MHAError("BAD_TYPE", "n must be an integer");
check<Equal<typeof made.code, ErrorCode>>();

// @ts-expect-error: "BAD_SHAPE" is not an ErrorCode.
const badCode: ErrorCode = "BAD_SHAPE";
void badCode;
// @ts-expect-error: the code is read-only.
made.code = "BAD_JSON";
// @ts-expect-error: MHAError needs a code from ERROR_CODES.
new MHAError("WHATEVER", "message");

// ---- numbers and inputs ----------------------------------------------------

const floats: FloatInput[] = [
  new Float32Array(1),
  new Float64Array(1),
  [1],
  Object.freeze([1]),
];
const keeps: KeepInput[] = [new Uint8Array(1), [0, 1], [true, false]];
void floats;
void keeps;

// @ts-expect-error: keep flags are numbers or booleans, not strings.
const badKeep: KeepInput = ["1"];
void badKeep;

// ---- random.js -------------------------------------------------------------

const next: () => number = seededRandom(42);
const u: number = next();
const uniform: Float32Array = seededUniform(4, 7, 0.5);
seededUniform(4, 7);
const hash: number = hashString("fox");
const sw = seededWeights(8, 2);
seededWeights(8, 2, 3);
const asWeights: Weights = sw;
check<Equal<typeof sw.dModel, number>>();
void [u, uniform, hash, asWeights];

// @ts-expect-error: seededWeights gives no biases.
void sw.bq;
// @ts-expect-error: hashString takes a string.
hashString(42);
// @ts-expect-error: seededUniform needs a seed.
seededUniform(4);

// ---- tokenize.js -----------------------------------------------------------

const tokens: Token[] = tokenize("The clever fox jumped.");
const first = tokens[0];
if (first) {
  const text: string = first.text;
  const span: number = first.end - first.start;
  void [text, span];
}
const texts: string[] = tokenize("Don’t panic!").map((t) => t.text);
void texts;

// @ts-expect-error: tokenize takes a string.
tokenize(["The", "fox"]);
// @ts-expect-error: tokens have `text`, `start` and `end`, not `word`.
void tokens[0]?.word;

// ---- cost ------------------------------------------------------------------
{
  const c = mha.cost({ n: 2048, dModel: 12288, heads: 96 });
  const dK: number = c.dK;
  const perHead: number = c.parametersPerHead;
  void dK;
  void perHead;
  // @ts-expect-error: cost takes an object of sizes, not three numbers.
  mha.cost(2048, 12288, 96);
  // @ts-expect-error: the calculator's result has no `flops` field.
  void c.flops;
}

// ---- constructed heads -----------------------------------------------------
import {
  CONSTRUCTED_HEADS,
  FEATURE_BLOCKS,
  constructedEmbeddings,
  constructedWeights,
} from "mha-explainer/heads.js";
{
  const w = constructedWeights();
  const x: Float32Array = constructedEmbeddings(
    [
      { text: "I", pos: "PRON" },
      { text: "saw", pos: "VERB", sense: "verb.perception" },
    ],
    mha.sinusoidalPositions(2, 16),
  );
  void mha.forward({ x, n: 2, ...w });
  const id:
    | "positional"
    | "previous"
    | "copy"
    | "syntactic"
    | "semantic"
    | "sink" = CONSTRUCTED_HEADS[0]!.id;
  void id;
  void FEATURE_BLOCKS[0]!.start;
  // @ts-expect-error: a token needs its part of speech.
  constructedEmbeddings([{ text: "I" }], new Float32Array(16));
}

// ---- the trained model -----------------------------------------------------
import {
  Model,
  BROWSER_TRAINER_DEFAULTS,
  PROBE_DEFAULTS,
  TRAINER_DEFAULTS,
  type AblationResult,
  type HeadAnalysis,
  type HeadLabel,
  type ModelForwardResult,
  type PatternMetrics,
  type StepStats,
} from "mha-explainer";
{
  const model: Model = mha.loadModel(new Uint8Array(0));
  const ids: Int32Array = mha.encodeText("the whale");
  const f: ModelForwardResult = model.forward(ids, {
    ablate: [{ layer: 1, head: 2 }],
  });
  const w: Float32Array = f.headWeights(0, 0);
  void w;
  const probe = mha.probeSequences({ batch: 4, half: 32, alphabet: "ab" });
  const a: HeadAnalysis = model.analyze(probe, {
    batch: 4,
    thresholds: { induction: 0.6 },
  });
  const label: HeadLabel = a.heads[0]!.label;
  void label;
  const r: AblationResult = model.ablation({
    sequences: probe,
    batch: 4,
    lossWeights: mha.repeatedHalfWeights(4, 32),
    ablate: new Uint8Array(8),
  });
  const delta: number = r.delta;
  void delta;
  const text: string = mha.decodeTokens(r.predicted);
  void text;
  // @ts-expect-error: ablate takes { layer, head }, not pairs.
  model.forward(ids, { ablate: [[1, 2]] });
  // @ts-expect-error: a label is one of the classifier's names.
  const bad: HeadLabel = "copy";
  void bad;
  const trainer = mha.createTrainer({
    seed: 3,
    dModel: 32,
    syntheticFraction: 1,
    clipNorm: 1,
  });
  // @ts-expect-error: activation is "gelu" or "relu".
  mha.createTrainer({ activation: "tanh" });
  const width: number = mha.trainerDefaults.dModel;
  void width;
  const fr = model.forward(ids);
  const perLayer: number = fr.headCount;
  const all: Float32Array = fr.weights;
  void perLayer;
  void all;
  const stats: StepStats[] = trainer.step(10);
  void stats[0]?.loss;
  const snap: Model = trainer.snapshot();
  snap.dispose();
  trainer.dispose();
  void TRAINER_DEFAULTS.alphabet;
  void BROWSER_TRAINER_DEFAULTS.dModel;
  const probeSeed: number = PROBE_DEFAULTS.seed;
  mha.probeSequences({ seed: probeSeed, batch: PROBE_DEFAULTS.batch });
  void mha.headThresholds.induction;
  const next: { ids: Int32Array; probabilities: Float32Array } = model.topNext(
    ids,
    { k: 3, position: 0 },
  );
  void next;
  // @ts-expect-error: options are { k, position }.
  model.topNext(ids, { top: 3 });
  const top: { layer: number; head: number; value: number } = model
    .analyze(ids)
    .best("induction");
  void top;
  model.analyze(ids).best("copying", { layer: 0 });
  // @ts-expect-error: best() takes a head metric's name.
  model.analyze(ids).best("label");
  const pm: PatternMetrics = mha.patternMetrics(new Float32Array(4), 2, {
    tokens: [1, 2],
    causal: true,
  });
  const prev: number = pm.previousToken;
  void prev;
  // @ts-expect-error: copying needs the model, not just the pattern.
  void pm.copying;
  const phase: number = mha.phaseChangeStep([{ step: 0, induction: 0.1 }]);
  void phase;
  // @ts-expect-error: points are objects, not pairs.
  mha.phaseChangeStep([[0, 0.1]]);
  // @ts-expect-error: options are { tokens, causal }.
  mha.patternMetrics(new Float32Array(4), 2, { casual: true });
  // @ts-expect-error: unknown trainer setting.
  mha.createTrainer({ learningRate: 1 });
}

// ---- layout and result JSON ------------------------------------------------
import {
  FORWARD_ARRAYS,
  FORWARD_LAYOUT,
  forwardLength,
  forwardShapes,
  type ForwardArrayName,
} from "mha-explainer/layout.js";
import {
  RESULT_JSON_FORMAT,
  float32Number,
  forwardResultJSON,
} from "mha-explainer/result-json.js";
{
  const name: ForwardArrayName = FORWARD_ARRAYS[0]!;
  const index: string = FORWARD_LAYOUT.weights.index;
  const shape: number[] = forwardShapes(r).headOutputs;
  const length: number = forwardLength("weights", r);
  // @ts-expect-error: the tensor is headOutputs in the layout table.
  forwardLength("heads", r);
  const text: string = forwardResultJSON(r, { tokens: ["a"] });
  const format: string = RESULT_JSON_FORMAT;
  const shortest: number | null = float32Number(0.1);
  void [name, index, shape, length, text, format, shortest];
}

// ---- pretrained checkpoints ------------------------------------------------
import {
  DEFAULT_CHUNK_BYTES,
  type LoadCheckpointArgs,
  type LoadProgress,
  type LogitsChoice,
} from "mha-explainer";
{
  const args: LoadCheckpointArgs = {
    config: { model_type: "gpt2" },
    weights: new Blob([]),
    onProgress: (p: LoadProgress) => void (p.loadedBytes / p.totalBytes),
    chunkBytes: DEFAULT_CHUNK_BYTES,
    signal: new AbortController().signal,
  };
  const model: Model = await mha.loadCheckpoint(args);
  const choice: LogitsChoice = "last";
  const f = model.forward([464, 3290], { logits: choice, attention: false });
  const positions: Int32Array = f.logitPositions;
  const more: Int32Array = model.generate([464, 3290], { steps: 3 });
  const files: { config: string; weights: Uint8Array } = model.toGpt2();
  const windows: readonly number[] = model.config.attentionWindows;
  const copying: number | null = model.analyze([1, 2, 3], { copying: false })
    .reports[0]!.copying;
  // @ts-expect-error: logits is a choice or positions, not a number.
  model.forward([1], { logits: 3 });
  void [positions, more, files, windows, copying];
}

// ---- head pool (head-pool.d.ts) --------------------------------------------

async function headPoolTypes(): Promise<void> {
  const pool: HeadPool = await createHeadPool({ workers: 2 });
  check<Equal<typeof pool.workers, number>>();
  await pool.setWeights(seededWeights(8, 2, 1));
  const { output } = await pool.forward({
    x: new Float32Array(16),
    n: 2,
    causal: true,
  });
  check<Equal<typeof output, Float32Array>>();
  // @ts-expect-error: workers is a number.
  void createHeadPool({ workers: "2" });
  pool.close();
}
void headPoolTypes;
