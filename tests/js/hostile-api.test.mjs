// Hostile values against every public function of the JS API: typed arrays
// that lie about their length, Proxies, integers that embind would wrap,
// getters that throw, detached buffers, huge finite floats, BigInts and
// use after dispose. Each call must throw an MHAError with a code (or, for a
// lying array, either that or the array's true contents), and after every
// call a known-good forward and a known-good model call must give
// bit-identical results: the module keeps working with the same numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createMHA, MHAError } from "mha-explainer";
import { seededWeights, seededUniform } from "mha-explainer/random.js";

const MODEL_DIR = new URL("../../web/data/model/", import.meta.url);
const index = JSON.parse(readFileSync(new URL("index.json", MODEL_DIR)));
const modelBytes = readFileSync(
  new URL(index.checkpoints.at(-1).file, MODEL_DIR),
);

const mha = await createMHA();
const n = 4;
const dModel = 8;
const heads = 2;
const weights = seededWeights(dModel, heads, 3);
const x = seededUniform(n * dModel, 4);
const model = mha.loadModel(modelBytes);
const ids = mha.encodeText("abcabc");

const goodForward = () =>
  Array.from(mha.forward({ x, n, dModel, heads, ...weights }).output);
const goodModel = () => Array.from(model.topNext(ids).probabilities);
const baseline = { forward: goodForward(), model: goodModel() };

// ---- Hostile values --------------------------------------------------------

/**
 * A typed array of `real` elements (of the kind of `View`) whose subclass
 * says its length and byteLength are those of `claimed` elements.
 */
function lying(View, real, claimed) {
  class Lying extends View {
    get length() {
      return claimed;
    }
    get byteLength() {
      return claimed * View.BYTES_PER_ELEMENT;
    }
  }
  return new Lying(real);
}
const lyingFloats = (real, claimed) => lying(Float32Array, real, claimed);
const lyingInts = (real, claimed) => lying(Int32Array, real, claimed).fill(1);

function detached(View, length) {
  const a = new View(length);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error("a getter that throws");
    },
    ownKeys() {
      return ["x", "n"];
    },
    getOwnPropertyDescriptor() {
      return { enumerable: true, configurable: true };
    },
  },
);

const throwingKeys = new Proxy(
  {},
  {
    ownKeys() {
      throw new Error("ownKeys throws");
    },
  },
);

/** Hostile stand-ins for a float array of `length` numbers. */
function hostileFloatArrays(length) {
  return [
    ["lying subclass, longer", lyingFloats(length * 64, length)],
    ["lying subclass, shorter", lyingFloats(1, length)],
    ["Proxy of a Float32Array", new Proxy(new Float32Array(length), {})],
    ["detached Float32Array", detached(Float32Array, length)],
    [
      "Array with a throwing getter",
      Object.defineProperty(new Array(length).fill(0), 1, {
        get() {
          throw new Error("no");
        },
      }),
    ],
    ["Array of BigInts", new Array(length).fill(1n)],
    ["NaN inside", new Float32Array(length).fill(NaN)],
    ["a string", "0,0,0"],
    ["an object with length", { length }],
    ["Int32Array", new Int32Array(length)],
    ["DataView", new DataView(new ArrayBuffer(length * 4))],
  ];
}

const hostileIntegers = [
  ["2^32 + 2", 2 ** 32 + 2],
  ["2^31", 2 ** 31],
  ["-2^31 - 1", -(2 ** 31) - 1],
  ["1e300", 1e300],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["1.5", 1.5],
  ["BigInt", 4n],
  ["string", "4"],
  ["null", null],
  ["Symbol", Symbol("n")],
  ["object", {}],
];

const hostileObjects = [
  ["null", null],
  ["a number", 7],
  ["a getter that throws", throwing],
  ["ownKeys that throws", throwingKeys],
  ["an Array", [1, 2]],
];

// ---- The calls --------------------------------------------------------------

