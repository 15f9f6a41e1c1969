// The trained-model API (web/lib/model.js) against the wasm core in Node:
// checkpoints load, the forward pass and the loss agree with an independent
// JS reference (reference-model.mjs), the head metrics agree with what
// mha_train stored natively and with a hand calculation from the weights,
// ablation and training behave, and every kind of bad input is a named
// MHAError after which the module keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  BROWSER_TRAINER_DEFAULTS,
  createMHA,
  MHAError,
  TRAINER_DEFAULTS,
} from "mha-explainer";
import {
  parseCheckpoint,
  referenceForward,
  referenceLoss,
} from "./reference-model.mjs";

const MODEL_DIR = new URL("../../web/data/model/", import.meta.url);
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const index = JSON.parse(readFileSync(new URL("index.json", MODEL_DIR)));
const finalFile = index.checkpoints.at(-1).file;
const finalBytes = readFileSync(new URL(finalFile, MODEL_DIR));

const mha = await createMHA();

function expectMHAError(fn, code, ...fragments) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof MHAError, `an MHAError, got ${e}`);
    assert.equal(e.code, code, e.message);
    for (const f of fragments) {
      assert.ok(e.message.includes(f), `"${e.message}" lacks "${f}"`);
    }
    return true;
  });
}

const probe = () =>
  mha.probeSequences({ batch: 4, half: 32, alphabet: LETTERS });

test("a shipped checkpoint loads with its config, step and meta", () => {
  const model = mha.loadModel(finalBytes);
  const ref = parseCheckpoint(finalBytes);
  assert.equal(model.step, ref.step);
  assert.equal(model.config.layers, ref.config.layers);
  assert.equal(model.config.heads, ref.config.heads);
  assert.equal(model.config.dModel, ref.config.d_model);
  assert.equal(model.config.dK, ref.config.d_model / ref.config.heads);
  let parameters = 0;
  for (const { data } of ref.tensors.values()) parameters += data.length;
  assert.equal(model.parameterCount, parameters);
  assert.deepEqual(model.meta, ref.meta);
  // An ArrayBuffer and a Uint8Array view into a larger buffer work too.
  const padded = new Uint8Array(finalBytes.length + 16);
  padded.set(finalBytes, 8);
  for (const bytes of [
    finalBytes.buffer.slice(
      finalBytes.byteOffset,
      finalBytes.byteOffset + finalBytes.length,
    ),
    padded.subarray(8, 8 + finalBytes.length),
  ]) {
    const m = mha.loadModel(bytes);
    assert.equal(m.step, model.step);
    m.dispose();
  }
  model.dispose();
});

test("forward matches an independent JS reference: logits and every head's weights", () => {
  const model = mha.loadModel(finalBytes);
  const ref = parseCheckpoint(finalBytes);
  const ids = mha.encodeText("Call me Ishmael. Call me Ishmael.");
  const r = model.forward(ids);
  const expected = referenceForward(ref, Array.from(ids));
  let worst = 0;
  for (let i = 0; i < r.logits.length; i++) {
    worst = Math.max(worst, Math.abs(r.logits[i] - expected.logits[i]));
  }
  assert.ok(worst < 2e-3, `largest logit difference ${worst}`);
  const n = ids.length;
  for (let l = 0; l < 2; l++) {
    for (let h = 0; h < 4; h++) {
      const w = r.headWeights(l, h);
      const e = expected.attention[l][h];
      for (let i = 0; i < n * n; i++) {
        assert.ok(
          Math.abs(w[i] - e[i]) < 1e-4,
          `L${l}H${h}[${i}]: ${w[i]} vs ${e[i]}`,
        );
      }
    }
  }
  // With a head ablated, the reference agrees too.
  const ablated = model.forward(ids, { ablate: [{ layer: 1, head: 2 }] });
  const ea = referenceForward(ref, Array.from(ids), new Set(["1,2"]));
  worst = 0;
  for (let i = 0; i < ablated.logits.length; i++) {
    worst = Math.max(worst, Math.abs(ablated.logits[i] - ea.logits[i]));
  }
  assert.ok(worst < 2e-3, `largest ablated logit difference ${worst}`);
  model.dispose();
});

