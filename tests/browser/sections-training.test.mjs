// The section #training, "Watch heads learn", in Chromium under the strict CSP
// (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'): nothing runs
// before Start; Start trains in a module Worker until the core labels a
// head "induction" (induction score ≥ 0.5 on the probe, measured in the
// Worker) within 120 s; the heatmaps, the loss plot and the progress bar
// follow; Pause stops the step counter and Resume restarts it; Reset clears
// everything; a Worker that cannot load falls back to training on the page;
// axe-core finds no serious violation; 375 px fits. Screenshots (1280 and
// 375 px, during and after training) go to test-results/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, ARTIFACTS } from "./browser.mjs";
import { mkdir } from "node:fs/promises";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
/** The time limit for an induction head, on a loaded 2-core CI machine. */
const INDUCTION_LIMIT_S = 120;
const S = "[data-section=training]";

let env;
let page;
let problems;
before(async () => {
  env = await launch(
    { root: ".", csp: STRICT_CSP },
    { viewport: { width: 1280, height: 900 } },
  );
  ({ page, problems } = await open(1280));
});
after(async () => {
  await env?.close();
});

async function open(width, colorScheme = "light") {
  const opened = await openPage(
    env.context,
    new URL("web/index.html#training", env.server.url).href,
  );
  await opened.page.setViewportSize({ width, height: 900 });
  await opened.page.emulateMedia({ colorScheme });
  await opened.page.waitForSelector("html[data-ready=true]", {
    state: "attached",
    timeout: 30000,
  });
  return opened;
}

/** A picture of #training alone, from a full-page capture. */
async function shoot(p, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const box = await p.evaluate(() => {
    const r = document.getElementById("training").getBoundingClientRect();
    return {
      x: r.x + scrollX,
      y: r.y + scrollY,
      width: r.width,
      height: r.height,
    };
  });
  await p.screenshot({
    path: new URL(`section-training-${name}.png`, ARTIFACTS).pathname,
    fullPage: true,
    clip: box,
  });
}

const state = (p = page) => p.$eval(S, (el) => el.dataset.state);
const stepOf = async (p = page) =>
  Number(await p.$eval(S, (el) => el.dataset.step ?? "0"));
const lossPath = (p = page) =>
  p.$eval(`${S} .training-chart--loss .line-plot__line`, (el) =>
    el.getAttribute("d"),
  );
const headCards = (p = page) =>
  p.$$eval(`${S} .training-head`, (cards) =>
    cards.map((c) => ({
      head: c.dataset.head,
      label: c.dataset.label ?? null,
      step: Number(c.dataset.step ?? -1),
      induction: Number(c.dataset.induction ?? NaN),
      previousToken: Number(c.dataset.previousToken ?? NaN),
      weights: [...c.querySelectorAll("td")].map((td) =>
        Number(td.dataset.weight),
      ),
    })),
  );

test("nothing trains on page load: no Worker, idle controls", async () => {
  await page.waitForTimeout(1000);
  assert.equal(await state(), "idle");
  const loaded = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .some((e) => e.name.includes("/sections/training/worker.js")),
  );
  assert.equal(loaded, false, "the training Worker is not loaded before Start");
  assert.equal(await page.isDisabled(`${S} .training-pause`), true);
  assert.equal(await page.isDisabled(`${S} .training-reset`), true);
  assert.equal(await page.$eval(`${S} progress`, (p) => p.value), 0);
});

