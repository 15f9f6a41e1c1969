// The #training section's training loop (web/sections/training/loop.js) against the real wasm core
// in Node: the message protocol and its order, the numbers against the
// Trainer called directly, pause/resume/reset between chunks, errors as
// messages, and the milestone rule. Also the runner's in-page mode
// (web/sections/training/runner.js), which Node takes since it has no Worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA } from "../../web/lib/mha.js";
import { readFileSync } from "node:fs";
import {
  createTrainingSession,
  newMilestones,
} from "../../web/sections/training/loop.js";
import {
  TRAINING_SETTINGS,
  SHOWN_PROBE,
} from "../../web/sections/training/settings.js";
import {
  createTrainingRunner,
  workerUnavailable,
} from "../../web/sections/training/runner.js";

const mha = await createMHA();

/** A session whose chunks run only when the test says so. */
function manualSession(options = {}) {
  const queue = [];
  const messages = [];
  const session = createTrainingSession(mha, (m) => messages.push(m), {
    chunk: 25,
    schedule: (fn) => {
      queue.push(fn);
      return fn;
    },
    cancel: (fn) => {
      const i = queue.indexOf(fn);
      if (i >= 0) queue.splice(i, 1);
    },
    ...options,
  });
  const runAll = () => {
    while (queue.length) queue.shift()();
  };
  const runOne = () => queue.shift()?.();
  return { session, messages, queue, runAll, runOne };
}

const progressPoints = (messages) =>
  messages.filter((m) => m.type === "progress").flatMap((m) => m.points);

test("a run's messages, in order: started, heads at 0, progress per chunk, heads every snapshotEvery, done", () => {
  const { session, messages, runAll } = manualSession();
  session.handle({
    type: "start",
    settings: TRAINING_SETTINGS,
    steps: 60,
    snapshotEvery: 20,
  });
  runAll();
  const order = messages.map((m) => `${m.type}${m.step ?? ""}`);
  assert.deepEqual(order, [
    "started",
    "heads0",
    "progress20",
    "heads20",
    "progress40",
    "heads40",
    "progress60",
    "heads60",
    "done60",
  ]);
  const started = messages[0];
  assert.equal(started.steps, 60);
  assert.equal(started.settings.seed, TRAINING_SETTINGS.seed);
  assert.equal(started.tokens.length, 2 * SHOWN_PROBE.half);
  assert.deepEqual(
    started.tokens.slice(0, SHOWN_PROBE.half),
    started.tokens.slice(SHOWN_PROBE.half),
    "the shown sequence is its first half repeated",
  );
  for (const m of messages.filter((x) => x.type === "heads")) {
    assert.equal(
      m.heads.length,
      TRAINING_SETTINGS.layers * TRAINING_SETTINGS.heads,
    );
    assert.equal(m.weights.length, m.heads.length);
    const n = m.n;
    assert.equal(n, 2 * SHOWN_PROBE.half);
    for (const w of m.weights) {
      assert.equal(w.length, n * n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += w[i * n + j];
        assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
        for (let j = i + 1; j < n; j++) assert.equal(w[i * n + j], 0, "causal");
      }
    }
    for (const h of m.heads) {
      assert.equal(typeof h.label, "string");
      assert.ok(h.previousToken >= 0 && h.previousToken <= 1);
      assert.ok(h.induction >= 0 && h.induction <= 1);
    }
  }
  // Points of the loss plot: every 25 steps, and the last step.
  assert.deepEqual(
    progressPoints(messages).map((p) => p.step),
    [25, 50, 60],
  );
  assert.equal(session.active, false, "the trainer is freed when done");
});

test("the loss points are the means of the Trainer's own per-step losses", () => {
  const { session, messages, runAll } = manualSession();
  session.handle({ type: "start", settings: TRAINING_SETTINGS, steps: 50 });
  runAll();
  const trainer = mha.createTrainer(TRAINING_SETTINGS);
  const stats = [];
  while (stats.length < 50) {
    stats.push(
      ...trainer.step(Math.min(50 - stats.length, trainer.maxStepsPerCall)),
    );
  }
  trainer.dispose();
  const mean = (a) => a.reduce((s, x) => s + x.lossSynthetic, 0) / a.length;
  const points = progressPoints(messages);
  assert.equal(points.length, 2);
  assert.ok(Math.abs(points[0].lossCopies - mean(stats.slice(0, 25))) < 1e-6);
  assert.ok(Math.abs(points[1].lossCopies - mean(stats.slice(25, 50))) < 1e-6);
  // Early in training the copies' loss is near ln 96 (uniform guessing).
  assert.ok(points[0].lossCopies > 3 && points[0].lossCopies < 5.5);
});

test("pause stops the steps between chunks, resume carries on, reset frees and stays quiet", () => {
  const { session, messages, queue, runOne } = manualSession();
  session.handle({ type: "start", settings: TRAINING_SETTINGS, steps: 200 });
  runOne();
  runOne();
  const stepOf = () =>
    messages.filter((m) => m.type === "progress").at(-1).step;
  assert.equal(stepOf(), 50);
  session.handle({ type: "pause" });
  assert.equal(messages.at(-1).type, "paused");
  assert.equal(messages.at(-1).step, 50);
  assert.equal(queue.length, 0, "nothing is scheduled while paused");
  session.handle({ type: "pause" }); // a second pause says nothing
  assert.equal(messages.filter((m) => m.type === "paused").length, 1);
  session.handle({ type: "resume" });
  assert.equal(messages.at(-1).type, "resumed");
  runOne();
  assert.equal(stepOf(), 75);
  session.handle({ type: "reset" });
  assert.equal(messages.at(-1).type, "reset");
  assert.equal(session.active, false);
  assert.equal(queue.length, 0);
  const count = messages.length;
  session.handle({ type: "resume" });
  assert.equal(messages.length, count, "resume after reset does nothing");
});