test("attention rows sum to 1 and the causal cells are exactly 0", () => {
  const model = mha.loadModel(finalBytes);
  const r = model.forward(mha.encodeText("the white whale"));
  const n = r.n;
  for (let l = 0; l < r.layers; l++) {
    for (let h = 0; h < r.headCount; h++) {
      const w = r.headWeights(l, h);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) {
          if (j > i) assert.equal(w[i * n + j], 0);
          sum += w[i * n + j];
        }
        assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
      }
    }
  }
  model.dispose();
});

test("analyze reproduces the metrics mha_train stored, and a hand-computed previous-token score", () => {
  const model = mha.loadModel(finalBytes);
  const ids = probe();
  const a = model.analyze(ids, { batch: 4 });
  const stored = index.checkpoints.at(-1).heads;
  assert.equal(a.reports.length, 8);
  a.reports.forEach((h, i) => {
    const s = stored[i];
    assert.equal(h.label, s.label, `L${h.layer}H${h.head}`);
    assert.ok(Math.abs(h.previousToken - s.previous_token) < 1e-4);
    assert.ok(Math.abs(h.induction - s.induction) < 1e-4);
  });
  // The targets of issue 6: a previous-token and an induction head ≥ 0.5.
  assert.ok(a.reports.some((h) => h.label === "previous-token"));
  assert.ok(
    a.reports.some((h) => h.label === "induction" && h.induction >= 0.5),
  );
  // Previous-token score by hand from the forward pass: mean A[i, i-1] over
  // rows 1..n-1, averaged over the 4 probe sequences.
  const n = 64;
  let total = 0;
  for (let b = 0; b < 4; b++) {
    const w = model.forward(ids.subarray(b * n, (b + 1) * n)).headWeights(0, 0);
    let s = 0;
    for (let i = 1; i < n; i++) s += w[i * n + i - 1];
    total += s / (n - 1);
  }
  assert.ok(Math.abs(total / 4 - a.reports[0].previousToken) < 1e-5);
  // Divergence: 8 × 8, zero on the diagonal, symmetric, within [0, 1] bits.
  for (let i = 0; i < 8; i++) {
    assert.ok(Math.abs(a.divergence[i * 8 + i]) < 1e-6);
    for (let j = 0; j < 8; j++) {
      const d = a.divergence[i * 8 + j];
      assert.ok(d >= -1e-6 && d <= 1 + 1e-6);
      assert.ok(Math.abs(d - a.divergence[j * 8 + i]) < 1e-5);
    }
  }
  // Stricter thresholds change the labels, not the scores.
  const strict = model.analyze(ids, {
    batch: 4,
    thresholds: { induction: 0.99, previousToken: 0.99 },
  });
  assert.ok(!strict.reports.some((h) => h.label === "induction"));
  assert.equal(strict.reports[6].induction, a.reports[6].induction);
  model.dispose();
});

test("ablating the induction head raises the repeated-half loss; the loss agrees with the reference", () => {
  const model = mha.loadModel(finalBytes);
  const ref = parseCheckpoint(finalBytes);
  const ids = probe();
  const weights = mha.repeatedHalfWeights(4, 32);
  assert.equal(weights.length, 4 * 63);
  const none = model.ablation({
    sequences: ids,
    batch: 4,
    lossWeights: weights,
  });
  assert.equal(none.delta, 0);
  assert.equal(none.changedPredictions, 0);
  const r = model.ablation({
    sequences: ids,
    batch: 4,
    lossWeights: weights,
    ablate: [{ layer: 1, head: 2 }],
  });
  assert.ok(r.delta > 0.5, `delta ${r.delta}`);
  assert.ok(r.changedPredictions > 0.3);
  assert.equal(r.predicted.length, 4 * 63);
  // The intact loss, from the reference forward of each sequence.
  let total = 0;
  for (let b = 0; b < 4; b++) {
    const seq = Array.from(ids.subarray(b * 64, (b + 1) * 64));
    const out = referenceForward(ref, seq.slice(0, 63));
    total += referenceLoss(
      out.logits,
      96,
      seq.slice(1),
      weights.subarray(b * 63, (b + 1) * 63),
    );
  }
  // Every sequence has the same number of scored positions, so the mean of
  // the per-sequence means is the overall mean.
  assert.ok(Math.abs(total / 4 - r.loss) < 1e-3, `${total / 4} vs ${r.loss}`);
  // Flags as a Uint8Array mean the same heads.
  const flags = new Uint8Array(8);
  flags[6] = 1;
  const same = model.ablation({
    sequences: ids,
    batch: 4,
    lossWeights: weights,
    ablate: flags,
  });
  assert.equal(same.ablatedLoss, r.ablatedLoss);
  model.dispose();
});