/** [description, call] pairs: each call must be refused. */
function hostileCalls() {
  const calls = [];
  const args = { x, n, dModel, heads, ...weights };
  for (const [what, v] of hostileFloatArrays(n * dModel)) {
    if (what === "Int32Array" || what === "DataView") continue;
    calls.push([`forward x: ${what}`, () => mha.forward({ ...args, x: v })]);
    calls.push([
      `lean forward x: ${what}`,
      () => mha.forward({ ...args, x: v }, { only: ["output"] }),
    ]);
    calls.push([
      `patternMetrics: ${what}`,
      () => mha.patternMetrics(v, Math.sqrt(n * dModel) | 0),
    ]);
  }
  for (const [what, v] of hostileFloatArrays(dModel * dModel)) {
    if (what === "Int32Array" || what === "DataView") continue;
    calls.push([`forward wq: ${what}`, () => mha.forward({ ...args, wq: v })]);
    calls.push([
      `setWeights wq: ${what}`,
      () => mha.setWeights({ dModel, heads, ...weights, wq: v }),
    ]);
    calls.push([
      `weightsToJSON wq: ${what}`,
      () => mha.weightsToJSON({ dModel, heads, ...weights, wq: v }),
    ]);
    calls.push([
      `learnedPositions: ${what}`,
      () => mha.learnedPositions(v, dModel, dModel, 2),
    ]);
  }
  for (const [what, v] of hostileIntegers) {
    for (const key of ["n", "dModel", "heads"]) {
      calls.push([
        `forward ${key}: ${what}`,
        () => mha.forward({ ...args, [key]: v }),
      ]);
      calls.push([
        `lean forward ${key}: ${what}`,
        () => mha.forward({ ...args, [key]: v }, { only: ["weights"] }),
      ]);
      calls.push([
        `cost ${key}: ${what}`,
        () => mha.cost({ n, dModel, heads, [key]: v }),
      ]);
    }
    calls.push([
      `sinusoidalPositions n: ${what}`,
      () => mha.sinusoidalPositions(v, 8),
    ]);
    calls.push([
      `probeSequences half: ${what}`,
      () => mha.probeSequences({ half: v }),
    ]);
    if (v !== 2 ** 31)
      calls.push([
        `probeSequences seed: ${what}`,
        () => mha.probeSequences({ seed: v }),
      ]);
    calls.push([
      `repeatedHalfWeights: ${what}`,
      () => mha.repeatedHalfWeights(v, 4),
    ]);
    for (const key of [
      "layers",
      "heads",
      "dModel",
      "batch",
      "warmup",
      "seed",
    ]) {
      if (key === "seed" && v === 2 ** 31) continue; // a valid seed
      calls.push([
        `createTrainer ${key}: ${what}`,
        () => mha.createTrainer({ [key]: v }),
      ]);
    }
    calls.push([`topNext k: ${what}`, () => model.topNext(ids, { k: v })]);
    calls.push([
      `analyze batch: ${what}`,
      () => model.analyze(ids, { batch: v }),
    ]);
  }
  for (const [what, v] of hostileObjects) {
    calls.push([`forward args: ${what}`, () => mha.forward(v)]);
    calls.push([`forward options: ${what}`, () => mha.forward(args, v)]);
    calls.push([`setWeights: ${what}`, () => mha.setWeights(v)]);
    calls.push([`weightsToJSON: ${what}`, () => mha.weightsToJSON(v)]);
    calls.push([`cost: ${what}`, () => mha.cost(v)]);
    calls.push([`createTrainer: ${what}`, () => mha.createTrainer(v)]);
    calls.push([`probeSequences: ${what}`, () => mha.probeSequences(v)]);
    calls.push([`topNext options: ${what}`, () => model.topNext(ids, v)]);
    calls.push([`ablation args: ${what}`, () => model.ablation(v)]);
    calls.push([`phaseChangeStep: ${what}`, () => mha.phaseChangeStep(v)]);
    calls.push([`loadModel: ${what}`, () => mha.loadModel(v)]);
  }
  calls.push(
    ["only: [1n]", () => mha.forward(args, { only: [1n] })],
    ["only: a throwing Proxy", () => mha.forward(args, { only: throwing })],
    ["cost()", () => mha.cost()],
    [
      "weightsFromJSON with NUL",
      () =>
        mha.weightsFromJSON(
          mha.weightsToJSON({ dModel, heads, ...weights }) + "\0garbage",
        ),
    ],
    ["weightsFromJSON 5", () => mha.weightsFromJSON(5)],
    [
      "forward wq 3e38",
      () =>
        mha.forward({
          ...args,
          wq: new Float32Array(dModel * dModel).fill(3e38),
        }),
    ],
    [
      "lean forward wq 3e38",
      () =>
        mha.forward(
          { ...args, wq: new Float32Array(dModel * dModel).fill(3e38) },
          { only: ["output", "weights"] },
        ),
    ],
    [
      "loadModel detached buffer",
      () => mha.loadModel(detached(Uint8Array, 64).buffer),
    ],
    ["loadModel detached view", () => mha.loadModel(detached(Uint8Array, 64))],
    [
      "loadModel header bomb",
      () => {
        const bomb = readFileSync(
          new URL(
            "../fuzz/corpus/fuzz_checkpoint/regression-huge-config-no-data.bin",
            import.meta.url,
          ),
        );
        return mha.loadModel(bomb);
      },
    ],
    [
      "a checkpoint of every weight 1e30",
      () => {
        const bytes = Uint8Array.from(modelBytes);
        const header = new DataView(bytes.buffer).getUint32(8, true);
        new Float32Array(bytes.buffer, 12 + header).fill(1e30);
        const huge = mha.loadModel(bytes);
        try {
          return huge.forward(ids);
        } finally {
          huge.dispose();
        }
      },
    ],
    ["model.forward lying ids", () => model.forward(lyingInts(4, 4096))],
    [
      "model.forward ablate lying flags",
      () =>
        model.forward(ids, { ablate: Object.assign(new Uint8Array(64), {}) }),
    ],
    [
      "model.ablation NaN lossWeights",
      () =>
        model.ablation({
          sequences: mha.encodeText("abcabca"),
          lossWeights: new Float32Array(6).fill(NaN),
        }),
    ],
    [
      "model.ablation lying lossWeights",
      () =>
        model.ablation({
          sequences: mha.encodeText("abcabca"),
          lossWeights: lyingFloats(6000, 6),
        }),
    ],
    ["decodeTokens lying ids", () => mha.decodeTokens(lyingInts(3, 1 << 20))],
    [
      "createTrainer positionScale 1e300",
      () => mha.createTrainer({ positionScale: 1e300 }),
    ],
    ["createTrainer lr 1e39", () => mha.createTrainer({ lr: 1e39 })],
    [
      "createTrainer decaySteps -5",
      () => mha.createTrainer({ decaySteps: -5 }),
    ],
    ["createTrainer a getter that throws", () => mha.createTrainer(throwing)],
    [
      "createTrainer huge model",
      () =>
        mha.createTrainer({
          layers: 16,
          dModel: 1024,
          heads: 16,
          mlp: true,
          dMlp: 4096,
          context: 1024,
          batch: 1,
          n: 64,
          maxShift: 8,
        }),
    ],
    [
      "probeSequences alphabet éü",
      () => mha.probeSequences({ alphabet: "éü" }),
    ],
    ["inherited option", () => model.topNext(ids, Object.create({ k: 0 }))],
    [
      "weightsToJSON d_model 4096",
      () =>
        mha.weightsToJSON({
          dModel: 4096,
          heads: 16,
          ...seededWeights(4096, 16, 1),
        }),
    ],
    [
      "trainer step over the bound",
      () => {
        const t = mha.createTrainer();
        try {
          return t.step(t.maxStepsPerCall + 1);
        } finally {
          t.dispose();
        }
      },
    ],
    [
      "model used after dispose",
      () => {
        const m = mha.loadModel(modelBytes);
        m.dispose();
        return m.forward(ids);
      },
    ],
    [
      "trainer used after dispose",
      () => {
        const t = mha.createTrainer();
        t.dispose();
        return t.step(1);
      },
    ],
  );
  return calls;
}

