// <mha-heads>' pattern readout (web/embed/head-metrics.js) in Chromium:
// under each heatmap, in the grid and in the single view, with and without
// the causal mask, the numbers are the core's mha.patternMetrics of that
// head's weights (computed here in Node on the same sentence), formatted
// with components/format.js percent. Also: no horizontal scroll at 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import { percent } from "../../web/components/format.js";
import { READOUT_METRICS } from "../../web/embed/head-metrics.js";
import {
  CONSTRUCTED_HEADS,
  runConstructed,
} from "../../web/constructed/run.js";

const SENTENCE = "The clever fox jumped";

let env;
let mha;
before(async () => {
  mha = await createMHA();
  env = await launch({ root: "." }, { viewport: { width: 375, height: 800 } });
});
after(async () => {
  await env?.close();
});

/** The readouts the element shows: [{ head, values: { metric: [value, text] } }]. */
function readReadouts(page) {
  return page.$eval("mha-heads", (host) =>
    [...host.shadowRoot.querySelectorAll("[data-head-view]")].map((item) => ({
      head: Number(/** @type {HTMLElement} */ (item).dataset.headView),
      after:
        item.querySelector(".mha__metrics")?.previousElementSibling?.className,
      values: Object.fromEntries(
        [...item.querySelectorAll(".mha__metrics dd")].map((dd) => [
          /** @type {HTMLElement} */ (dd).dataset.metric,
          [
            Number(/** @type {HTMLElement} */ (dd).dataset.value),
            dd.textContent,
          ],
        ]),
      ),
      terms: [...item.querySelectorAll(".mha__metrics dt")].map(
        (dt) => dt.textContent,
      ),
    })),
  );
}

/** Asserts `shown` equals the core's metrics of `heads` on SENTENCE. */
function assertReadouts(shown, heads, causal) {
  const run = runConstructed(mha, SENTENCE, { causal });
  const n = run.tokens.length;
  assert.deepEqual(
    shown.map((s) => s.head),
    heads,
  );
  for (const s of shown) {
    const want = mha.patternMetrics(run.result.headWeights(s.head), n, {
      causal,
    });
    const name = CONSTRUCTED_HEADS[s.head].name;
    assert.equal(s.after, "mha__map", `${name}: the readout is under the map`);
    assert.deepEqual(
      s.terms,
      READOUT_METRICS.map((m) => m.term),
    );
    for (const { metric } of READOUT_METRICS) {
      const [value, text] = s.values[metric];
      assert.equal(value, want[metric], `${name} ${metric}`);
      assert.ok(text.startsWith(percent(want[metric])), `${name} ${metric}`);
    }
  }
}

test("the readout under each heatmap is mha.patternMetrics of that head", async () => {
  const { page, problems } = await openPage(
    env.context,
    new URL("tests/browser/pages/embed-element.html", env.server.url).href,
  );
  await page.waitForFunction(
    () => document.querySelector("mha-heads").result,
    null,
    { timeout: 20000 },
  );
  // The page's element: the grid of heads 1 and 2, no causal mask.
  assertReadouts(await readReadouts(page), [0, 1], false);
  const update = () =>
    page.evaluate(
      () =>
        new Promise((resolve) =>
          document
            .querySelector("mha-heads")
            .addEventListener("mha-update", resolve, { once: true }),
        ),
    );
  // Single view with the causal mask: one head, the core's causal metrics.
  let updated = update();
  await page.evaluate(() => {
    const e = document.querySelector("mha-heads");
    e.view = "single";
    e.causal = true;
  });
  await updated;
  assertReadouts(await readReadouts(page), [0], true);
  updated = update();
  await page.evaluate(() => {
    document.querySelector("mha-heads").head = "previous";
  });
  await updated;
  assertReadouts(await readReadouts(page), [1], true);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `no horizontal scroll at 375 px (${width})`);
  assert.deepEqual(problems, []);
  await page.close();
});
