// The hand-built weights of section #why ("Why one head isn't enough") on the
// sentence "The cat sat". Nothing here is trained: each matrix is written
// out so that one relation is easy to see. The attention weights themselves
// always come from mha.forward().
//
// Every token vector is one-hot (The = e0, cat = e1, sat = e2), W_K is the
// identity, so token j's key points along direction j. A query row of W_Q
// then says directly which key a token looks for. W_V and W_O are the
// identity too: they do not change the attention weights.

/** The sentence of the demonstration, one token per word. */
export const WHY_TOKENS = Object.freeze(["The", "cat", "sat"]);

/** Index of "cat", the token whose attention the reader steers. */
export const CAT = 1;
/** Index of "The", cat's determiner. */
export const THE = 0;
/** Index of "sat", the verb cat is the subject of. */
export const SAT = 2;

/** How strongly a query points at its key (before the 1/√d_k scaling). */
export const GAIN = 8;

const N = WHY_TOKENS.length;

function identity(size) {
  const m = new Float32Array(size * size);
  for (let i = 0; i < size; i++) m[i * size + i] = 1;
  return m;
}

/**
 * The single-head model: d_model 3, one head of width 3. "The" and "sat"
 * both look for "cat"; cat's query is GAIN·(s·dir_The + (1 − s)·dir_sat).
 * @param {number} s how much of cat's query aims at "The", from 0 to 1
 * @returns {import("../../lib/mha.js").ForwardArgs} arguments for mha.forward()
 */
export function singleHeadArgs(s) {
  const share = Math.min(1, Math.max(0, Number(s)));
  const dModel = N;
  const wq = new Float32Array(dModel * dModel);
  wq[THE * dModel + CAT] = GAIN; // The looks for its noun
  wq[CAT * dModel + THE] = GAIN * share; // cat: part determiner…
  wq[CAT * dModel + SAT] = GAIN * (1 - share); // …part verb
  wq[SAT * dModel + CAT] = GAIN; // sat looks for its subject
  return {
    x: identity(N),
    n: N,
    dModel,
    heads: 1,
    wq,
    wk: identity(dModel),
    wv: identity(dModel),
    wo: identity(dModel),
  };
}

/**
 * The two-head model: d_model 6, two heads of width 3. Every token's
 * one-hot identity is written twice, once in each head's half of the
 * vector. W_Q is block-diagonal: head 1 (the first block) links a
 * determiner and its noun, head 2 links a subject and its verb.
 * @returns {import("../../lib/mha.js").ForwardArgs} arguments for mha.forward()
 */
export function twoHeadArgs() {
  const dK = N;
  const dModel = 2 * dK;
  const x = new Float32Array(N * dModel);
  for (let i = 0; i < N; i++) {
    x[i * dModel + i] = 1;
    x[i * dModel + dK + i] = 1;
  }
  const wq = new Float32Array(dModel * dModel);
  const aim = (head, from, to) => {
    wq[(head * dK + from) * dModel + head * dK + to] = GAIN;
  };
  // Head 1: determiner ↔ noun; "sat" has no determiner and looks at itself.
  aim(0, THE, CAT);
  aim(0, CAT, THE);
  aim(0, SAT, SAT);
  // Head 2: subject ↔ verb; "The" takes no part and looks at itself.
  aim(1, THE, THE);
  aim(1, CAT, SAT);
  aim(1, SAT, CAT);
  return {
    x,
    n: N,
    dModel,
    heads: 2,
    wq,
    wk: identity(dModel),
    wv: identity(dModel),
    wo: identity(dModel),
  };
}

/**
 * Query row `i` of head `h` in a forward() result, as n numbers.
 * @param {{ weights: Float32Array, n: number }} result
 */
export function attentionRow(result, h, i) {
  const { n } = result;
  return Array.from(
    result.weights.subarray(h * n * n + i * n, h * n * n + (i + 1) * n),
  );
}

/**
 * The best the single head can do for both relations at once: the aim (of
 * those given) with the largest min(cat→The, cat→sat), that share (`both`)
 * and cat's attention row there.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {number[]} aims candidate aims, from 0 to 1
 * @returns {{ aim: number, both: number, row: number[] }}
 */
export function fairestSplit(mha, aims) {
  let best = null;
  for (const aim of aims) {
    const weights = mha.forward(singleHeadArgs(aim), { only: ["weights"] });
    const row = attentionRow(weights, 0, CAT);
    const both = Math.min(row[THE], row[SAT]);
    if (!best || both > best.both) best = { aim, both, row };
  }
  return best;
}
