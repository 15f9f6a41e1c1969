// Section #examples in Chromium: the previous-token example's displayed share
// is the core's previous-token metric (mha.patternMetrics, computed here in
// the page on the heatmap's own weights) and equals a plain-JS mean over
// rows i ≥ 1 of A[i][i − 1] of the same matrix.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { percent } from "../../web/components/format.js";

let env;
let page;
let problems;

before(async () => {
  env = await launch({}, { viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(env.context, env.server.url));
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
});
after(async () => {
  await env?.close();
});

/** The weights (query rows) of the one heatmap in #examples, once drawn. */
async function readMatrix() {
  const map = page.locator("#examples table.heatmap");
  await map.scrollIntoViewIfNeeded();
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)),
      ),
  );
  return page.$eval("#examples table.heatmap", (t) => {
    const cells = [...t.querySelectorAll("td")];
    return {
      n: t.querySelectorAll("th.heatmap__key").length,
      weights: cells.map((td) => Number(td.dataset.weight)),
    };
  });
}

/** mha.patternMetrics(matrix, n).previousToken, computed in the page. */
function previousTokenInPage(weights, n) {
  return page.evaluate(
    async ({ weights, n }) => {
      const { createMHA } = await import(
        new URL("lib/mha.js", location.href).href
      );
      const mha = await createMHA();
      return mha.patternMetrics(Float32Array.from(weights), n).previousToken;
    },
    { weights, n },
  );
}

function plainPreviousToken(weights, n) {
  let sum = 0;
  for (let i = 1; i < n; i++) sum += weights[i * n + i - 1];
  return sum / (n - 1);
}

async function assertSummaryIsCoreMetric(label) {
  const { weights, n } = await readMatrix();
  assert.equal(weights.length, n * n, `${label}: an n × n heatmap`);
  assert.ok(n >= 2, `${label}: at least two tokens`);
  const core = await previousTokenInPage(weights, n);
  const plain = plainPreviousToken(weights, n);
  assert.ok(
    Math.abs(core - plain) < 1e-6,
    `${label}: core ${core} vs plain JS ${plain}`,
  );
  const summary = await page.textContent("#examples .examples-summary");
  const shown = summary.match(/^On the outlined cells: (\d+%)/)?.[1];
  assert.equal(shown, percent(core), `${label}: the displayed share`);
  assert.equal(shown, percent(plain), `${label}: the displayed share`);
}

test("the previous-token example shows the core's previousToken of its heatmap", async () => {
  await page.locator("#examples-pick-previous").scrollIntoViewIfNeeded();
  await page.check("#examples-pick-previous");
  assert.equal(await page.inputValue("#examples-sentence"), "I saw the movie");
  await assertSummaryIsCoreMetric("I saw the movie");
  // A sentence of the reader's: the number follows the new weights.
  await page.fill("#examples-sentence", "the dog saw a cat and the cat ran");
  await assertSummaryIsCoreMetric("the reader's sentence");
  // Only problems of this section count: in a worktree without some other
  // sections' files, the page's registry fails to load those (a 404 each).
  const others = /status of 404|sections\/(?!examples\/)[^/]+\/index\.js/;
  assert.deepEqual(
    problems.filter((p) => !others.test(p)),
    [],
  );
});
