// The sections #heads, #learn and #examples in Chromium: the reader's sentence through the six
// constructed heads, the cards with their weights, and the specialization
// examples. Every number read from the page is compared with the same call
// to the core made here in Node.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import { percent } from "../../web/components/heatmap.js";
import {
  CONSTRUCTED_HEADS,
  constructedModelWeights,
  runConstructed,
} from "../../web/constructed/run.js";
import {
  characteristicCells,
  shareOnCells,
} from "../../web/sections/examples/rules.js";
import { headColumns } from "../../web/constructed/weights.js";

let env;
let page;
let problems;
let mha;
const dialogs = [];

before(async () => {
  mha = await createMHA();
  env = await launch({}, { viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(env.context, env.server.url));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
});
after(async () => {
  await env?.close();
});

/**
 * Every heatmap under `selector`: tokens, data-weight and cell texts. The
 * page redraws off-screen drawings only when they scroll near the viewport
 * (web/components/deferred-draw.js), so each is scrolled into view first,
 * as a reader would, and read after the next frames.
 */
async function readHeatmaps(selector) {
  const maps = page.locator(`${selector} table.heatmap`);
  const count = await maps.count();
  for (let i = 0; i < count; i++) {
    await maps.nth(i).scrollIntoViewIfNeeded();
    await nextFrames();
  }
  return page.$$eval(`${selector} table.heatmap`, (tables) =>
    tables.map((t) => ({
      caption: t.caption.textContent,
      tokens: [...t.querySelectorAll("th.heatmap__key")].map(
        (th) => th.textContent,
      ),
      weights: [...t.querySelectorAll("td")].map((td) =>
        Number(td.dataset.weight),
      ),
      texts: [...t.querySelectorAll("td")].map((td) => td.textContent),
      highlight: [...t.querySelectorAll("td.heatmap__cell--highlight")].map(
        (td) => `${td.dataset.row},${td.dataset.col}`,
      ),
    })),
  );
}

/** Asserts a heatmap shows head `h` of the core's run on `text`. */
function assertShowsHead(map, text, h) {
  const run = runConstructed(mha, text);
  const n = run.tokens.length;
  assert.deepEqual(
    map.tokens,
    run.tokens.map((t) => t.text),
  );
  const want = Array.from(run.result.headWeights(h));
  assert.deepEqual(map.weights, want, `${map.caption}: weights`);
  assert.deepEqual(
    map.texts,
    want.map((w) => percent(w)),
    `${map.caption}: texts`,
  );
  for (let i = 0; i < n; i++) {
    const row = map.weights.slice(i * n, (i + 1) * n);
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(
      Math.abs(sum - 1) < 1e-5,
      `${map.caption}: row ${i} sums to ${sum}`,
    );
    const shown = map.texts
      .slice(i * n, (i + 1) * n)
      .reduce((a, t) => a + Number.parseInt(t, 10), 0);
    // Each cell rounds by at most half a percent.
    assert.ok(Math.abs(shown - 100) <= n / 2, `row ${i} shows ${shown}%`);
  }
}

/**
 * Sets section #heads's input and fires one input event; in the same task,
 * reads the first heatmap of #heads and #learn (no waiting in between).
 */
function typeAndReadSynchronously(text) {
  return page.evaluate((value) => {
    const read = (sel) =>
      [...document.querySelectorAll(`${sel} td`)].map((td) =>
        Number(td.dataset.weight),
      );
    const input = document.getElementById("heads-sentence");
    const before = {
      heads: read("#heads table.heatmap"),
      learn: read("#learn .learn-card:first-of-type table.heatmap"),
    };
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return {
      before,
      after: {
        heads: read("#heads table.heatmap"),
        learn: read("#learn .learn-card:first-of-type table.heatmap"),
      },
    };
  }, text);
}

/** Lets IntersectionObserver callbacks and their redraws run. */
function nextFrames() {
  return page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)),
      ),
  );
}

async function setSentence(text) {
  await page.fill("#heads-sentence", text);
}

/** Section #heads back to one head, the first. */
async function showFirstHead() {
  await page.click("#heads button[data-head='0']");
}

