// The timing experiment of section #parallel: the same input and the same weights,
// split into 1, 4, 16 or 64 heads, each forward pass timed in the reader's
// browser. The weights of seededWeights() depend only on d_model and the
// seed, so every configuration multiplies by exactly the same matrices; only
// the number of heads (and so d_k) changes.
import { seededUniform, seededWeights } from "../../lib/random.js";

export const PARALLEL_N = 128;
export const PARALLEL_D_MODEL = 256;
export const PARALLEL_HEADS = Object.freeze([1, 4, 16, 64]);
/** The seed of the token vectors and of the weights. */
export const PARALLEL_SEED = 7;

/**
 * What each timed forward computes: the layer's output, as a model asks for
 * it. The other sections' every-intermediate copies (64 heads' weights and
 * contributions) would time copying, not the heads.
 */
/** @type {import("../../lib/mha.js").ForwardOptions<"output">} */
const OUTPUT_ONLY = { only: ["output"] };

let inputs = null;

/** The shared input: { x (n × d_model), wq, wk, wv, wo }, built once. */
export function parallelInputs() {
  if (!inputs) {
    const { wq, wk, wv, wo } = seededWeights(
      PARALLEL_D_MODEL,
      1,
      PARALLEL_SEED,
    );
    inputs = {
      x: seededUniform(PARALLEL_N * PARALLEL_D_MODEL, PARALLEL_SEED),
      wq,
      wk,
      wv,
      wo,
    };
  }
  return inputs;
}

/**
 * The configurations with their cost from the core (mha.cost): total FLOPs
 * of one forward pass (per token × n) and the part that is matrix products.
 * @param {import("../../lib/mha.js").MHA} mha
 */
export function parallelConfigurations(mha) {
  return PARALLEL_HEADS.map((heads) => {
    const cost = mha.cost({ n: PARALLEL_N, dModel: PARALLEL_D_MODEL, heads });
    return {
      heads,
      dK: cost.dK,
      cost,
      flops: cost.flopsPerToken * PARALLEL_N,
      productFlops:
        (cost.projectionFlopsPerToken + cost.attentionFlopsPerToken) *
        PARALLEL_N,
      softmaxFlops: cost.softmaxFlopsPerToken * PARALLEL_N,
    };
  });
}

/** The median of a non-empty list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times one forward pass per configuration, several times after a warm-up,
 * and reports the median. Gives the event loop a turn between runs so the
 * page stays responsive. Stops repeating a configuration once its share of
 * `budgetMs` is spent (but runs each at least `minRepeats` times).
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {{ repeats?: number, minRepeats?: number, warmup?: number,
 *   budgetMs?: number,
 *   onProgress?: (done: number, total: number, heads: number) => void }} [options]
 * @returns {Promise<{ heads: number, dK: number, median: number,
 *   times: number[] }[]>} times in milliseconds
 */
export async function measureHeads(mha, options = {}) {
  const {
    repeats = 7,
    minRepeats = 3,
    warmup = 2,
    budgetMs = 1600,
    onProgress = () => {},
  } = options;
  const { x, wq, wk, wv, wo } = parallelInputs();
  const pause = () => new Promise((resolve) => setTimeout(resolve));
  const share = budgetMs / PARALLEL_HEADS.length;
  const results = [];
  for (const [k, heads] of PARALLEL_HEADS.entries()) {
    onProgress(k, PARALLEL_HEADS.length, heads);
    await pause();
    const args = {
      x,
      n: PARALLEL_N,
      dModel: PARALLEL_D_MODEL,
      heads,
      wq,
      wk,
      wv,
      wo,
    };
    const started = performance.now();
    for (let w = 0; w < warmup; w++) mha.forward(args, OUTPUT_ONLY);
    const times = [];
    while (
      times.length < repeats &&
      (times.length < minRepeats || performance.now() - started < share)
    ) {
      const t0 = performance.now();
      mha.forward(args, OUTPUT_ONLY);
      times.push(performance.now() - t0);
      await pause();
    }
    results.push({
      heads,
      dK: PARALLEL_D_MODEL / heads,
      median: median(times),
      times,
    });
  }
  onProgress(PARALLEL_HEADS.length, PARALLEL_HEADS.length, null);
  return results;
}