test("bad settings and unknown messages come back as error messages", () => {
  const { session, messages } = manualSession();
  session.handle({
    type: "start",
    settings: { heads: 2, wings: 3 },
    steps: 10,
  });
  assert.equal(messages.at(-1).type, "error");
  assert.match(messages.at(-1).message, /unknown trainer setting "wings"/);
  session.handle({ type: "fly" });
  assert.match(messages.at(-1).message, /unknown message type "fly"/);
  // The session still works afterwards.
  session.handle({ type: "start", settings: TRAINING_SETTINGS, steps: 5 });
  assert.equal(messages.at(-2).type, "started");
  session.dispose();
});

/** An analysis-shaped object over `heads`, its best() the argmax (first on a tie). */
function fakeAnalysis(heads) {
  return {
    reports: heads,
    best(metric) {
      let top = null;
      for (const h of heads) {
        if (!top || h[metric] > top.value) {
          top = { layer: h.layer, head: h.head, value: h[metric] };
        }
      }
      return top;
    },
  };
}

test("milestones: the first head the core labels previous-token or induction, once each", () => {
  const heads = [
    {
      layer: 0,
      head: 0,
      label: "previous-token",
      previousToken: 0.55,
      induction: 0,
    },
    { layer: 0, head: 1, label: "broad", previousToken: 0.2, induction: 0 },
    {
      layer: 1,
      head: 0,
      label: "induction",
      induction: 0.51,
      previousToken: 0,
    },
    {
      layer: 1,
      head: 1,
      label: "induction",
      induction: 0.62,
      previousToken: 0,
    },
  ];
  const seen = new Set();
  assert.deepEqual(newMilestones(fakeAnalysis(heads), seen), [
    { kind: "previous-token", layer: 0, head: 0, score: 0.55 },
    { kind: "induction", layer: 1, head: 1, score: 0.62 },
  ]);
  seen.add("induction");
  assert.deepEqual(
    newMilestones(fakeAnalysis(heads), seen).map((m) => m.kind),
    ["previous-token"],
  );
  assert.deepEqual(
    newMilestones(fakeAnalysis(heads.slice(1, 2)), new Set()),
    [],
  );
});

test("milestones: a previous-token head still counts when the top previous-token scorer is an induction head", () => {
  const heads = [
    {
      layer: 0,
      head: 0,
      label: "previous-token",
      previousToken: 0.52,
      induction: 0.1,
    },
    {
      layer: 1,
      head: 0,
      label: "induction",
      previousToken: 0.6,
      induction: 0.7,
    },
  ];
  assert.deepEqual(newMilestones(fakeAnalysis(heads), new Set()), [
    { kind: "previous-token", layer: 0, head: 0, score: 0.52 },
    { kind: "induction", layer: 1, head: 0, score: 0.7 },
  ]);
});

test("milestones of a real analysis are the core's analysis.best", () => {
  const dir = new URL("../../web/data/model/", import.meta.url);
  const index = JSON.parse(readFileSync(new URL("index.json", dir)));
  const bytes = readFileSync(new URL(index.checkpoints.at(-1).file, dir));
  const model = mha.loadModel(bytes);
  try {
    const probe = mha.probeSequences({
      batch: 4,
      half: 32,
      alphabet: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    });
    const analysis = model.analyze(probe, { batch: 4 });
    const found = newMilestones(analysis, new Set());
    const induction = found.find((m) => m.kind === "induction");
    assert.ok(induction, "the trained model has an induction head");
    const best = analysis.best("induction");
    assert.deepEqual(induction, {
      kind: "induction",
      layer: best.layer,
      head: best.head,
      score: best.value,
    });
    // A copy that crossed postMessage has no best(): the loop must not
    // need one on the page's side.
    assert.throws(() => newMilestones(structuredClone(analysis), new Set()));
  } finally {
    model.dispose();
  }
});

test("the runner trains on the page where no Worker can start, with the same messages", async () => {
  assert.match(workerUnavailable({}), /no Workers/);
  assert.match(
    workerUnavailable({
      Worker: function () {},
      location: { protocol: "file:" },
    }),
    /file/,
  );
  assert.equal(
    workerUnavailable({
      Worker: function () {},
      location: { protocol: "https:" },
    }),
    null,
  );
  const messages = [];
  let finished;
  const done = new Promise((resolve) => (finished = resolve));
  const runner = createTrainingRunner({
    mha,
    onMessage: (m) => {
      messages.push(m);
      if (m.type === "done" || m.type === "error") finished();
    },
  });
  runner.start(TRAINING_SETTINGS, 20);
  assert.equal(runner.mode, "page");
  assert.equal(messages.find((m) => m.type === "mode").mode, "page");
  runner.pause();
  assert.equal(messages.at(-1).type, "paused");
  const count = () => messages.filter((m) => m.type === "progress").length;
  const at = count();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(count(), at, "no step while paused");
  runner.resume();
  await done;
  assert.equal(messages.at(-1).type, "done");
  assert.equal(messages.at(-1).step, 20);
  runner.reset();
  assert.equal(messages.at(-1).type, "reset");
  runner.dispose();
});