test("section #heads shows the default sentence's head 1 with the core's numbers, tags and a timing", async () => {
  const text = "The clever fox jumped";
  assert.equal(await page.inputValue("#heads-sentence"), text);
  const [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, text, 0);
  const chips = await page.$$eval("#heads .heads-chip", (li) =>
    li.map((c) => [
      c.querySelector(".heads-chip__token").textContent,
      c.querySelector(".heads-chip__tag").textContent,
    ]),
  );
  const run = runConstructed(mha, text);
  assert.deepEqual(
    chips,
    run.tokens.map((t) => [t.text, t.tag]),
  );
  assert.match(
    await page.textContent("#heads .heads-timing"),
    /^6 heads × 4 tokens computed in (\d+\.\d+ ms|under 0\.1 ms) by the wasm core/,
  );
  const legend = await page.$eval(
    "#heads .legend__bar",
    (el) => getComputedStyle(el).backgroundImage,
  );
  assert.match(legend, /linear-gradient/);
  assert.match(await page.textContent("#heads"), /constructed, not trained/);
  assert.equal(
    await page.getAttribute("#heads a[href='#learn']", "href"),
    "#learn",
  );
});

test("one input event redraws the heatmap in view in the same task; section #learn follows on scroll", async () => {
  const text = "The cat chased the dog near Paris and London";
  await page.locator("#heads-sentence").scrollIntoViewIfNeeded();
  await nextFrames();
  const { before, after } = await typeAndReadSynchronously(text);
  assert.notDeepEqual(after.heads, before.heads);
  const run = runConstructed(mha, text);
  const n = run.tokens.length;
  assert.deepEqual(after.heads, Array.from(run.result.headWeights(0)));
  // Every card in section #learn follows, each with its own head.
  const cards = await page.$$eval("#learn .learn-card", (els) =>
    els.map((e) => Number(e.dataset.head)),
  );
  const maps = await readHeatmaps("#learn .learn-card");
  assert.equal(maps.length, 6);
  maps.forEach((m, k) => assertShowsHead(m, text, cards[k]));
  assert.match(
    await page.textContent("#heads .heads-timing"),
    /6 heads × 9 tokens/,
  );
});

test("typing with the keyboard recomputes too", async () => {
  await page.fill("#heads-sentence", "");
  await page.focus("#heads-sentence");
  await page.keyboard.type("I saw the movie");
  const [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, "I saw the movie", 0);
});

test("head buttons switch heads by mouse and keyboard; the grid shows all six", async () => {
  await setSentence("The old man saw a small dog.");
  const text = "The old man saw a small dog.";
  await page.click("#heads button[data-head='1']");
  assert.equal(
    await page.getAttribute("#heads button[data-head='1']", "aria-pressed"),
    "true",
  );
  assert.equal(
    await page.getAttribute("#heads button[data-head='0']", "aria-pressed"),
    "false",
  );
  let [map] = await readHeatmaps("#heads .heads-stage");
  assert.match(map.caption, /Previous token/);
  assertShowsHead(map, text, 1);
  assert.equal(
    await page.textContent("#heads .heads-item__description"),
    CONSTRUCTED_HEADS[1].description,
  );

  await page.focus("#heads button[data-head='3']");
  await page.keyboard.press("Enter");
  [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, text, 3);
  await page.focus("#heads button[data-head='4']");
  await page.keyboard.press("Space");
  [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, text, 4);

  await page.click("#heads .heads-button--grid");
  assert.equal(
    await page.getAttribute("#heads .heads-button--grid", "aria-pressed"),
    "true",
  );
  const maps = await readHeatmaps("#heads .heads-stage");
  assert.equal(maps.length, 6);
  maps.forEach((m, h) => assertShowsHead(m, text, h));
  const descriptions = await page.$$eval(
    "#heads .heads-item__description",
    (ps) => ps.map((p) => p.textContent),
  );
  assert.deepEqual(
    descriptions,
    CONSTRUCTED_HEADS.map((h) => h.description),
  );
  // The view changes without recomputing, and typing keeps the grid.
  await setSentence("The clever fox jumped");
  const again = await readHeatmaps("#heads .heads-stage");
  assert.equal(again.length, 6);
  again.forEach((m, h) => assertShowsHead(m, "The clever fox jumped", h));
  await page.click("#heads .heads-button--grid");
  assert.equal((await readHeatmaps("#heads .heads-stage")).length, 1);
});

