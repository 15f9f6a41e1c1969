// Inputs shared by the export test page (export-tools.js) and the tests that
// recompute the same forward passes in Node (tests/browser/export.test.mjs,
// tests/js/export.test.mjs). Isomorphic: no DOM here.
import { seededUniform, seededWeights } from "../../../web/lib/random.js";
import {
  CONSTRUCTED_HEADS,
  runConstructed,
} from "../../../web/constructed/run.js";

/** The constructed model, causal, so that the heatmap has masked cells. */
export const SENTENCE = "The clever fox jumped";
export const HEAD_ID = "previous";
export const HEAD = CONSTRUCTED_HEADS.findIndex((h) => h.id === HEAD_ID);

/** Tokens a careless exporter would break: markup, entities, quotes, long, wide. */
export const NASTY_TOKENS = [
  "<img src=x onerror=alert(1)>",
  "Tom & Jerry",
  `"quoted" 'single'`,
  "supercalifragilisticexpialidocious",
  "東京",
  "🦊",
];
const NASTY_D_MODEL = 8;
const NASTY_HEADS = 2;

/** The constructed heads on SENTENCE: { tokens, x, result } (see runConstructed). */
export function constructedRun(mha) {
  return runConstructed(mha, SENTENCE, { causal: true });
}

/** HeatmapData of the "previous" head of a constructedRun. */
export function constructedHeatmap(run) {
  const n = run.tokens.length;
  return {
    tokens: run.tokens.map((t) => t.text),
    weights: run.result.headWeights(HEAD),
    scores: run.result.headScores(HEAD),
    title: `Head ${HEAD + 1} (${CONSTRUCTED_HEADS[HEAD].name}) on “${SENTENCE}”`,
    highlight: new Set(["1,0", "2,1", "3,2"]),
  };
}

/** A seeded two-head forward pass over NASTY_TOKENS: { x, result }. */
export function nastyRun(mha) {
  const n = NASTY_TOKENS.length;
  const x = seededUniform(n * NASTY_D_MODEL, 7);
  const result = mha.forward({
    x,
    n,
    ...seededWeights(NASTY_D_MODEL, NASTY_HEADS, 3),
  });
  return { x, result };
}

/** HeatmapData of head 1 of a nastyRun. */
export function nastyHeatmap(run) {
  const n = NASTY_TOKENS.length;
  return {
    tokens: NASTY_TOKENS,
    weights: run.result.headWeights(0),
    scores: run.result.headScores(0),
    title: "Seeded head 1 on <odd> & “unusual” tokens",
  };
}
