// The pure words of #examples, #parallel and #learn (their text.js files):
// the sentences built from a run's numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as examples from "../../web/sections/examples/text.js";
import * as parallel from "../../web/sections/parallel/text.js";
import { workerCounts } from "../../web/sections/parallel/cores.js";
import * as learn from "../../web/sections/learn/text.js";

test("#examples: five examples, the share sentence and the problem line", () => {
  assert.deepEqual(
    examples.EXAMPLES.map((e) => e.rule),
    ["previous", "syntactic", "semantic", "copy", "sink"],
  );
  const tokens = [{ text: "I" }, { text: "saw" }, { text: "it" }];
  assert.match(
    examples.shareText({ mean: null, rows: [] }, tokens),
    /finds no characteristic cell/,
  );
  assert.equal(
    examples.shareText(
      {
        mean: 0.75,
        rows: [
          { row: 1, share: 0.9 },
          { row: 2, share: 0.6 },
        ],
      },
      tokens,
    ),
    "On the outlined cells: 75% of each row's attention on average, over the 2 rows that have one. Lowest: “it” with 60%.",
  );
  assert.equal(examples.problemText("No words.", null), "No words.");
  assert.equal(
    examples.problemText("No words.", "a b"),
    "No words. The heatmap still shows “a b”.",
  );
});

test("#parallel: the measurement sentence names the splits and their ratios", () => {
  const results = [
    { heads: 1, dK: 256, median: 10, times: [10, 10, 10] },
    { heads: 4, dK: 64, median: 11, times: [11, 11] },
    { heads: 64, dK: 4, median: 30, times: [30, 30, 30] },
  ];
  const text = parallel.describeMeasurement(results);
  assert.match(text, /^On this device one head of 256 took /);
  assert.match(text, /median of at least 2 timed runs/);
  assert.match(text, /4 heads of 64: 1\.10×; 64 heads of 4: 3\.00×\./);
  assert.match(text, /Within 25% of it: 4 heads of 64\.$/);
  assert.equal(parallel.progressText(3, 4, null), "Measured.");
  assert.equal(
    parallel.progressText(0, 4, 16),
    "Measuring 16 heads of 16 (1 of 4)…",
  );
});

test("#learn: the problem line and the features read", () => {
  assert.equal(
    learn.problemText("Too long.", "x"),
    "Too long. The cards still show “x”.",
  );
  assert.equal(
    learn.featuresReadText([], ["pos"]),
    "Its query reads: nothing. Its key reads: pos.",
  );
});

test("#parallel: the multi-core counts and sentence", () => {
  assert.deepEqual(workerCounts(1), [1]);
  assert.deepEqual(workerCounts(2), [1, 2]);
  assert.deepEqual(workerCounts(8), [1, 2, 8]);
  assert.deepEqual(workerCounts(64), [1, 2, 12]);
  const two = parallel.describeCores({
    cores: 2,
    results: [
      { workers: 1, median: 20, times: [20, 21, 19] },
      { workers: 2, median: 11, times: [11, 12, 10, 11] },
    ],
  });
  assert.match(two, /^This device reports 2 cores\. /);
  assert.match(
    two,
    /20\.0 ms with 1 Worker and 11\.0 ms with 2 Workers \(1\.82× as fast\)/,
  );
  assert.match(two, /\): medians of at least 3 timed runs each/);
  const one = parallel.describeCores({
    cores: 1,
    results: [{ workers: 1, median: 5, times: [5, 5, 5] }],
  });
  assert.match(one, /reports 1 core\. .*take turns/);
  assert.equal(
    parallel.coresProgressText(1, 3, 2),
    "Measuring with 2 Workers (2 of 3)…",
  );
});
