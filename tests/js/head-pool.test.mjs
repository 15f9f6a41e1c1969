// The head pool (web/lib/head-pool.js) under Node's worker_threads: the sum
// of the Workers' partial outputs equals mha.forward's output, and a plain-JS
// double-precision reference; bad calls reject with a code and leave the
// pool working; close() stops it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA, MHAError } from "mha-explainer";
import { createHeadPool, partitionHeads } from "mha-explainer/head-pool.js";
import { seededUniform } from "../../web/lib/random.js";
import { assertClose, randomArgs } from "./helpers.mjs";

const ABS = 1e-6;
const REL = 1e-5;

/** randomArgs plus biases, keep and causal as asked. */
function layerArgs(n, dModel, heads, seed, { causal = false, keep = false }) {
  const extra = {
    bq: seededUniform(dModel, seed + 5, 0.5),
    bk: seededUniform(dModel, seed + 6, 0.5),
    bv: seededUniform(dModel, seed + 7, 0.5),
    bo: seededUniform(dModel, seed + 8, 0.5),
    causal,
  };
  if (keep) extra.keep = Uint8Array.from({ length: n }, (_, i) => i % 3 !== 1);
  return randomArgs(n, dModel, heads, seed, extra);
}

/** Multi-head attention in doubles, straight from the definition. */
function referenceOutput(a) {
  const { n, dModel: d, heads: h } = a;
  const dk = d / h;
  const proj = (w, b) =>
    Array.from({ length: n * d }, (_, idx) => {
      const i = Math.floor(idx / d);
      const j = idx % d;
      let s = b ? b[j] : 0;
      for (let k = 0; k < d; k++) s += a.x[i * d + k] * w[k * d + j];
      return s;
    });
  const q = proj(a.wq, a.bq);
  const k = proj(a.wk, a.bk);
  const v = proj(a.wv, a.bv);
  const concat = new Float64Array(n * d);
  for (let head = 0; head < h; head++) {
    const c0 = head * dk;
    for (let i = 0; i < n; i++) {
      const seen = (j) => (!a.causal || j <= i) && (!a.keep || a.keep[j]);
      const scores = [];
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < dk; c++) s += q[i * d + c0 + c] * k[j * d + c0 + c];
        scores.push(seen(j) ? s / Math.sqrt(dk) : -Infinity);
      }
      const max = Math.max(...scores);
      const e = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - max)));
      const sum = e.reduce((x, y) => x + y, 0);
      for (let c = 0; c < dk; c++) {
        let s = 0;
        for (let j = 0; j < n; j++)
          s += (sum > 0 ? e[j] / sum : 0) * v[j * d + c0 + c];
        concat[i * d + c0 + c] = s;
      }
    }
  }
  return Float64Array.from({ length: n * d }, (_, idx) => {
    const i = Math.floor(idx / d);
    const j = idx % d;
    let s = a.bo ? a.bo[j] : 0;
    for (let c = 0; c < d; c++) s += concat[i * d + c] * a.wo[c * d + j];
    return s;
  });
}

const SIZES = [
  { n: 7, dModel: 12, heads: 3 },
  { n: 33, dModel: 64, heads: 8 },
  { n: 130, dModel: 96, heads: 6 },
];
const MASKS = [
  {},
  { causal: true },
  { keep: true },
  { causal: true, keep: true },
];

for (const workers of [1, 2, 3]) {
  test(`${workers} worker(s): the summed partials equal mha.forward`, async () => {
    const mha = await createMHA();
    const pool = await createHeadPool({ workers });
    try {
      assert.equal(pool.workers, workers);
      assert.equal(pool.kernels, mha.kernels);
      let seed = 10;
      for (const size of SIZES) {
        const weightSeed = seed++;
        const base = layerArgs(size.n, size.dModel, size.heads, weightSeed, {});
        await pool.setWeights(base);
        for (const mask of MASKS) {
          const a = layerArgs(
            size.n,
            size.dModel,
            size.heads,
            weightSeed,
            mask,
          );
          a.x = seededUniform(size.n * size.dModel, seed++);
          const want = mha.forward(a).output;
          const { output } = await pool.forward({
            x: a.x,
            n: a.n,
            causal: a.causal,
            keep: a.keep,
          });
          assert.ok(output instanceof Float32Array);
          assertClose(
            `${JSON.stringify(size)} ${JSON.stringify(mask)}`,
            output,
            want,
            ABS,
            REL,
          );
        }
      }
    } finally {
      pool.close();
    }
  });
}

