// The words of #parallel: the explanation around the cost table and the
// measurement, and the sentences built from the core's counts and this
// device's timings. No DOM, no core.
import { formatMeanMs } from "../../components/format.js";
import { PARALLEL_D_MODEL, PARALLEL_N, PARALLEL_SEED } from "./measure.js";
import { CORES_D_MODEL, CORES_HEADS, CORES_N, CORES_SEED } from "./cores.js";

const N = PARALLEL_N;
const D = PARALLEL_D_MODEL;

/** "one head of 256" / "16 heads of 16". */
export function configName(heads, dK) {
  return heads === 1 ? `one head of ${dK}` : `${heads} heads of ${dK}`;
}

/**
 * The sentence that reports a measurement, built from its numbers.
 * @param {{ heads: number, dK: number, median: number, times: number[] }[]} results
 */
export function describeMeasurement(results) {
  const parts = results.map(
    (r) => `${configName(r.heads, r.dK)} took ${formatMeanMs(r.median)}`,
  );
  const list =
    parts.length > 1
      ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`
      : parts[0];
  const runs = Math.min(...results.map((r) => r.times.length));
  const base = results[0];
  const ratio = (r) => r.median / base.median;
  const ratios = results
    .slice(1)
    .map((r) => `${configName(r.heads, r.dK)}: ${ratio(r).toFixed(2)}×`);
  const close = results.slice(1).filter((r) => Math.abs(ratio(r) - 1) <= 0.25);
  const closeText = close.length
    ? ` Within 25% of it: ${close.map((r) => configName(r.heads, r.dK)).join(", ")}.`
    : " No split came within 25% of it this time.";
  return (
    `On this device ${list} (median of at least ${runs} timed runs each, after a warm-up). ` +
    `Compared with ${configName(base.heads, base.dK)}: ${ratios.join("; ")}.` +
    closeText
  );
}

/** The two paragraphs above the cost table. */
export const INTRO = [
  "Several heads would be a poor bargain if each one cost as much as a full attention layer. They don't: the heads share the model's width instead of multiplying it. One head of width d_model and h heads of width d_model / h do the same matrix products, just cut into h independent slices.",
  `Here is the work for ${N} tokens with d_model = ${D}, counted by the core (a multiply and an add count as two operations):`,
];

/** The cost table's headers, caption and scroll region's label. */
export const COST_TABLE = Object.freeze({
  headers: ["Heads × d_k", "Matrix products", "Softmax", "Total"],
  caption: `Operations in one forward pass, ${N} tokens, d_model = ${D}`,
  region: "Work per forward pass (scrollable)",
});

/**
 * The note under the cost table.
 * @param {boolean} sameProducts whether every split does the same products
 */
export function costNoteText(sameProducts) {
  return sameProducts
    ? `The matrix products are identical in every row. Only the softmax grows with the number of heads, because each head normalises its own ${N} × ${N} table of scores, and it stays a small share of the total.`
    : "The core reports different amounts of matrix work for these splits.";
}

/** The measurement button's two labels. */
export const BUTTON = Object.freeze({
  first: "Measure on this device",
  again: "Measure again",
});

/** The note under the measurement button. */
export const MEASURE_NOTE = `Runs the forward pass (the layer's output, as a model computes it) in your browser for each split of the same ${N} random token vectors and the same random weights (seeded, seed ${PARALLEL_SEED}), a few times each after a warm-up, and reports the median time. It takes about two seconds.`;

/**
 * The status line while measuring: "Measured." once done (heads null).
 * @param {number} done
 * @param {number} total
 * @param {number | null} heads the split being measured
 */
export function progressText(done, total, heads) {
  return heads === null
    ? "Measured."
    : `Measuring ${configName(heads, D / heads)} (${done + 1} of ${total})…`;
}

/** The status line when the measurement failed. */
export function failedText(message) {
  return `The measurement failed: ${message}`;
}

/** The bar chart's label, headers and one bar's label. */
export const CHART = Object.freeze({
  label: `Median time of one forward pass on this device, ${N} tokens, d_model ${D}`,
  labelHeader: "Heads",
  valueHeader: "Median time",
  /** @param {{ heads: number, dK: number }} r */
  bar: (r) => `${r.heads} ${r.heads === 1 ? "head" : "heads"} × d_k ${r.dK}`,
});

/**
 * The four paragraphs after the measurement.
 * @param {{ heads: number, dK: number }} widest the first split
 * @param {{ heads: number, dK: number }} narrowest the last split
 * @returns {string[]}
 */
export function explainText(widest, narrowest) {
  return [
    "Read the times with care. This measurement runs the core on a single CPU core, and it computes the heads one after another. So when many heads take about as long as one, that is not parallel hardware at work: it shows that splitting the width into heads does not add arithmetic.",
    `Splitting is not entirely free, though, and the narrowest heads show it. The operation count covers the multiplications, not the bookkeeping: ${narrowest.heads} heads of ${narrowest.dK} fill ${narrowest.heads} separate ${N} × ${N} tables of scores and weights where ${widest.heads === 1 ? "one head fills one" : `${widest.heads} heads fill ${widest.heads}`}, and every one of those numbers has to be exponentiated, normalised and copied out. Products only ${narrowest.dK} numbers wide also keep the processor less busy. That is one reason real models keep d_k around 64 to 128 instead of splitting into very many tiny heads.`,
    "The parallelism pays off on a GPU. No head needs another head's result, so all h heads can be computed at the same moment, as one batched matrix product over thousands of arithmetic units. That is how GPT-3 can afford 96 heads in every layer.",
    "There is a second kind of parallelism, along the sentence. A recurrent network (RNN) reads token 2 only after token 1, because each step needs the state left by the step before, and that chain cannot be shared out. Attention has no such chain: the queries, keys and values of all positions come from one matrix product each, and every position's attention row is computed at once.",
  ];
}

/** "1 Worker" / "2 Workers". */
export function workersName(workers) {
  return `${workers} ${workers === 1 ? "Worker" : "Workers"}`;
}

/** The paragraph above the multi-core measurement. */
export const CORES_INTRO = `A CPU with several cores can share out the heads the same way. Here one layer the size of a GPT-2 small layer (${CORES_HEADS} heads of ${CORES_D_MODEL / CORES_HEADS}, d_model ${CORES_D_MODEL}, ${CORES_N} tokens) runs with its heads split between Web Workers. Each Worker holds its own copy of the core and the weights of its own heads, and computes those heads' part of the output; the page adds the parts up. No Worker waits for another's heads.`;

/** The multi-core button's two labels. */
export const CORES_BUTTON = Object.freeze({
  first: "Measure on several cores",
  again: "Measure on several cores again",
});

/** The note under the multi-core button. */
export const CORES_NOTE = `Times the same layer (random token vectors and weights, seed ${CORES_SEED}) with 1 Worker, 2 Workers and, if this device has more cores, one Worker per core (up to ${CORES_HEADS}), a few times each after a warm-up, and reports the median time. It takes about three seconds.`;

/**
 * The status line while measuring on several cores ("Measured." once done).
 * @param {number} done
 * @param {number} total
 * @param {number | null} workers the Worker count being measured
 */
export function coresProgressText(done, total, workers) {
  return workers === null
    ? "Measured."
    : `Measuring with ${workersName(workers)} (${done + 1} of ${total})…`;
}

/**
 * The sentence that reports the multi-core measurement, from its numbers.
 * @param {{ cores: number, results: { workers: number, median: number,
 *   times: number[] }[] }} data
 */
export function describeCores({ cores, results }) {
  const base = results[0];
  const parts = results.map((r) => {
    const speedUp = base.median / r.median;
    return r === base
      ? `${formatMeanMs(r.median)} with ${workersName(r.workers)}`
      : `${formatMeanMs(r.median)} with ${workersName(r.workers)} (${speedUp.toFixed(2)}× as fast)`;
  });
  const list =
    parts.length > 1
      ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`
      : parts[0];
  const runs = Math.min(...results.map((r) => r.times.length));
  const reported = `This device reports ${cores} ${cores === 1 ? "core" : "cores"}.`;
  const single =
    cores < 2
      ? " With one core the Workers take turns on it, so more of them cannot be faster."
      : " Each forward pass also sends the token vectors to every Worker and the parts back, so the speed-up stays below the number of Workers; other programs using a core slow its Worker down.";
  return `${reported} One forward pass of the layer took ${list}: medians of at least ${runs} timed runs each, after a warm-up.${single}`;
}

/** The multi-core chart's label, headers and one bar's label. */
export const CORES_CHART = Object.freeze({
  label: `Median time of one forward pass of a ${CORES_HEADS}-head layer on this device, ${CORES_N} tokens, d_model ${CORES_D_MODEL}, by number of Workers`,
  labelHeader: "Workers",
  valueHeader: "Median time",
  /** @param {{ workers: number }} r */
  bar: (r) => workersName(r.workers),
});
