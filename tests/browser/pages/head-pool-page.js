// tests/browser/head-pool.test.mjs: a head pool of 2 module Workers beside
// mha.forward in the page, on a few sizes and masks; one bad call; close().
import { createMHA } from "/web/lib/mha.js";
import { createHeadPool } from "/web/lib/head-pool.js";
import { seededUniform } from "/web/lib/random.js";

function layer(n, dModel, heads, seed, mask) {
  const w = 1 / Math.sqrt(dModel);
  const args = {
    n,
    dModel,
    heads,
    x: seededUniform(n * dModel, seed),
    wq: seededUniform(dModel * dModel, seed + 1, w),
    wk: seededUniform(dModel * dModel, seed + 2, w),
    wv: seededUniform(dModel * dModel, seed + 3, w),
    wo: seededUniform(dModel * dModel, seed + 4, w),
    bq: seededUniform(dModel, seed + 5, 0.5),
    bo: seededUniform(dModel, seed + 6, 0.5),
    causal: mask.causal === true,
  };
  if (mask.keep) {
    args.keep = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 0 : 1));
  }
  return args;
}

async function run() {
  const mha = await createMHA();
  const pool = await createHeadPool({ workers: 2 });
  const cases = [];
  let seed = 1;
  for (const [n, dModel, heads] of [
    [9, 16, 4],
    [70, 64, 8],
    [128, 96, 6],
  ]) {
    for (const mask of [{}, { causal: true }, { keep: true }]) {
      seed += 10;
      const a = layer(n, dModel, heads, seed, mask);
      await pool.setWeights(a);
      const { output } = await pool.forward(a);
      const want = mha.forward(a).output;
      cases.push({
        seed,
        n,
        dModel,
        heads,
        mask,
        got: Array.from(output),
        want: Array.from(want),
      });
    }
  }
  let badCode = null;
  try {
    await pool.forward({ x: new Float32Array(3), n: 128 });
  } catch (e) {
    badCode = e.code;
  }
  const last = cases[cases.length - 1];
  const retry = layer(last.n, last.dModel, last.heads, last.seed, last.mask);
  const again = await pool.forward(retry);
  const wantAgain = mha.forward(retry).output;
  const result = {
    workers: pool.workers,
    poolKernels: pool.kernels,
    pageKernels: mha.kernels,
    cases,
    badCode,
    again: Array.from(again.output),
    wantAgain: Array.from(wantAgain),
  };
  pool.close();
  try {
    await pool.forward({ x: new Float32Array(3), n: 1 });
  } catch (e) {
    result.closedCode = e.code;
  }
  return result;
}

try {
  window.headPoolResult = await run();
} catch (e) {
  window.headPoolResult = {
    failure: `${e && e.code}: ${e && e.stack ? e.stack : e}`,
  };
}