test(`Start (by keyboard) trains in a Worker: an induction head (core's induction ≥ 0.5 on the probe) appears within ${INDUCTION_LIMIT_S} s, with live heatmaps and loss plot`, async () => {
  await page.focus(`${S} .training-start`);
  await page.keyboard.press("Enter");
  const t0 = Date.now();
  await page.waitForSelector(`${S}[data-mode=worker]`, { timeout: 10000 });
  await page.waitForFunction(
    (s) => Number(document.querySelector(s).dataset.step) >= 300,
    S,
    { timeout: 60000 },
  );
  const early = { cards: await headCards(), path: await lossPath() };
  const earlyPlot = await page.$(`${S} .training-chart--loss .line-plot`);
  assert.ok(early.cards.every((c) => c.weights.length === 16 * 16));
  await page.locator(`${S} .training-plots`).scrollIntoViewIfNeeded();
  await shoot(page, "1280-during");

  const milestone = await page.waitForSelector(
    `${S} .training-milestone[data-kind=induction]`,
    { timeout: INDUCTION_LIMIT_S * 1000 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const m = await milestone.evaluate((li) => ({
    ...li.dataset,
    text: li.textContent,
  }));
  console.log(
    `# induction head ${m.head} at step ${m.step}, score ${m.score}, after ${seconds.toFixed(1)} s`,
  );
  assert.ok(Number(m.score) >= 0.5, `induction score ${m.score}`);
  assert.match(
    m.text,
    /An induction head appeared at step [\d,]+: layer 1, head \d \(induction score 0\.\d\d\)/,
  );
  assert.match(
    await page.textContent(`${S} .training-status`),
    /induction head has appeared/,
  );

  // The cards were redrawn from the same measurement or a later one.
  await page.waitForTimeout(300);
  const cards = await headCards();
  const card = cards.find((c) => c.head === m.head);
  assert.ok(card.step >= Number(m.step));
  if (card.step === Number(m.step)) {
    assert.equal(card.label, "induction");
    assert.equal(card.induction, Number(m.score));
  }
  for (const c of cards) {
    const n = 16;
    for (let i = 0; i < n; i++) {
      const sum = c.weights.slice(i * n, i * n + n).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `${c.head} row ${i} sums to ${sum}`);
    }
  }
  assert.notDeepEqual(
    cards[3].weights,
    early.cards[3].weights,
    "heatmaps update",
  );
  const path = await lossPath();
  assert.ok(path.length > early.path.length, "the loss plot grows");
  assert.ok(
    await earlyPlot.evaluate((n) => n.isConnected),
    "redraws while training update the lines, not the whole chart",
  );
  assert.match(
    await page.getAttribute(
      `${S} .training-chart--loss .line-plot__svg`,
      "aria-label",
    ),
    /Loss on the copied letters \(mean of 25 steps\): [\d.]+ nats at step 25/,
  );
  const progress = await page.$eval(`${S} progress`, (p) => [p.value, p.max]);
  assert.ok(progress[0] >= Number(m.step) && progress[1] >= progress[0]);
  // The table alternative of the plots holds the same run.
  const rows = await page.$$eval(
    `${S} .training-table tbody tr`,
    (trs) => trs.length,
  );
  assert.ok(rows >= 2);
  await shoot(page, "1280-after");
  assert.deepEqual(problems, []);
});

test("Pause stops the step counter; Resume starts it again", async () => {
  if ((await state()) !== "running") return; // the run may have finished
  await page.click(`${S} .training-pause`);
  await page.waitForFunction(
    (s) => document.querySelector(s).dataset.state === "paused",
    S,
  );
  assert.equal(await page.textContent(`${S} .training-pause`), "Resume");
  const at = await stepOf();
  await page.waitForTimeout(1500);
  assert.equal(await stepOf(), at, "no step while paused");
  assert.match(
    await page.textContent(`${S} .training-status`),
    /Paused at step/,
  );
  await page.click(`${S} .training-pause`);
  await page.waitForFunction(
    ([s, step]) => Number(document.querySelector(s).dataset.step) > step,
    [S, at],
    { timeout: 20000 },
  );
  assert.equal(await state(), "running");
});

test("axe-core finds no serious or critical violation in #training (light and dark), with data in it", async () => {
  await page.addScriptTag({ url: "/node_modules/axe-core/axe.min.js" });
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run("#training", {
        resultTypes: ["violations"],
        // Experimental in axe, so off by default: WCAG 2.5.3, visible text
        // is part of the accessible name.
        rules: { "label-content-name-mismatch": { enabled: true } },
      });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0].target.join(" ")}`,
        );
    });
    assert.deepEqual(violations, [], colorScheme);
  }
  await page.emulateMedia({ colorScheme: "light" });
});

test("Reset stops the run and clears the plots, heads and progress", async () => {
  await page.click(`${S} .training-reset`);
  assert.equal(await state(), "idle");
  const at = await stepOf();
  assert.equal(at, 0);
  await page.waitForTimeout(800);
  assert.equal(await stepOf(), 0, "nothing runs after Reset");
  assert.equal(await page.$eval(`${S} progress`, (p) => p.value), 0);
  assert.equal(
    await page.$$eval(`${S} .training-milestone`, (l) => l.length),
    0,
  );
  assert.equal(
    await page.$$eval(`${S} .training-chart svg`, (l) => l.length),
    0,
  );
  const cards = await headCards();
  assert.equal(cards.length, 4);
  assert.ok(cards.every((c) => c.label === null && c.weights.length === 0));
  assert.equal(await page.isDisabled(`${S} .training-start`), false);
  assert.equal(await page.isDisabled(`${S} .training-pause`), true);
  assert.deepEqual(problems, []);
});

test("where the Worker cannot load, the same run goes on the page's thread; 375 px fits", async () => {
  const narrow = await open(375, "dark");
  // Make the Worker's script fail to load, as on file:// pages.
  await narrow.page.route("**/sections/training/worker.js", (route) =>
    route.abort(),
  );
  await narrow.page.click(`${S} .training-start`);
  await narrow.page.waitForSelector(`${S}[data-mode=page]`, { timeout: 10000 });
  assert.match(
    await narrow.page.textContent(`${S} .training-where`),
    /page’s own thread/,
  );
  await narrow.page.waitForFunction(
    (s) => Number(document.querySelector(s).dataset.step) >= 200,
    S,
    { timeout: 60000 },
  );
  // The page stays responsive while it trains: a click is handled.
  await narrow.page.click(`${S} .training-pause`);
  await narrow.page.waitForFunction(
    (s) => document.querySelector(s).dataset.state === "paused",
    S,
  );
  const at = await stepOf(narrow.page);
  await narrow.page.waitForTimeout(800);
  assert.equal(await stepOf(narrow.page), at);
  const overflow = await narrow.page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow} px too wide at 375 px`);
  const cardOverflow = await narrow.page.$$eval(
    `${S} .training-head`,
    (cards) => cards.map((c) => c.scrollWidth - c.clientWidth),
  );
  assert.ok(
    cardOverflow.every((o) => o <= 0),
    `head cards overflow: ${cardOverflow}`,
  );
  await narrow.page.locator(`${S} .training-controls`).scrollIntoViewIfNeeded();
  await shoot(narrow.page, "375-dark-paused");
  // Requests to the aborted Worker script are this test's doing.
  assert.deepEqual(
    narrow.problems.filter((p) => !p.includes("worker.js")),
    [],
  );
  await narrow.page.close();
});
