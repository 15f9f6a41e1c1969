// The page's formatters (web/components/format.js), one output per value.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatMeanMs,
  formatMs,
  headName,
  percent,
} from "../../web/components/format.js";
import { percent as heatmapPercent } from "../../web/components/heatmap.js";

test("percent rounds a weight to a whole percent", () => {
  assert.equal(percent(0), "0%");
  assert.equal(percent(0.314), "31%");
  assert.equal(percent(0.315), "32%");
  assert.equal(percent(1), "100%");
  assert.equal(heatmapPercent, percent, "heatmap.js re-exports the same one");
});

test("formatMs: under 0.1 ms, two decimals below 10 ms, one above", () => {
  assert.equal(formatMs(0.04), "under 0.1 ms");
  assert.equal(formatMs(0.1), "0.10 ms");
  assert.equal(formatMs(0.314), "0.31 ms");
  assert.equal(formatMs(9.994), "9.99 ms");
  assert.equal(formatMs(12.34), "12.3 ms");
  assert.equal(formatMs(250), "250.0 ms");
});

test('headName({ layer, head }) is "L1H2", counted from 0', () => {
  assert.equal(headName({ layer: 0, head: 0 }), "L0H0");
  assert.equal(headName({ layer: 1, head: 2 }), "L1H2");
});

test("formatMeanMs keeps about three significant digits of a mean", () => {
  assert.equal(formatMeanMs(0.04237), "0.042 ms");
  assert.equal(formatMeanMs(3.14159), "3.14 ms");
  assert.equal(formatMeanMs(12.345), "12.3 ms");
});