test("arrow keys move focus inside a heatmap", async () => {
  await page.focus("#heads .heads-stage td[data-row='0'][data-col='0']");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => {
    const td = document.activeElement;
    return [td.closest("#heads") !== null, td.dataset.row, td.dataset.col];
  });
  assert.deepEqual(focused, [true, "2", "1"]);
  const readout = await page.textContent("#heads .heatmap__readout");
  assert.match(readout, /→/);
});

test("empty and over-long text show a message, keep the last heatmaps, and never throw", async () => {
  await showFirstHead();
  await setSentence("The clever fox jumped");
  const [good] = await readHeatmaps("#heads .heads-stage");
  await setSentence("");
  assert.match(await page.textContent("#heads .error"), /no words/);
  assert.match(await page.textContent("#learn .error"), /no words/);
  assert.deepEqual((await readHeatmaps("#heads .heads-stage"))[0], good);
  assert.match(
    await page.textContent("#heads .heads-stale"),
    /The clever fox jumped/,
  );

  const long = Array.from({ length: 41 }, (_, i) => `w${i}`).join(" ");
  await setSentence(long);
  assert.match(await page.textContent("#heads .error"), /41 tokens/);
  assert.deepEqual((await readHeatmaps("#heads .heads-stage"))[0], good);
  const live = await page.getAttribute("#heads .error", "aria-live");
  assert.equal(live, "polite");

  // Forty tokens is fine.
  const forty = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
  await setSentence(forty);
  assert.equal(await page.textContent("#heads .error"), "");
  const [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, forty, 0);
  assert.deepEqual(problems, []);
});

test("with a long sentence, an off-screen card draws the latest numbers when scrolled to", async () => {
  const long = Array.from({ length: 30 }, (_, i) => `w${i % 7}`).join(" ");
  await page.evaluate(() => window.scrollTo(0, 0));
  await setSentence(long);
  const card = "#learn .learn-card[data-head='5'] .learn-card__map";
  await page.locator(card).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (sel) => document.querySelectorAll(`${sel} td`).length === 900,
    card,
  );
  const [map] = await readHeatmaps(card);
  assertShowsHead(map, long, 5);
});

test("HTML-looking text is shown as text: no img element, no dialog", async () => {
  await showFirstHead();
  const text = "<img src=x onerror=alert(1)>";
  await setSentence(text);
  await page.waitForTimeout(100);
  for (const id of ["#heads", "#learn"]) {
    assert.equal(await page.locator(`${id} img`).count(), 0, id);
  }
  assert.deepEqual(dialogs, []);
  const [map] = await readHeatmaps("#heads .heads-stage");
  assertShowsHead(map, text, 0);
  assert.ok(map.tokens.includes("<") && map.tokens.includes("img"));
});

test("emoji and Japanese work", async () => {
  await showFirstHead();
  for (const text of ["The 🦊 jumped over the 🐶!", "猫が座った"]) {
    await setSentence(text);
    assert.equal(await page.textContent("#heads .error"), "");
    const [map] = await readHeatmaps("#heads .heads-stage");
    assertShowsHead(map, text, 0);
    const cards = await readHeatmaps("#learn .learn-card");
    assertShowsHead(cards[0], text, 0);
  }
});

