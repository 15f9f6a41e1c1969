// The cells each kind of head "should" attend to, found by a rule from the
// tokens alone (never from the weights), and how much attention the core
// actually put there. Section #examples outlines these cells on its heatmaps.

/** What each rule looks for, in words (shown next to the heatmap). */
export const RULE_TEXT = {
  previous: "each token → the token just before it",
  syntactic:
    "determiner or adjective → the nearest noun to its right; verb → the nearest noun or pronoun to its left; noun or pronoun → the nearest verb",
  semantic:
    "a word → every other word of the same meaning class (its own cell is left out)",
  copy: "a word → every occurrence of the same word (itself included)",
  sink: "every token → the first token and every punctuation mark",
};

function nearest(tokens, from, step, wanted) {
  for (let j = from + step; j >= 0 && j < tokens.length; j += step) {
    if (wanted.includes(tokens[j].pos)) return j;
  }
  return -1;
}

/**
 * The characteristic cells of a head kind on these tokens.
 * @param {"previous"|"syntactic"|"semantic"|"copy"|"sink"} kind
 * @param {{ text: string, pos: string, sense?: string | null, punct?: boolean }[]} tokens
 * @returns {Set<string>} cells as "i,j" (query i, key j)
 */
export function characteristicCells(kind, tokens) {
  const cells = new Set();
  const n = tokens.length;
  const add = (i, j) => j >= 0 && cells.add(`${i},${j}`);
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (kind === "previous") {
      if (i > 0) add(i, i - 1);
    } else if (kind === "syntactic") {
      if (t.pos === "DET" || t.pos === "ADJ")
        add(i, nearest(tokens, i, 1, ["NOUN"]));
      else if (t.pos === "VERB")
        add(i, nearest(tokens, i, -1, ["NOUN", "PRON"]));
      else if (t.pos === "NOUN" || t.pos === "PRON") {
        const left = nearest(tokens, i, -1, ["VERB"]);
        const right = nearest(tokens, i, 1, ["VERB"]);
        if (left < 0) add(i, right);
        else if (right < 0 || i - left <= right - i) add(i, left);
        else add(i, right);
      }
    } else {
      for (let j = 0; j < n; j++) {
        const u = tokens[j];
        const hit =
          kind === "semantic"
            ? i !== j && t.sense && t.sense === u.sense
            : kind === "copy"
              ? t.text.toLowerCase() === u.text.toLowerCase()
              : kind === "sink"
                ? j === 0 || Boolean(u.punct)
                : false;
        if (hit) add(i, j);
      }
    }
  }
  return cells;
}

/**
 * For each query row with at least one characteristic cell, the share of
 * its attention that falls on those cells.
 * @param {ArrayLike<number>} weights one head's n × n weights
 * @param {number} n
 * @param {Set<string>} cells
 * @returns {{ rows: { row: number, share: number }[], mean: number | null }}
 */
export function shareOnCells(weights, n, cells) {
  const share = new Float64Array(n);
  const has = new Array(n).fill(false);
  for (const cell of cells) {
    const [i, j] = cell.split(",").map(Number);
    share[i] += weights[i * n + j];
    has[i] = true;
  }
  const rows = [];
  for (let i = 0; i < n; i++)
    if (has[i]) rows.push({ row: i, share: share[i] });
  const mean = rows.length
    ? rows.reduce((s, r) => s + r.share, 0) / rows.length
    : null;
  return { rows, mean };
}
