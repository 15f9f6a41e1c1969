// Section #heads, key to paint: how long a keystroke in the sentence box
// takes until the next frame is painted, in the single-head view and in
// the grid of six, measured with the Event Timing API in Chromium. The
// figures depend on the machine, so this test prints them and does not
// assert them; it asserts that they were measured and that the section
// ended on the sentence typed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";

const SENTENCE = "the cat sat on the mat because it was warm";

let env;
let page;

before(async () => {
  env = await launch({}, { viewport: { width: 1280, height: 900 } });
  ({ page } = await openPage(env.context, env.server.url));
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
});
after(async () => {
  await env?.close();
});

/**
 * Types SENTENCE into #heads-sentence key by key and returns, per
 * interaction, the longest Event Timing duration (key to next paint), in ms.
 */
async function typeAndTime() {
  const input = page.locator("#heads-sentence");
  await input.scrollIntoViewIfNeeded();
  await input.fill("");
  await input.focus();
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__keyDurations = new Map();
    w.__keyObserver?.disconnect();
    w.__keyObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const id = /** @type {any} */ (e).interactionId;
        if (!id) continue;
        w.__keyDurations.set(
          id,
          Math.max(w.__keyDurations.get(id) ?? 0, e.duration),
        );
      }
    });
    w.__keyObserver.observe({
      type: "event",
      durationThreshold: 16,
      buffered: false,
    });
  });
  for (const key of SENTENCE) {
    await page.keyboard.type(key);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))),
    );
  }
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__keyObserver.disconnect();
    return [...w.__keyDurations.values()];
  });
}

function summary(durations) {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, median: at(0.5), p90: at(0.9) };
}

for (const view of ["single", "grid"]) {
  test(`#heads key to paint, ${view} view (recorded, not asserted)`, async (t) => {
    const gridButton = page.locator("#heads .heads-button--grid");
    const inGrid = (await page.locator("#heads .heads-grid").count()) > 0;
    if ((view === "grid") !== inGrid) await gridButton.click();
    const durations = await typeAndTime();
    // Durations under the 16 ms threshold are not reported, so the keys
    // observed may be fewer than the keys typed; at least some must be.
    assert.ok(durations.length > 0, "no Event Timing entries were observed");
    const s = summary(durations);
    const line = `#heads ${view} view: ${SENTENCE.length} keys, ${s.count} over 16 ms; key to paint median ${s.median} ms, p90 ${s.p90} ms`;
    t.diagnostic(line);
    console.log(line);
    assert.equal(await page.locator("#heads-sentence").inputValue(), SENTENCE);
    const maps = page.locator("#heads table.heatmap");
    assert.equal(await maps.count(), view === "grid" ? 6 : 1);
    const keys = await maps
      .first()
      .locator("th.heatmap__key")
      .allTextContents();
    assert.ok(keys.length > 0);
    // The heatmap's key headers are the tokens of the sentence typed.
    const words = new Set(SENTENCE.split(" "));
    assert.ok(
      keys.some((k) => words.has(k.trim())),
      `no key header is a word of the sentence: ${keys.join(", ")}`,
    );
  });
}
