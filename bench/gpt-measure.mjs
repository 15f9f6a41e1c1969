// The measuring and the table of the GPT bench, shared by bench/gpt.mjs
// (Node) and bench/gpt-browser.mjs (the same run in Chromium). Plain JS with
// no Node imports: the browser page imports this file from the project's
// server.

import { markdownTable } from "./table.mjs";

/**
 * Seeded token ids in [0, vocab): a fixed LCG, the same for every run.
 * @param {number} n
 * @param {number} vocab
 * @param {number} seed
 * @returns {Int32Array}
 */
export function seededIds(n, vocab, seed) {
  const ids = new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    ids[i] = s % vocab;
  }
  return ids;
}

/** @param {number[]} xs @returns {number} */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * max |a[i] − b[i]|, NaN when either is missing or the lengths differ.
 * @param {ArrayLike<number> | null | undefined} a
 * @param {ArrayLike<number> | null | undefined} b
 */
export function maxAbsDiff(a, b) {
  if (!a || !b || a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * @typedef {{ n: number, ms: Record<string, number>, ortMin: number,
 *   diff: number }} BenchRow
 */

/**
 * The three implementations measureRows times: onnxruntime-web (`runOrt`:
 * ids → last-position logits), and our `model` lean (no head weights) and
 * with every head's weights, both asking for the last position's logits.
 * @param {(ids: Int32Array) => Promise<Float32Array>} runOrt
 * @param {{ forward: (ids: Int32Array, options: object) => { logits: Float32Array } }} model
 */
export function benchImpls(runOrt, model) {
  return {
    ort: runOrt,
    lean: async (ids) =>
      model.forward(ids, { logits: "last", attention: false }).logits,
    full: async (ids) =>
      model.forward(ids, { logits: "last", attention: true }).logits,
  };
}

/**
 * Times each implementation at each prompt length: `warmup` calls each
 * (at least one, whose output is kept), then `samples` timed calls taken in
 * rounds (every implementation once per round) so that a change in the
 * machine's load falls on all; the median per implementation, ORT's fastest
 * sample, and max |Δ| between ORT's last-position logits and "lean"'s.
 * @param {Record<string, (ids: Int32Array) => Promise<Float32Array>>} impls
 *   "ort", "lean" and "full" (benchImpls)
 * @param {{ tokens: number[], warmup: number, samples: number, seed: number }} opts
 * @param {number} vocab
 * @returns {Promise<BenchRow[]>}
 */
export async function measureRows(impls, opts, vocab) {
  const rows = [];
  for (const n of opts.tokens) {
    const ids = seededIds(n, vocab, opts.seed + n);
    /** @type {Record<string, Float32Array>} */
    const outputs = {};
    for (const [name, run] of Object.entries(impls)) {
      for (let w = 0; w < opts.warmup; w++) outputs[name] = await run(ids);
      if (opts.warmup === 0) outputs[name] = await run(ids);
    }
    /** @type {Record<string, number[]>} */
    const times = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
    for (let s = 0; s < opts.samples; s++) {
      for (const [name, run] of Object.entries(impls)) {
        const start = performance.now();
        await run(ids);
        times[name].push(performance.now() - start);
      }
    }
    const ms = Object.fromEntries(
      Object.entries(times).map(([k, t]) => [k, median(t)]),
    );
    const ortMin = Math.min(...times.ort);
    /** @param {Float32Array | undefined} a */
    const lastRow = (a) => (a ? a.subarray(a.length - vocab) : null);
    rows.push({
      n,
      ms,
      ortMin,
      diff: maxAbsDiff(lastRow(outputs.ort), lastRow(outputs.lean)),
    });
  }
  return rows;
}

/**
 * The bench's table as Markdown lines: ORT, ours lean, ours +attention,
 * the ratios (ORT ms / ours ms, > 1: ours is faster) and max |Δ| logits.
 * @param {BenchRow[]} rows
 * @returns {string[]}
 */
export function tableLines(rows) {
  /** @param {number | undefined} v */
  const fmtMs = (v) => (v === undefined ? "—" : v.toFixed(v < 10 ? 2 : 1));
  /** @param {number | undefined} a @param {number | undefined} b */
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "—");
  const header = [
    "tokens",
    "ORT ms",
    "ORT min ms",
    "ours lean ms",
    "ours +attention ms",
    "ORT/ours lean",
    "ORT/ours +attention",
    "max |Δ| logits",
  ];
  const lines = rows.map(({ n, ms, ortMin, diff }) => [
    String(n),
    fmtMs(ms.ort),
    fmtMs(ortMin),
    fmtMs(ms.lean),
    fmtMs(ms.full),
    ratio(ms.ort, ms.lean),
    ratio(ms.ort, ms.full),
    Number.isNaN(diff) ? "—" : diff.toExponential(1),
  ]);
  return markdownTable(header, lines);
}