test("section #learn: the syntactic card shows the tags; a weights disclosure opens on W_Q and W_K", async () => {
  const text = "The old man saw a small dog";
  await setSentence(text);
  const run = runConstructed(mha, text);
  const tags = await page.$$eval(
    "#learn .learn-card[data-head='3'] .heads-chip__tag",
    (els) => els.map((e) => e.textContent),
  );
  assert.deepEqual(
    tags,
    run.tokens.map((t) => t.tag),
  );

  const card = "#learn .learn-card[data-head='1']";
  assert.equal(await page.locator(`${card} table.matrix`).count(), 0);
  await page.click(`${card} summary`);
  await page.waitForSelector(`${card} table.matrix`);
  const matrices = await page.$$eval(`${card} table.matrix`, (tables) =>
    tables.map((t) => ({
      caption: t.caption.textContent,
      rows: t.tBodies[0].rows.length,
      values: [...t.querySelectorAll("td.matrix__cell")].map((td) =>
        Number(td.dataset.value),
      ),
      labels: [...t.tBodies[0].querySelectorAll("th")].map(
        (th) => th.textContent,
      ),
    })),
  );
  assert.equal(matrices.length, 2);
  const w = constructedModelWeights();
  assert.match(matrices[0].caption, /W_Q/);
  assert.match(matrices[1].caption, /W_K/);
  assert.deepEqual(matrices[0].values, Array.from(headColumns(w.wq, 1)));
  assert.deepEqual(matrices[1].values, Array.from(headColumns(w.wk, 1)));
  assert.equal(matrices[0].rows, 48);
  assert.equal(matrices[0].labels[1], "pos sin 0");
  assert.match(
    await page.textContent(`${card} .learn-weights`),
    /query reads: position\. Its key reads: position\./,
  );
  // The keyboard opens another one.
  const other = "#learn .learn-card[data-head='5']";
  await page.focus(`${other} summary`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${other} table.matrix`);
  assert.match(
    await page.textContent(`${other} .learn-weights`),
    /query reads: constant\. Its key reads: first token, punctuation\./,
  );
});

test("section #examples: each example outlines its rule's cells and reports the share there", async () => {
  const examples = await page.$$eval("#examples input[type=radio]", (radios) =>
    radios.map((r) => r.id),
  );
  assert.equal(examples.length, 5);
  const expectations = [
    ["examples-pick-previous", "previous", 1, "I saw the movie"],
    ["examples-pick-syntactic", "syntactic", 3, "The old man saw a small dog"],
    [
      "examples-pick-semantic",
      "semantic",
      4,
      "The cat chased the dog near Paris and London",
    ],
    ["examples-pick-copy", "copy", 2, "the cat saw the other cat"],
    ["examples-pick-sink", "sink", 5, "Well, the fox ran off; the dog slept."],
  ];
  for (const [id, rule, head, text] of expectations) {
    await page.click(`label[for='${id}']`);
    assert.equal(await page.isChecked(`#${id}`), true);
    assert.equal(await page.inputValue("#examples-sentence"), text);
    const [map] = await readHeatmaps("#examples");
    assertShowsHead(map, text, head);
    const run = runConstructed(mha, text);
    const n = run.tokens.length;
    const cells = characteristicCells(rule, run.tokens);
    assert.deepEqual(new Set(map.highlight), cells, `${rule}: outlined cells`);
    const { mean } = shareOnCells(run.result.headWeights(head), n, cells);
    assert.ok(
      (await page.textContent("#examples .examples-summary")).startsWith(
        `On the outlined cells: ${percent(mean)} `,
      ),
    );
  }
  // Radios move with the arrow keys; the sentence can be edited.
  await page.focus("#examples-pick-sink");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.isChecked("#examples-pick-copy"), true);
  await page.fill("#examples-sentence", "a dog met a dog");
  const [map] = await readHeatmaps("#examples");
  assertShowsHead(map, "a dog met a dog", 2);
  await page.fill("#examples-sentence", "");
  assert.match(await page.textContent("#examples .error"), /no words/);
  await page.click("#examples [data-section] button");
  assert.equal(
    await page.inputValue("#examples-sentence"),
    "the cat saw the other cat",
  );
  assert.equal(await page.textContent("#examples .error"), "");
});

test("no console errors, page errors or outside requests", () => {
  assert.deepEqual(problems, []);
});

test("the causal mask hides later tokens: hatched cells, exact zeros, the core's numbers", async () => {
  const text = "I saw the movie";
  await setSentence(text);
  await showFirstHead();
  await page.check("#heads-causal");
  const [map] = await readHeatmaps("#heads .heads-stage");
  const run = runConstructed(mha, text, { causal: true });
  const n = run.tokens.length;
  assert.deepEqual(map.weights, Array.from(run.result.headWeights(0)));
  const masked = await page.$$eval(
    "#heads .heads-stage td.heatmap__cell--masked",
    (tds) =>
      tds.map((td) => `${td.dataset.row},${td.dataset.col}:${td.textContent}`),
  );
  const want = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) want.push(`${i},${j}:–`);
  assert.deepEqual(masked, want);
  await page.uncheck("#heads-causal");
  assert.equal(
    await page.locator("#heads td.heatmap__cell--masked").count(),
    0,
  );
});
