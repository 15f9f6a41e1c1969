// mha.patternMetrics() and mha.phaseChangeStep() (the core's pattern_metrics, cpp/include/mha/model/
// metrics.h) against a plain double-precision JS statement of the same
// definitions on random row-stochastic matrices, and its checks: every bad
// input is an MHAError with a code, after which a good call still gives the
// same numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA, MHAError, seededRandom } from "mha-explainer";

const mha = await createMHA();

/** A random n × n row-stochastic pattern, causal (j ≤ i) when asked. */
function randomPattern(n, seed, causal) {
  const random = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const keys = causal ? i + 1 : n;
    let sum = 0;
    for (let j = 0; j < keys; j++) {
      // Cubed, so that rows are peaked rather than near uniform.
      a[i * n + j] = random() ** 3 + 1e-3;
      sum += a[i * n + j];
    }
    for (let j = 0; j < keys; j++) a[i * n + j] /= sum;
  }
  return a;
}

/** metrics.h's definitions, in doubles. */
function referenceMetrics(a, n, tokens, causal) {
  const first = causal ? 1 : 0;
  const rows = n - first;
  const m = {
    previousToken: 0,
    selfMass: 0,
    sinkMass: 0,
    entropy: 0,
    entropyNormalized: 0,
    confidence: 0,
    meanDistance: 0,
    localMass: 0,
  };
  for (let i = first; i < n; i++) {
    const row = a.subarray(i * n, i * n + n);
    if (i >= 1) m.previousToken += row[i - 1] / (n - 1);
    m.selfMass += row[i] / rows;
    m.sinkMass += row[0] / rows;
    let h = 0;
    for (const p of row) if (p > 0) h -= p * Math.log(p);
    m.entropy += h / rows;
    m.entropyNormalized += h / Math.log(causal ? i + 1 : n) / rows;
    m.confidence += Math.max(...row) / rows;
    for (let j = 0; j < n; j++) {
      m.meanDistance += (row[j] * Math.abs(i - j)) / rows;
      if (Math.abs(i - j) <= 4) m.localMass += row[j] / rows;
    }
  }
  // Induction: mass on the successors of earlier copies of the query token.
  let queries = 0;
  let total = 0;
  for (let i = 1; tokens && i < n; i++) {
    const targets = new Set();
    for (let j = 0; j < i; j++) if (tokens[j] === tokens[i]) targets.add(j + 1);
    if (targets.size === 0) continue;
    queries++;
    for (const j of targets) total += a[i * n + j];
  }
  m.induction = queries > 0 ? total / queries : 0;
  return m;
}

function assertMetricsClose(got, want, label) {
  for (const [name, value] of Object.entries(want)) {
    const tolerance = 1e-5 + 1e-5 * Math.abs(value);
    assert.ok(
      Math.abs(got[name] - value) <= tolerance,
      `${label}: ${name} is ${got[name]}, reference ${value}`,
    );
  }
}

test("patternMetrics matches a double-precision reference", () => {
  for (const [n, causal] of [
    [2, true],
    [7, true],
    [16, false],
    [33, true],
  ]) {
    for (const seed of [1, 2, 3]) {
      const a = randomPattern(n, seed * 101 + n, causal);
      const random = seededRandom(seed);
      const tokens = Int32Array.from({ length: n }, () =>
        Math.floor(random() * 4),
      );
      const got = mha.patternMetrics(Float32Array.from(a), n, {
        tokens,
        causal,
      });
      // The reference reads the float32-rounded weights the core reads.
      const want = referenceMetrics(
        Float64Array.from(Float32Array.from(a)),
        n,
        tokens,
        causal,
      );
      assertMetricsClose(got, want, `n=${n} causal=${causal} seed=${seed}`);
    }
  }
});

test("patternMetrics returns the names Model.analyze() gives its heads", () => {
  const m = mha.patternMetrics(Float32Array.from(randomPattern(4, 9, true)), 4);
  assert.deepEqual(Object.keys(m).sort(), [
    "confidence",
    "entropy",
    "entropyNormalized",
    "induction",
    "localMass",
    "meanDistance",
    "previousToken",
    "selfMass",
    "sinkMass",
  ]);
  assert.equal(m.induction, 0, "no tokens: no induction score");
});

