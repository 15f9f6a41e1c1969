// The in-place redraw of web/components/heatmap.js, in section #heads's
// grid: a keystroke that keeps the token count updates the six tables it
// already drew (same elements) and must leave them exactly as a fresh page
// opened on the final sentence draws them: captions, names, headers, every
// cell's text, label, weight, classes and colours. The mask is switched on
// and off in place too (cells turn masked and back), and a hovered cell's
// read-out follows the new numbers. Also photographs the grid.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, launch, openPage } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import { percent } from "../../web/components/heatmap.js";
import { runConstructed } from "../../web/constructed/run.js";
import { shareURL } from "../../web/embed/url-state.js";

const START = "the cat sat on the mat";
const TYPED = "s"; // "mat" → "mats": the same number of tokens
const FINAL = START + TYPED;

let env;
let page;
let problems;
let mha;

before(async () => {
  mha = await createMHA();
  // Tall enough that the sentence box and the first map are on screen
  // together: typing then scrolls nothing away from under the mouse.
  env = await launch({}, { viewport: { width: 1280, height: 1600 } });
  const url = shareURL(env.server.url, {
    section: "heads",
    sentence: START,
    view: { head: 0, view: "grid", causal: false },
  });
  ({ page, problems } = await openPage(env.context, url));
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
  await page.locator("#heads .heads-grid").scrollIntoViewIfNeeded();
});
after(async () => {
  await env?.close();
});

/** Everything a heatmap table shows, without the hover and focus marks. */
function readTables(p) {
  return p.$$eval("#heads table.heatmap", (tables) =>
    tables.map((t) => ({
      label: t.getAttribute("aria-label"),
      caption: t.caption.textContent,
      keys: [...t.querySelectorAll("th.heatmap__key")].map(
        (th) => th.textContent,
      ),
      queries: [...t.querySelectorAll("th.heatmap__query")].map(
        (th) => th.textContent,
      ),
      cells: [...t.querySelectorAll("td")].map((td) => ({
        at: `${td.dataset.row},${td.dataset.col}`,
        text: td.textContent,
        label: td.getAttribute("aria-label"),
        weight: td.dataset.weight,
        classes: [...td.classList]
          .filter((c) => !["is-row", "is-col", "is-active"].includes(c))
          .sort()
          .join(" "),
        background: td.style.backgroundColor,
        color: td.style.color,
      })),
    })),
  );
}

/**
 * Scrolls each table of `p` into view, as a reader would: the page redraws
 * off-screen heatmaps only when they come near (deferred-draw.js).
 */
async function scrollThrough(p) {
  const maps = p.locator("#heads table.heatmap");
  const count = await maps.count();
  for (let k = 0; k < count; k++) {
    await maps.nth(k).scrollIntoViewIfNeeded();
    await p.evaluate(
      () =>
        new Promise((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => r())),
        ),
    );
  }
}

/** Tags every table so that a rebuilt one is told from a kept one. */
function tagTables() {
  return page.$$eval("#heads table.heatmap", (tables) =>
    tables.forEach((t, k) => /** @type {any} */ (t.__kept = k)),
  );
}
function keptTables() {
  return page.$$eval("#heads table.heatmap", (tables) =>
    tables.map((t) => /** @type {any} */ (t).__kept),
  );
}

/** The tables of a fresh page opened on `sentence` (grid, mask or not). */
async function freshTables(sentence, causal) {
  const url = shareURL(env.server.url, {
    section: "heads",
    sentence,
    view: { head: 0, view: "grid", causal },
  });
  const fresh = await openPage(env.context, url);
  try {
    await fresh.page.waitForSelector("html[data-ready=true]", {
      state: "attached",
    });
    await scrollThrough(fresh.page);
    const tables = await readTables(fresh.page);
    assert.deepEqual(fresh.problems, []);
    return tables;
  } finally {
    await fresh.page.close();
  }
}

/** Lets the input's redraw (and any deferred one) run. */
function nextFrames() {
  return page.evaluate(
    () =>
      new Promise((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => r())),
      ),
  );
}