const MAY_ACCEPT = new Set([
  "inherited option",
  "model.forward lying ids",
  "decodeTokens lying ids",
]);

test("every hostile call is a named MHAError, and the module keeps its numbers", () => {
  const calls = hostileCalls();
  const classes = new Set(calls.map(([what]) => what.split(":").at(-1).trim()));
  let refused = 0;
  let accepted = 0;
  for (const [what, call] of calls) {
    let result;
    try {
      result = call();
    } catch (e) {
      assert.ok(
        e instanceof MHAError,
        `${what}: threw ${e?.constructor?.name}: ${e?.message}`,
      );
      assert.ok(e.code && e.message, `${what}: an MHAError with a code`);
      refused++;
    }
    if (result !== undefined) {
      // Accepted only where what is really there is valid: an inherited
      // option is not read (own fields are), and lying ids are read by
      // their real length, four ids of 1.
      assert.ok(MAY_ACCEPT.has(what), `${what}: accepted`);
      if (what === "decodeTokens lying ids") {
        assert.equal(result, mha.decodeTokens([1, 1, 1]));
      }
      if (what === "model.forward lying ids") {
        assert.deepEqual(
          Array.from(result.logits),
          Array.from(model.forward(Int32Array.of(1, 1, 1, 1)).logits),
        );
      }
      accepted++;
    }
    assert.deepEqual(goodForward(), baseline.forward, `${what}: forward after`);
    assert.deepEqual(goodModel(), baseline.model, `${what}: model after`);
  }
  mha.clearWeights();
  // A second pass, once every buffer a call may keep has grown: no rejected
  // call leaves the heap bigger.
  const heap = mha.heapBytes();
  for (const [, call] of hostileCalls()) {
    try {
      call();
    } catch {
      // Refused, as the first pass showed.
    }
  }
  mha.clearWeights();
  assert.equal(mha.heapBytes(), heap, "the heap did not grow");
  assert.ok(calls.length > 300, `${calls.length} calls`);
  assert.equal(accepted, MAY_ACCEPT.size);
  console.log(
    `hostile API: ${calls.length} calls, ${classes.size} classes of value, ${refused} refused`,
  );
});

test("a lying typed array is copied as what it really holds", () => {
  // A subclass claiming 4 floats that really holds n × dModel is read by its
  // real length: the same result as the plain array.
  const real = Float32Array.from(x);
  class Lying extends Float32Array {
    get length() {
      return 4;
    }
  }
  const got = mha.forward({ x: new Lying(real), n, dModel, heads, ...weights });
  assert.deepEqual(Array.from(got.output), baseline.forward);
});