test("every checkpoint loads; the induction score grows across the phase change", () => {
  const ids = probe();
  const best = index.checkpoints.map(({ file }) => {
    const m = mha.loadModel(readFileSync(new URL(file, MODEL_DIR)));
    const score = Math.max(
      ...m.analyze(ids, { batch: 4 }).reports.map((h) => h.induction),
    );
    m.dispose();
    return score;
  });
  assert.ok(best[0] < 0.1, `${best[0]}`);
  assert.ok(best.at(-1) > 0.9, `${best.at(-1)}`);
});

test("text round-trips through the character vocabulary", () => {
  const ids = mha.encodeText("Hi,\n\nthere “whale” — ok");
  assert.ok(ids instanceof Int32Array);
  assert.equal(mha.decodeTokens(ids), 'Hi,\nthere "whale" - ok');
  assert.equal(mha.decodeTokens([]), "");
  assert.equal(mha.encodeText("").length, 0);
});

test("a trainer is deterministic, learns, and snapshots its weights", () => {
  const settings = { seed: 7, batch: 4 };
  const a = mha.createTrainer(settings);
  const b = mha.createTrainer(settings);
  /** `count` steps in calls of at most maxStepsPerCall. */
  const steps = (t, count) => {
    const out = [];
    while (out.length < count) {
      out.push(...t.step(Math.min(count - out.length, t.maxStepsPerCall)));
    }
    return out;
  };
  assert.ok(a.maxStepsPerCall >= 1 && a.maxStepsPerCall < 100);
  assert.throws(
    () => a.step(a.maxStepsPerCall + 1),
    (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
  );
  const sa = steps(a, 30);
  const sb = steps(b, 30);
  assert.deepEqual(sa, sb);
  assert.equal(sa.length, 30);
  assert.equal(sa[29].step, 30);
  assert.equal(a.stepsDone, 30);
  assert.equal(a.settings.dModel, mha.trainerDefaults.dModel);
  const first = sa.slice(0, 5).reduce((s, x) => s + x.loss, 0) / 5;
  const later = steps(a, 170).slice(-20);
  const last = later.reduce((s, x) => s + x.loss, 0) / later.length;
  assert.ok(last < first, `loss ${first} → ${last}`);
  const snap = a.snapshot();
  assert.equal(snap.step, 200);
  assert.equal(snap.config.layers, mha.trainerDefaults.layers);
  const r = snap.forward(mha.encodeText("abcabc"));
  assert.equal(r.weights.length, 2 * 2 * 36);
  assert.equal(r.headCount, 2);
  // The deprecated old names still read the new fields, and are not data.
  assert.equal(r.attention, r.weights);
  assert.equal(r.heads, r.headCount);
  assert.deepEqual(Object.keys(r).sort(), [
    "headCount",
    "layers",
    "logitPositions",
    "logits",
    "n",
    "tokens",
    "vocab",
    "weights",
  ]);
  for (const [layer, head] of [
    [2, 0],
    [0, 2],
    [-1, 0],
    [0, 0.5],
  ]) {
    assert.throws(
      () => r.headWeights(layer, head),
      (e) => e instanceof MHAError && e.code === "OUT_OF_RANGE",
    );
  }
  snap.dispose();
  a.dispose();
  b.dispose();
});

test("trainer settings: the core's names, defaults and checks, old names still read", () => {
  const d = mha.trainerDefaults;
  // The browser's own choices win; the rest are the core's defaults
  // (cpp/include/mha/model/{model,optimizer,data}.h).
  assert.equal(d.dModel, BROWSER_TRAINER_DEFAULTS.dModel);
  assert.equal(d.layers, 2);
  assert.equal(d.beta2, 0.99);
  assert.equal(d.clipNorm, 1);
  assert.equal(d.activation, "gelu");
  assert.ok(Object.isFrozen(d));
  assert.equal(TRAINER_DEFAULTS, BROWSER_TRAINER_DEFAULTS, "deprecated alias");

  const text =
    "Call me Ishmael. Some years ago, never mind how long precisely.";
  const t = mha.createTrainer({ mix: 0.5, clip: 0.25, text });
  assert.equal(t.settings.syntheticFraction, 0.5);
  assert.equal(t.settings.clipNorm, 0.25);
  assert.equal(t.settings.mix, 0.5, "old name, non-enumerable");
  assert.ok(!Object.keys(t.settings).includes("mix"));
  // The core holds floats; it reports the shortest decimal of each.
  assert.equal(Math.fround(t.settings.initStd), Math.fround(1 / Math.sqrt(32)));
  assert.equal(t.settings.text, text);
  t.dispose();

  const throwing = {
    get lr() {
      throw new Error("no");
    },
  };
  for (const [settings, code, says] of [
    [{ layerz: 1 }, "BAD_TYPE", "unknown trainer setting"],
    [{ heads: 1.5 }, "OUT_OF_RANGE", "heads"],
    [{ heads: 2 ** 32 + 2 }, "OUT_OF_RANGE", "heads"],
    [{ seed: 2 ** 32 }, "OUT_OF_RANGE", "seed"],
    [{ lr: NaN }, "NON_FINITE", "lr"],
    [{ lr: "fast" }, "BAD_TYPE", "lr"],
    [{ lr: 10n }, "BAD_TYPE", "lr"],
    [{ activation: "tanh" }, "BAD_TYPE", "activation"],
    [{ mix: 0.5, syntheticFraction: 0.5 }, "BAD_TYPE", "not both"],
    [throwing, "BAD_TYPE", "threw"],
    [{ text: 5 }, "BAD_TYPE", "text"],
    [[1], "BAD_TYPE", "settings object"],
  ]) {
    assert.throws(
      () => mha.createTrainer(settings),
      (e) =>
        e instanceof MHAError && e.code === code && e.message.includes(says),
      `${code}: ${says}`,
    );
  }
  const again = mha.createTrainer({ seed: 3 });
  assert.equal(again.step(1).length, 1, "a good call after the bad ones");
  again.dispose();
});

test("bad input gives a named MHAError and the module keeps working", () => {
  const model = mha.loadModel(finalBytes);
  const good = mha.encodeText("the whale");
  const expected = Array.from(model.forward(good).logits);
  const cases = [
    [() => mha.loadModel(new Uint8Array(10)), "BAD_JSON", "MHAMODL1"],
    [() => mha.loadModel(finalBytes.subarray(0, 5000)), "BAD_JSON"],
    [() => mha.loadModel("bytes"), "BAD_TYPE", "Uint8Array"],
    [() => model.forward([]), "ZERO_SIZE", "empty"],
    [() => model.forward([1, 96]), "SHAPE_MISMATCH", "96", "vocabulary"],
    [() => model.forward([1.5]), "BAD_TYPE", "integer"],
    [() => model.forward(new Int32Array(129)), "TOO_LARGE", "129", "128"],
    [
      () => model.forward(good, { ablate: [{ layer: 2, head: 0 }] }),
      "OUT_OF_RANGE",
      "layer",
    ],
    [
      () => model.forward(good, { ablate: new Uint8Array(3) }),
      "SHAPE_MISMATCH",
      "8",
    ],
    [() => model.forward(good, { foo: 1 }), "BAD_TYPE", "foo"],
    [() => model.analyze(good, { batch: 2 }), "SHAPE_MISMATCH"],
    [() => model.analyze([5]), "ZERO_SIZE"],
    [
      () => model.analyze(good, { thresholds: { induction: NaN } }),
      "BAD_TYPE",
      "induction",
    ],
    [
      () => model.ablation({ sequences: good, lossWeights: [1] }),
      "SHAPE_MISMATCH",
      "lossWeights",
    ],
    [() => mha.createTrainer({ heads: 3 }), "HEADS_DO_NOT_DIVIDE"],
    [() => mha.createTrainer({ lr: NaN }), "NON_FINITE", "lr"],
    [() => mha.createTrainer({ lr: -1 }), "OUT_OF_RANGE", "lr"],
    [() => mha.createTrainer({ n: 64 }), "OUT_OF_RANGE", "context"],
    [() => mha.createTrainer({ batch: 100000, n: 32 }), "TOO_LARGE", "batch"],
    [() => mha.createTrainer({ mix: 0.5 }), "OUT_OF_RANGE", "text"],
    [() => mha.createTrainer({ learningRate: 1 }), "BAD_TYPE", "learningRate"],
    [() => mha.probeSequences({ half: 100, alphabet: "ab" }), "OUT_OF_RANGE"],
    [() => mha.encodeText(3), "BAD_TYPE"],
  ];
  for (const [fn, code, ...fragments] of cases) {
    expectMHAError(fn, code, ...fragments);
    assert.deepEqual(Array.from(model.forward(good).logits), expected);
  }
  const trainer = mha.createTrainer();
  expectMHAError(() => trainer.step(0), "OUT_OF_RANGE", "steps");
  trainer.dispose();
  expectMHAError(() => trainer.step(), "DISPOSED");
  trainer.dispose(); // twice is fine
  model.dispose();
  expectMHAError(() => model.forward(good), "DISPOSED", "disposed");
  assert.equal(model.alive, false);
});

test("models left open hit a clear limit, and disposing frees the heap for reuse", () => {
  const open = [];
  assert.throws(
    () => {
      for (let i = 0; i < 100; i++) open.push(mha.loadModel(finalBytes));
    },
    (e) =>
      e instanceof MHAError &&
      e.code === "TOO_LARGE" &&
      /dispose/.test(e.message),
  );
  assert.equal(open.length, 64);
  for (const m of open) m.dispose();
  // Load and dispose many times: the heap stops growing.
  for (let i = 0; i < 5; i++) mha.loadModel(finalBytes).dispose();
  const before = mha.heapBytes();
  for (let i = 0; i < 50; i++) mha.loadModel(finalBytes).dispose();
  assert.equal(mha.heapBytes(), before);
});

test("analysis.best(metric) is the argmax over analyze()'s heads, first on a tie", () => {
  const model = mha.loadModel(finalBytes);
  const a = model.analyze(probe(), { batch: 4 });
  const metrics = [
    "previousToken",
    "induction",
    "selfMass",
    "sinkMass",
    "entropy",
    "entropyNormalized",
    "confidence",
    "meanDistance",
    "localMass",
    "copying",
  ];
  for (const metric of metrics) {
    let want = null;
    for (const h of a.reports) {
      if (want === null || h[metric] > want.value) {
        want = { layer: h.layer, head: h.head, value: h[metric] };
      }
    }
    assert.deepEqual(a.best(metric), want, metric);
  }
  assert.equal(a.best("induction").layer, 1, "the trained induction head");
  // Within one layer: the argmax of that layer's heads, named in the model.
  for (const layer of [0, 1]) {
    let want = null;
    for (const h of a.reports.filter((h) => h.layer === layer)) {
      if (want === null || h.previousToken > want.value) {
        want = { layer, head: h.head, value: h.previousToken };
      }
    }
    assert.deepEqual(a.best("previousToken", { layer }), want);
  }
  for (const layer of [2, -1, 0.5]) {
    assert.throws(
      () => a.best("induction", { layer }),
      (e) => e instanceof MHAError,
    );
  }
  for (const [metric, code] of [
    ["inductoin", "OUT_OF_RANGE"],
    ["layer", "OUT_OF_RANGE"],
    [3, "BAD_TYPE"],
  ]) {
    assert.throws(
      () => a.best(metric),
      (e) => e instanceof MHAError && e.code === code,
      String(metric),
    );
  }
  assert.ok(!Object.keys(a).includes("best"), "best is not data");
  assert.equal(a.heads, a.reports, "the deprecated old name");
  assert.ok(!Object.keys(a).includes("heads"));
  model.dispose();
});

/** The top k of a double softmax of one row of forward()'s logits. */
function plainTopNext(forward, position, k) {
  const row = forward.logits.subarray(
    position * forward.vocab,
    (position + 1) * forward.vocab,
  );
  const top = Math.max(...row);
  const e = Array.from(row, (v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e
    .map((v, id) => ({ id, p: v / sum }))
    .sort((a, b) => b.p - a.p || a.id - b.id)
    .slice(0, k);
}

test("topNext is the top k of a softmax of forward()'s logits at one position", () => {
  const model = mha.loadModel(finalBytes);
  const ids = mha.encodeText("Call me Ishmael. Some years ago");
  const f = model.forward(ids);
  for (const [position, k] of [
    [undefined, undefined],
    [0, 3],
    [7, 10],
    [ids.length - 1, model.config.vocab],
  ]) {
    const got = model.topNext(ids, { k, position });
    const want = plainTopNext(f, position ?? ids.length - 1, k ?? 5);
    assert.ok(got.ids instanceof Int32Array);
    assert.ok(got.probabilities instanceof Float32Array);
    assert.deepEqual(
      Array.from(got.ids),
      want.map((w) => w.id),
      `position ${position}, k ${k}`,
    );
    got.probabilities.forEach((p, i) =>
      assert.ok(
        Math.abs(p - want[i].p) < 1e-5,
        `position ${position}: p[${i}] ${p} vs ${want[i].p}`,
      ),
    );
  }
  for (const [opts, code] of [
    [{ k: 0 }, "OUT_OF_RANGE"],
    [{ k: model.config.vocab + 1 }, "OUT_OF_RANGE"],
    [{ position: ids.length }, "OUT_OF_RANGE"],
    [{ position: 1.5 }, "BAD_TYPE"],
    [{ top: 3 }, "BAD_TYPE"],
  ]) {
    assert.throws(
      () => model.topNext(ids, opts),
      (e) => e instanceof MHAError && e.code === code,
      JSON.stringify(opts),
    );
  }
  assert.deepEqual(
    Array.from(model.topNext(ids).ids),
    plainTopNext(f, ids.length - 1, 5).map((w) => w.id),
    "a good call after the bad ones",
  );
  model.dispose();
});

test("topNext with ablate is the top k of the ablated forward's logits", () => {
  const model = mha.loadModel(finalBytes);
  const ids = mha.encodeText("abcabcabc");
  const ablate = [{ layer: 1, head: 0 }];
  const want = plainTopNext(model.forward(ids, { ablate }), ids.length - 1, 5);
  const got = model.topNext(ids, { ablate });
  assert.deepEqual(
    Array.from(got.ids),
    want.map((w) => w.id),
  );
  got.probabilities.forEach((p, i) =>
    assert.ok(Math.abs(p - want[i].p) < 1e-5),
  );
  assert.throws(
    () => model.topNext(ids, { ablate: new Uint8Array(1) }),
    (e) => e instanceof MHAError && e.code === "SHAPE_MISMATCH",
  );
  model.dispose();
});

test("PROBE_DEFAULTS are the probe of docs/MODEL.md and probeSequences()' defaults", async () => {
  const { PROBE_DEFAULTS } = await import("mha-explainer");
  const mha = await createMHA();
  // docs/MODEL.md: 4 sequences of 32 distinct letters; the C++ core's
  // kProbeSeed (cpp/include/mha/model/train.h) is 20220308.
  assert.deepEqual(
    { ...PROBE_DEFAULTS },
    { batch: 4, half: 32, seed: 20220308 },
  );
  assert.ok(Object.isFrozen(PROBE_DEFAULTS));
  assert.deepEqual(
    Array.from(mha.probeSequences()),
    Array.from(mha.probeSequences({ ...PROBE_DEFAULTS })),
  );
  assert.equal(mha.probeSequences().length, 4 * 64);
});
