// The line chart's pure helpers (web/components/line-plot.js): tick values,
// the SVG path through a series, and the series aligned on one x for the
// table (#real-model and #training plot series measured at different steps).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alignSeries,
  linePath,
  niceTicks,
} from "../../web/components/line-plot.js";

test("niceTicks: round steps of 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.deepEqual(niceTicks(0, 12000, 5), [0, 2500, 5000, 7500, 10000]);
  assert.deepEqual(niceTicks(0, 8000, 5), [0, 2000, 4000, 6000, 8000]);
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(0, 5, 4), [0, 2, 4]);
  // No floating-point residue (0.30000000000000004).
  assert.deepEqual(niceTicks(0.1, 0.5, 4), [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(niceTicks(3, 3), [3], "an empty range: one tick");
});

test("linePath: one path, broken at NaN in x or y", () => {
  const id = (v) => v;
  assert.equal(
    linePath([0, 1, 2, 3], [1, NaN, 2, 3], id, id),
    "M0.0 1.0M2.0 2.0L3.0 3.0",
  );
  assert.equal(linePath([0, NaN, 2], [1, 2, 3], id, id), "M0.0 1.0M2.0 3.0");
  assert.equal(linePath([], [], id, id), "");
  // Only the points both arrays have (a series still growing).
  assert.equal(
    linePath([0, 1, 2], [5, 6], (x) => 10 * x, id),
    "M0.0 5.0L10.0 6.0",
  );
});

test("alignSeries: the shared x as given; own x merged in order, NaN where missing", () => {
  assert.deepEqual(
    alignSeries([{ values: [1, 2] }, { values: [3] }], [10, 20]),
    {
      x: [10, 20],
      values: [
        [1, 2],
        [3, NaN],
      ],
    },
  );
  const got = alignSeries([
    { x: [25, 50, 75, 100], values: [4, 3, 2, 1] },
    { x: [0, 100], values: [0.1, 0.4] },
  ]);
  assert.deepEqual(got.x, [0, 25, 50, 75, 100]);
  assert.deepEqual(got.values, [
    [NaN, 4, 3, 2, 1],
    [0.1, NaN, NaN, NaN, 0.4],
  ]);
  assert.deepEqual(alignSeries([{ x: [], values: [] }]), {
    x: [],
    values: [[]],
  });
});