test("typing a letter that keeps the token count updates the six tables in place, equal to a fresh render", async () => {
  const before = await readTables(page);
  assert.equal(before.length, 6);
  await tagTables();
  // Hover a cell of the first map: its read-out must follow the new numbers.
  const input = page.locator("#heads-sentence");
  await input.focus();
  const cell = page.locator("#heads table.heatmap").first().locator("td");
  await cell.nth(7).hover();
  await input.press("End");
  await page.keyboard.type(TYPED);
  await nextFrames();
  assert.equal(await input.inputValue(), FINAL);
  assert.deepEqual(await keptTables(), [0, 1, 2, 3, 4, 5], "tables kept");

  // The read-out names the hovered cell (7, unless a layout change moved
  // another cell under the mouse) with its new value.
  const shown = await page.$eval("#heads table.heatmap", (t) => ({
    readout: t.closest(".heads-item__map").querySelector(".heatmap__readout")
      .textContent,
    active: [...t.querySelectorAll("td.is-active")].map((td) => [
      Number(td.dataset.row),
      Number(td.dataset.col),
    ]),
  }));
  assert.equal(shown.active.length, 1, "the hovered cell is still marked");
  const [[i, j]] = shown.active;
  const run = runConstructed(mha, FINAL);
  const n = run.tokens.length;
  const t = run.tokens.map((x) => x.text);
  const w = run.result.headWeights(0)[i * n + j];
  assert.equal(shown.readout, `${t[i]} → ${t[j]}: ${percent(w)}`);
  await scrollThrough(page);
  const now = await readTables(page);
  assert.equal(now[0].keys.length, n);
  assert.equal(before[0].keys.length, n, "the letter kept the token count");
  assert.notDeepEqual(
    now.map((t) => t.cells),
    before.map((t) => t.cells),
    "the numbers changed",
  );
  assert.deepEqual(now, await freshTables(FINAL, false));
  // Against the core in Node too, not only against the page.
  now.forEach((table, h) => {
    const want = Array.from(run.result.headWeights(h));
    assert.deepEqual(
      table.cells.map((c) => Number(c.weight)),
      want,
    );
    assert.deepEqual(
      table.cells.map((c) => c.text),
      want.map((w) => percent(w)),
    );
  });
  await page.locator("#heads .heads-grid").screenshot({
    path: fileURLToPath(new URL("heatmap-inplace-grid.png", ARTIFACTS)),
  });
});

test("the causal mask on and off in place: cells turn masked and back, equal to a fresh render", async () => {
  await tagTables();
  await page.locator("#heads-causal").check();
  await scrollThrough(page);
  assert.deepEqual(await keptTables(), [0, 1, 2, 3, 4, 5], "tables kept");
  const masked = await readTables(page);
  const n = masked[0].keys.length;
  assert.equal(
    masked[0].cells.filter((c) => c.classes.includes("masked")).length,
    (n * (n - 1)) / 2,
    "the cells above the diagonal are masked",
  );
  assert.deepEqual(masked, await freshTables(FINAL, true));

  await page.locator("#heads-causal").uncheck();
  await scrollThrough(page);
  assert.deepEqual(await keptTables(), [0, 1, 2, 3, 4, 5], "tables kept");
  assert.deepEqual(await readTables(page), await freshTables(FINAL, false));
  assert.deepEqual(problems, []);
});

test("a keystroke that adds a token rebuilds the tables, again equal to a fresh render", async () => {
  await tagTables();
  const input = page.locator("#heads-sentence");
  await input.focus();
  await input.press("End");
  await page.keyboard.type(" now");
  await scrollThrough(page);
  const kept = await keptTables();
  assert.ok(
    kept.every((k) => k === undefined),
    "new tables for a new token count",
  );
  assert.deepEqual(
    await readTables(page),
    await freshTables(`${FINAL} now`, false),
  );
  assert.deepEqual(problems, []);
});