test("2 workers: equal to a double-precision reference", async () => {
  const pool = await createHeadPool({ workers: 2 });
  try {
    for (const mask of MASKS) {
      const a = layerArgs(9, 16, 4, 3, mask);
      await pool.setWeights(a);
      const { output } = await pool.forward(a);
      assertClose(JSON.stringify(mask), output, referenceOutput(a), 1e-5, 1e-4);
    }
  } finally {
    pool.close();
  }
});

test("more workers than heads: one slice per head", async () => {
  const mha = await createMHA();
  const pool = await createHeadPool({ workers: 3 });
  try {
    const a = layerArgs(5, 8, 2, 40, { causal: true });
    await pool.setWeights(a);
    const { output } = await pool.forward(a);
    assertClose("h=2, k=3", output, mha.forward(a).output, ABS, REL);
  } finally {
    pool.close();
  }
});

test("partitionHeads: even, the first slices one more", () => {
  assert.deepEqual(partitionHeads(12, 2), [
    { firstHead: 0, headCount: 6 },
    { firstHead: 6, headCount: 6 },
  ]);
  assert.deepEqual(
    partitionHeads(7, 3).map((s) => s.headCount),
    [3, 2, 2],
  );
  assert.deepEqual(partitionHeads(5, 1), [{ firstHead: 0, headCount: 5 }]);
});

test("bad calls reject with a code; the pool keeps working", async () => {
  const mha = await createMHA();
  const pool = await createHeadPool({ workers: 2 });
  try {
    const a = layerArgs(6, 16, 4, 50, { causal: true });
    await assert.rejects(pool.forward(a), { code: "SHAPE_MISMATCH" }); // no weights
    await pool.setWeights(a);
    const bad = [
      [{ ...a, x: new Float32Array(5) }, "SHAPE_MISMATCH"],
      [{ ...a, x: "tokens" }, "BAD_TYPE"],
      [{ ...a, n: 1.5 }, "BAD_TYPE"],
      [{ ...a, n: 0, x: new Float32Array(0) }, "ZERO_SIZE"],
      [{ ...a, causal: "yes" }, "BAD_TYPE"],
      [{ ...a, keep: new Uint8Array(2) }, "SHAPE_MISMATCH"],
      [{ ...a, dModel: 8 }, "SHAPE_MISMATCH"],
      [
        { ...a, x: Float32Array.from(a.x, (v, i) => (i === 7 ? NaN : v)) },
        "NON_FINITE",
      ],
      [{ ...a, n: 1 << 20, x: new Float32Array(16) }, "SHAPE_MISMATCH"],
      [null, "BAD_TYPE"],
    ];
    for (const [args, code] of bad) {
      await assert.rejects(pool.forward(args), (e) => {
        assert.ok(e instanceof MHAError, String(e));
        assert.equal(e.code, code, `${e.message}`);
        return true;
      });
    }
    const { output } = await pool.forward(a);
    assertClose("after bad calls", output, mha.forward(a).output, ABS, REL);

    // Bad weights: rejected (in the pool or in a Worker's core) and the pool
    // is left without weights until good ones come.
    await assert.rejects(pool.setWeights({ ...a, heads: 3 }), {
      code: "HEADS_DO_NOT_DIVIDE",
    });
    await assert.rejects(pool.forward(a), { code: "SHAPE_MISMATCH" });
    await assert.rejects(
      pool.setWeights({
        ...a,
        wq: Float32Array.from(a.wq, (v, i) => (i ? v : Infinity)),
      }),
      { code: "NON_FINITE" },
    );
    await assert.rejects(pool.setWeights({ ...a, wk: undefined }), {
      code: "MISSING_ARRAY",
    });
    await pool.setWeights(a);
    const again = await pool.forward(a);
    assertClose(
      "after bad weights",
      again.output,
      mha.forward(a).output,
      ABS,
      REL,
    );
  } finally {
    pool.close();
  }
});

test("bad options reject with a code", async () => {
  await assert.rejects(createHeadPool({ workers: 0 }), {
    code: "OUT_OF_RANGE",
  });
  await assert.rejects(createHeadPool({ workers: "2" }), { code: "BAD_TYPE" });
  await assert.rejects(createHeadPool({ threads: 2 }), { code: "BAD_TYPE" });
});

test("close(): later calls reject with DISPOSED", async () => {
  const pool = await createHeadPool({ workers: 2 });
  const a = layerArgs(4, 8, 2, 60, {});
  await pool.setWeights(a);
  pool.close();
  pool.close(); // twice is harmless
  await assert.rejects(pool.forward(a), { code: "DISPOSED" });
  await assert.rejects(pool.setWeights(a), { code: "DISPOSED" });
});