test("bad input is an MHAError with a code; the core keeps working", () => {
  const n = 5;
  const good = Float32Array.from(randomPattern(n, 77, true));
  const before = mha.patternMetrics(good, n);
  const nan = good.slice();
  nan[7] = NaN;
  const negative = good.slice();
  negative[6] = -0.25;
  const cases = [
    [
      "wrong length",
      () => mha.patternMetrics(good.subarray(1), n),
      "SHAPE_MISMATCH",
    ],
    ["NaN", () => mha.patternMetrics(nan, n), "NON_FINITE"],
    ["negative weight", () => mha.patternMetrics(negative, n), "OUT_OF_RANGE"],
    [
      "n = 1",
      () => mha.patternMetrics(new Float32Array([1]), 1),
      "OUT_OF_RANGE",
    ],
    ["n too large", () => mha.patternMetrics(good, 1 << 20), "TOO_LARGE"],
    ["n not an integer", () => mha.patternMetrics(good, 2.5), "BAD_TYPE"],
    ["weights not an array", () => mha.patternMetrics("x", n), "BAD_TYPE"],
    [
      "tokens of the wrong length",
      () => mha.patternMetrics(good, n, { tokens: [1, 2] }),
      "SHAPE_MISMATCH",
    ],
    [
      "unknown option",
      () => mha.patternMetrics(good, n, { casual: true }),
      "BAD_TYPE",
    ],
  ];
  for (const [label, call, code] of cases) {
    assert.throws(
      call,
      (e) => e instanceof MHAError && e.code === code,
      `${label} should be ${code}`,
    );
    assert.deepEqual(mha.patternMetrics(good, n), before, `after ${label}`);
  }
});

/** The phase-change rule of metrics.h, stated in plain JS (float32 scores). */
function plainPhaseChange(points) {
  if (points.length === 0) return -1;
  const f = Math.fround;
  const first = f(points[0].induction);
  const last = f(points.at(-1).induction);
  if (!(last > first)) return -1;
  const halfway = f(first + f(0.5 * f(last - first)));
  const hit = points.find((p) => f(p.induction) >= halfway);
  return hit ? hit.step : -1;
}

test("phaseChangeStep follows the halfway rule", () => {
  const random = seededRandom(42);
  for (let run = 0; run < 50; run++) {
    const count = Math.floor(random() * 12);
    let step = 0;
    const points = Array.from({ length: count }, () => {
      step += 1 + Math.floor(random() * 100);
      return { step, induction: random() };
    });
    assert.equal(
      mha.phaseChangeStep(points),
      plainPhaseChange(points),
      JSON.stringify(points),
    );
  }
  // A learning curve: 0.1 → 0.9 crosses 0.5 at step 300.
  const curve = [0.1, 0.12, 0.3, 0.6, 0.85, 0.9].map((induction, i) => ({
    step: i * 100,
    induction,
  }));
  assert.equal(mha.phaseChangeStep(curve), 300);
  assert.equal(
    mha.phaseChangeStep(
      curve
        .slice()
        .reverse()
        .map((p, i) => ({
          step: i,
          induction: p.induction,
        })),
    ),
    -1,
    "a falling curve has no phase change",
  );
  assert.equal(mha.phaseChangeStep([]), -1);
});

test("phaseChangeStep refuses bad points with a code", () => {
  const good = [
    { step: 0, induction: 0.1 },
    { step: 10, induction: 0.9 },
  ];
  const cases = [
    [
      [
        { step: 5, induction: 0.1 },
        { step: 5, induction: 0.2 },
      ],
      "OUT_OF_RANGE",
    ],
    [[{ step: -1, induction: 0.1 }], "OUT_OF_RANGE"],
    [[{ step: 0, induction: NaN }], "NON_FINITE"],
    [[{ step: 0.5, induction: 0.1 }], "BAD_TYPE"],
    [[{ step: 0, induction: "0.1" }], "BAD_TYPE"],
    [[[0, 0.1]], "BAD_TYPE"],
    ["points", "BAD_TYPE"],
  ];
  for (const [points, code] of cases) {
    assert.throws(
      () => mha.phaseChangeStep(points),
      (e) => e instanceof MHAError && e.code === code,
      `${JSON.stringify(points)} should be ${code}`,
    );
    assert.equal(mha.phaseChangeStep(good), 10);
  }
});
