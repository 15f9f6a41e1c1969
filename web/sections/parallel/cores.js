// The multi-core experiment of section #parallel: one layer the size of a
// GPT-2 small layer (CORES_HEADS heads), its heads split across 1, 2 and
// (where the device has more) all its cores, one wasm module per Worker
// (web/lib/head-pool.js), each forward pass timed in the reader's browser.
// Every Worker count computes the same output: only where the heads run
// changes.
import { seededUniform, seededWeights } from "../../lib/random.js";
import { median } from "./measure.js";

export const CORES_N = 256;
export const CORES_D_MODEL = 768;
export const CORES_HEADS = 12;
/** The seed of the token vectors and of the weights. */
export const CORES_SEED = 11;

/**
 * The Worker counts to measure: 1, 2 and the device's cores (at most one
 * Worker per head), in increasing order without repeats.
 * @param {number} cores what the device reports, at least 1
 */
export function workerCounts(cores) {
  const top = Math.max(1, Math.min(CORES_HEADS, Math.floor(cores)));
  return [...new Set([1, Math.min(2, top), top])];
}

/**
 * Times the layer on 1, 2 and all of the device's cores. Each pool is
 * started, given the weights once, warmed up, timed (median of the runs
 * within its share of `budgetMs`, at least `minRepeats`) and closed.
 * @param {{ createHeadPool: typeof import("../../lib/head-pool.js").createHeadPool,
 *   availableCores: typeof import("../../lib/head-pool.js").availableCores }} pools
 * @param {{ repeats?: number, minRepeats?: number, warmup?: number,
 *   budgetMs?: number,
 *   onProgress?: (done: number, total: number, workers: number | null) => void }} [options]
 * @returns {Promise<{ cores: number, results: { workers: number,
 *   median: number, times: number[] }[] }>} times in milliseconds
 */
export async function measureCores(pools, options = {}) {
  const {
    repeats = 9,
    minRepeats = 3,
    warmup = 2,
    budgetMs = 2400,
    onProgress = () => {},
  } = options;
  const cores = await pools.availableCores();
  const counts = workerCounts(cores);
  const weights = seededWeights(CORES_D_MODEL, CORES_HEADS, CORES_SEED);
  const x = seededUniform(CORES_N * CORES_D_MODEL, CORES_SEED);
  const args = { x, n: CORES_N, dModel: CORES_D_MODEL, heads: CORES_HEADS };
  const share = budgetMs / counts.length;
  const results = [];
  for (const [k, workers] of counts.entries()) {
    onProgress(k, counts.length, workers);
    const pool = await pools.createHeadPool({ workers });
    try {
      await pool.setWeights(weights);
      for (let w = 0; w < warmup; w++) await pool.forward(args);
      const started = performance.now();
      const times = [];
      while (
        times.length < repeats &&
        (times.length < minRepeats || performance.now() - started < share)
      ) {
        const t0 = performance.now();
        await pool.forward(args);
        times.push(performance.now() - t0);
      }
      results.push({ workers, median: median(times), times });
    } finally {
      pool.close();
    }
  }
  onProgress(counts.length, counts.length, null);
  return { cores, results };
}
