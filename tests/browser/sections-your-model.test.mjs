// Section #your-model in Chromium: a reader brings a GPT-2 or GPT-Neo
// checkpoint (files, ?model=, or our small model) and the page shows every
// head on their text. Each number read from the page (heatmap weights, top
// next tokens, losses, continuations) is compared with the same public-API
// call made here in Node on the same seeded folder
// (tests/browser/your-model-fixtures.mjs). Also: every class of bad folder
// gives its error and keeps what was shown, the keyboard, axe-core in
// light and dark, and the phone width.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, launch, openPage } from "./browser.mjs";
import {
  expectedFor,
  idsOf,
  loadFolder,
  serveMounts,
  writeBadFolders,
  writeTinyGpt2Folder,
  writeTinyNeoFolder,
} from "./your-model-fixtures.mjs";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const AXE = readFileSync(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
  "utf8",
);
const SECTION = "[data-section=your-model]";
/** The page takes this many greedy steps (session.js CONTINUATION_STEPS). */
const CONTINUATION_STEPS = 12;
/** Loading and analysing a tiny folder takes well under this (ms). */
const READY_MS = 30000;

let env;
let tmp;
let gpt2;
let neo;
let bad;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "mha-your-model-"));
  gpt2 = await writeTinyGpt2Folder(join(tmp, "tiny-gpt2"));
  neo = await writeTinyNeoFolder(join(tmp, "tiny-neo"));
  bad = await writeBadFolders(join(tmp, "bad"));
  env = await launch(
    {
      root: ".",
      csp: STRICT_CSP,
      mounts: serveMounts({ "tiny-gpt2": gpt2, "tiny-neo": neo }),
    },
    { viewport: { width: 1280, height: 900 } },
  );
});
after(async () => {
  await env?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A fresh page on `path` (relative to the server), once the page is ready. */
async function open(path = "web/index.html#your-model") {
  const { page, problems } = await openPage(
    env.context,
    new URL(path, env.server.url).href,
  );
  await page.waitForSelector("html[data-ready=true]", {
    state: "attached",
    timeout: READY_MS,
  });
  return { page, problems };
}

/** Waits for the section's data-state (and, optionally, more attributes). */
function waitState(page, state, { root = SECTION, timeout = READY_MS } = {}) {
  return page.waitForSelector(`${root}[data-state=${state}]`, {
    state: "attached",
    timeout,
  });
}

/** Every file of a folder the fixtures wrote, as paths for setInputFiles. */
const filesOf = (folder) => folder.files.map((f) => join(folder.dir, f));

/** Brings `folder` through the file input and waits until it is analysed. */
async function bring(page, folder) {
  await page.setInputFiles("#ym-files", filesOf(folder));
  await waitState(page, "ready");
}

/** The summary's fields, by data-field. */
function readSummary(page, root = SECTION) {
  return page.$$eval(`${root} dl.ym-summary dd[data-field]`, (dds) =>
    Object.fromEntries(dds.map((d) => [d.dataset.field, d.textContent])),
  );
}

/** The thumbnails in the order shown. */
function readGrid(page, root = SECTION) {
  return page.$$eval(`${root} .ym-thumb`, (bs) =>
    bs.map((b) => ({
      head: b.dataset.head,
      label: b.dataset.label,
      metric: Number(b.dataset.metric),
      role: b.querySelector(".ym-thumb__role").textContent,
    })),
  );
}

/** The chips' ids and shown texts. */
function readChips(page) {
  return page.$$eval(`${SECTION} li.ym-chip`, (lis) =>
    lis.map((li) => ({
      id: Number(li.dataset.id),
      text: li.querySelector(".ym-chip__text").textContent,
    })),
  );
}

/** The big heatmap's cells, row-major. */
function readHeatmap(page, root = SECTION) {
  return page.$$eval(`${root} .ym-head__map td.heatmap__cell`, (tds) =>
    tds.map((td) => ({
      row: Number(td.dataset.row),
      col: Number(td.dataset.col),
      weight: Number(td.dataset.weight),
      masked: td.classList.contains("heatmap__cell--masked"),
    })),
  );
}

/** A top-next table's rows. */
function readNext(page, kind) {
  return page.$$eval(
    `${SECTION} table.ym-next__table--${kind} tbody tr`,
    (trs) =>
      trs.map((tr) => ({
        id: Number(tr.dataset.id),
        probability: Number(tr.dataset.probability),
      })),
  );
}

/** Chooses a head in the grid and waits for its title. */
async function chooseHead(page, name, root = SECTION) {
  await page.click(`${root} .ym-thumb[data-head="${name}"]`);
  await page.waitForFunction(
    ([r, n]) =>
      document
        .querySelector(`${r} .ym-head__title`)
        ?.textContent.includes(`(${n})`),
    [root, name],
  );
}

/**
 * No console error, page error or request elsewhere. The strict CSP's
 * refusals of inline style attributes are named on their own first: they
 * are the section's (an attribute set with el(…, { style })), not the
 * test's.
 */
function assertNoProblems(problems) {
  const styles = problems.filter((p) =>
    p.includes("Applying inline style violates"),
  );
  assert.equal(
    styles.length,
    0,
    `SECTION BUG: the strict CSP (${STRICT_CSP}) refused ${styles.length} inline style attribute(s) the section set (grid.js's style "--ym-heads", predictions.js's style "--p" go through setAttribute("style"); expected none)`,
  );
  assert.deepEqual(problems, []);
}

function assertClose(got, want, tolerance, what) {
  assert.equal(got.length, want.length, `${what}: length`);
  got.forEach((g, i) =>
    assert.ok(
      Math.abs(g - want[i]) <= tolerance,
      `${what}[${i}]: page ${g}, Node ${want[i]} (tolerance ${tolerance})`,
    ),
  );
}

/** The page's top next rows against Node's k = 5 (the page lists 8). */
function assertTopNext(rows, want, what) {
  assert.ok(rows.length >= want.ids.length, `${what}: ${rows.length} rows`);
  const shown = rows.slice(0, want.ids.length);
  assert.deepEqual(
    shown.map((r) => r.id),
    want.ids,
    `${what}: ids`,
  );
  assertClose(
    shown.map((r) => r.probability),
    want.probabilities,
    1e-6,
    `${what}: probabilities`,
  );
}

/** Node's greedy continuation of `ids` (only the new ids). */
async function continuationOf(dir, ids, ablate) {
  const model = await loadFolder(dir);
  try {
    const out = model.generate(ids, {
      steps: CONTINUATION_STEPS,
      ...(ablate ? { ablate } : {}),
    });
    return Array.from(out.subarray(ids.length));
  } finally {
    model.dispose();
  }
}

const idsAttr = (page, selector) =>
  page.$eval(selector, (p) => p.dataset.ids.split(",").map(Number));

/**
 * One head of a loaded folder against Node: the heatmap, the top next
 * tokens, the loss, the continuation; then that head ablated.
 */
async function checkHead(page, folder, layer, head, { ablate = true } = {}) {
  const name = `L${layer}H${head}`;
  const text = await page.inputValue("#ym-text");
  const ids = idsOf(text);
  const chips = await readChips(page);
  assert.deepEqual(
    chips.map((c) => c.id),
    ids,
    "the chips are the GPT-2 ids of the text box",
  );
  const want = await expectedFor(folder.dir, ids, { layer, head });
  await chooseHead(page, name);
  const cells = await readHeatmap(page);
  assert.equal(cells.length, want.n * want.n, "the heatmap is n × n");
  assertClose(
    cells.map((c) => c.weight),
    want.weights,
    1e-6,
    `${name} weights`,
  );
  assertTopNext(await readNext(page, "intact"), want.topNext, "top next");
  const loss = Number(
    await page.getAttribute(`${SECTION} p.ym-loss`, "data-loss"),
  );
  assert.ok(Math.abs(loss - want.loss) <= 1e-5, `loss ${loss} vs ${want.loss}`);
  const intact = await idsAttr(page, `${SECTION} .ym-continuation__intact`);
  assert.equal(intact.length, CONTINUATION_STEPS);
  assert.deepEqual(
    intact.slice(0, want.generate.length - ids.length),
    want.generate.slice(ids.length),
    "the continuation starts as expectedFor's 8 greedy steps",
  );
  assert.deepEqual(intact, await continuationOf(folder.dir, ids));
  if (!ablate) return want;

  await page.click(`${SECTION} button.ym-head__ablate`);
  await page.waitForSelector(`${SECTION} .ym-continuation__ablated`, {
    state: "attached",
  });
  assert.equal(
    await page.getAttribute(
      `${SECTION} button.ym-head__ablate`,
      "aria-pressed",
    ),
    "true",
  );
  assert.ok(
    await page.$eval(`${SECTION} .ym-thumb[data-head="${name}"]`, (b) =>
      b.classList.contains("ym-thumb--off"),
    ),
    `${name}'s thumbnail is marked off`,
  );
  assertTopNext(
    await readNext(page, "ablated"),
    want.ablatedTopNext,
    `top next with ${name} off`,
  );
  const ablatedLoss = Number(
    await page.getAttribute(`${SECTION} p.ym-loss`, "data-ablated-loss"),
  );
  assert.ok(
    Math.abs(ablatedLoss - want.ablatedLoss) <= 1e-5,
    `ablated loss ${ablatedLoss} vs ${want.ablatedLoss}`,
  );
  assert.deepEqual(
    await idsAttr(page, `${SECTION} .ym-continuation__ablated`),
    await continuationOf(folder.dir, ids, [{ layer, head }]),
    `the continuation with ${name} off`,
  );
  return want;
}

test("a tiny GPT-2 folder through the file input: summary, grid, one head, ablation and continuation equal Node's", async () => {
  const { page, problems } = await open();
  await bring(page, gpt2);
  const summary = await readSummary(page);
  assert.match(summary["layers × heads"], /^2 × 4 = 8 heads$/);
  assert.match(summary.vocabulary, /^50,257 tokens$/);
  assert.equal(summary.dtype, "F32");
  assert.match(summary.family, /^GPT-2/);
  const root = await page.$eval(SECTION, (r) => ({ ...r.dataset }));
  assert.equal(root.layers, "2");
  assert.equal(root.heads, "4");
  assert.equal(root.family, "gpt2");
  const grid = await readGrid(page);
  assert.deepEqual(
    grid.map((g) => g.head),
    ["L0H0", "L0H1", "L0H2", "L0H3", "L1H0", "L1H1", "L1H2", "L1H3"],
  );
  for (const g of grid) assert.ok(g.label, `${g.head} has a label`);
  assert.ok(
    grid.every((g) => g.role === ""),
    "no published role on a model that is not GPT-2 small",
  );
  assert.equal(Number(root.n), idsOf(await page.inputValue("#ym-text")).length);
  await checkHead(page, gpt2, 1, 2);
  assertNoProblems(problems);
  await page.close();
});

test("?model= on the page's site loads by itself; the embed page too; Share link carries model=", async () => {
  const { page, problems } = await open(
    "web/index.html?model=/models/tiny-gpt2/#your-model",
  );
  await waitState(page, "ready");
  const summary = await readSummary(page);
  assert.match(summary["layers × heads"], /^2 × 4/);
  assert.equal(summary.dtype, "F32");
  assert.equal(
    await page.isVisible(`${SECTION} button.ym-load`),
    false,
    "a small hosted file needs no Load button",
  );
  await checkHead(page, gpt2, 0, 3, { ablate: false });

  const tools = page.locator("#your-model .section-tools");
  await tools.getByRole("button", { name: "Share link" }).click();
  await page.waitForFunction(() =>
    /Copied|selected below/.test(
      document.querySelector("#your-model .section-tools__status").textContent,
    ),
  );
  const link = new URL(await tools.evaluate((bar) => bar.dataset.copied ?? ""));
  assert.equal(link.searchParams.get("model"), "/models/tiny-gpt2/");
  assert.equal(link.hash, "#your-model");
  assertNoProblems(problems);
  await page.close();

  // The same folder relative to the page (web/index.html → ../models/).
  const relative = await open(
    "web/index.html?model=../models/tiny-gpt2/#your-model",
  );
  await waitState(relative.page, "ready");
  assert.equal((await readGrid(relative.page)).length, 8);
  assertNoProblems(relative.problems);
  await relative.page.close();

  const embed = await open(
    "web/embed.html?section=your-model&model=/models/tiny-gpt2/",
  );
  await waitState(embed.page, "ready", { root: "#embed-root" });
  const grid = await readGrid(embed.page, "#embed-root");
  assert.equal(grid.length, 8);
  assert.ok(grid.every((g) => g.label));
  assertNoProblems(embed.problems);
  await embed.page.close();
});

test("a tiny GPT-Neo folder: the local layer masks tokens 4 or more back, and its weights equal Node's", async () => {
  const { page, problems } = await open();
  await bring(page, neo);
  assert.equal(await page.getAttribute(SECTION, "data-family"), "gpt_neo");
  const summary = await readSummary(page);
  assert.match(summary["local attention"], /1 of 2 layers .* last 4 tokens/);
  const ids = idsOf(await page.inputValue("#ym-text"));
  const n = ids.length;
  for (const [layer, window] of [
    [0, 0],
    [1, neo.window],
  ]) {
    const head = 1;
    const want = await expectedFor(neo.dir, ids, { layer, head });
    await chooseHead(page, `L${layer}H${head}`);
    const cells = await readHeatmap(page);
    assert.equal(cells.length, n * n);
    const masked = cells
      .filter((c) => c.masked)
      .map((c) => `${c.row},${c.col}`);
    const expected = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (j > i || (window > 0 && j <= i - window))
          expected.push(`${i},${j}`);
    assert.deepEqual(masked, expected, `masked cells of layer ${layer}`);
    assertClose(
      cells.map((c) => c.weight),
      want.weights,
      1e-6,
      `L${layer}H${head} weights`,
    );
    // Outside the window the core gives exactly nothing.
    for (const c of cells)
      if (c.masked) assert.equal(c.weight, 0, `cell ${c.row},${c.col}`);
  }
  assertNoProblems(problems);
  await page.close();
});

test("every class of bad folder says what is wrong; a good folder then loads; a bad file keeps the model shown", async () => {
  const { page, problems } = await open();
  /** Waits for the error of `code` whose detail matches `text`. */
  const waitError = (code, text) =>
    page.waitForFunction(
      ([c, t]) => {
        const e = document.querySelector("[data-section=your-model] .ym-error");
        return (
          e &&
          !e.hidden &&
          e.dataset.code === c &&
          new RegExp(t, "s").test(e.textContent)
        );
      },
      [code, text],
      { timeout: READY_MS },
    );
  const seen = [];
  for (const [name, folder] of Object.entries(bad)) {
    const code =
      folder.expectCode ??
      (folder.missing === "model.safetensors"
        ? "MISSING_WEIGHTS"
        : "MISSING_CONFIG");
    await page.setInputFiles("#ym-files", filesOf(folder));
    try {
      await waitError(code, folder.expectText);
    } catch {
      const shown = await page.$eval(`${SECTION} .ym-error`, (e) => ({
        hidden: e.hidden,
        code: e.dataset.code,
        text: e.textContent,
      }));
      assert.fail(
        `${name}: expected .ym-error[data-code=${code}] matching /${folder.expectText}/, saw ${JSON.stringify(shown)}`,
      );
    }
    assert.ok(await page.isVisible(`${SECTION} .ym-error`), name);
    assert.equal(
      await page.getAttribute(`${SECTION} .ym-error`, "role"),
      "alert",
    );
    assert.equal(await page.getAttribute(SECTION, "data-state"), "error");
    assert.equal(await page.getAttribute(SECTION, "data-error"), code);
    assert.ok(
      (await page.textContent(`${SECTION} .ym-error__lead`)).length > 0,
      `${name}: a lead sentence`,
    );
    assert.equal(await page.isVisible(`${SECTION} .ym-loaded`), false);
    seen.push(name);
  }
  assert.equal(seen.length, 7);

  // A good folder after all of them.
  await bring(page, gpt2);
  assert.equal(await page.isVisible(`${SECTION} .ym-error`), false);
  assert.equal((await readGrid(page)).length, 8);

  // Then a bad file: the error shows, and the model stays, working.
  await page.setInputFiles("#ym-files", filesOf(bad.disagree));
  await waitError("SHAPE_MISMATCH", bad.disagree.expectText);
  assert.equal(await page.getAttribute(SECTION, "data-state"), "ready");
  assert.equal(
    await page.getAttribute(SECTION, "data-error"),
    "SHAPE_MISMATCH",
  );
  assert.ok(await page.isVisible(`${SECTION} .ym-loaded`));
  assert.equal((await readGrid(page)).length, 8);
  const text = "Tom gave Mary a book because Tom liked Mary.";
  const ids = idsOf(text);
  await page.fill("#ym-text", text);
  await page.waitForFunction(
    (n) =>
      document.querySelector("[data-section=your-model]").dataset.n ===
        String(n) &&
      document.querySelector("[data-section=your-model]").dataset.state ===
        "ready",
    ids.length,
    { timeout: READY_MS },
  );
  assert.deepEqual(
    (await readChips(page)).map((c) => c.id),
    ids,
  );
  await checkHead(page, gpt2, 0, 1, { ablate: false });
  assertNoProblems(problems);
  await page.close();
});

test("our small model: 2 × 4 heads, characters as tokens, no Verify, the published ids listed", async () => {
  const { page, problems } = await open();
  await page.click(`${SECTION} button.ym-try`);
  await waitState(page, "ready");
  assert.equal((await readGrid(page)).length, 8);
  const chips = await readChips(page);
  const text = await page.inputValue("#ym-text");
  assert.equal(chips.length, [...text].length, "one chip per character");
  assert.ok(
    chips.some((c) => c.text === "␣"),
    "spaces show as ␣",
  );
  assert.ok(
    chips.every((c) => c.text !== " "),
    "no chip shows a bare space",
  );
  assert.equal(await page.isDisabled(`${SECTION} button.ym-verify__run`), true);
  assert.equal(
    await page.getAttribute(`${SECTION} .ym-verify__result`, "data-state"),
    "unavailable",
  );
  assert.match(
    await page.textContent(`${SECTION} .ym-verify__result .note`),
    /neither GPT-2 small nor distilgpt2/,
  );
  assert.equal(
    await page.textContent(
      `${SECTION} ul.ym-verify__cases li[data-model=gpt2] code`,
    ),
    "[464, 3290, 373, 1043, 287, 257, 2214, 1474, 262, 16246, 286, 2688, 290, 2688, 27262, 13, 198, 198, 464, 3290]",
  );
  assertNoProblems(problems);
  await page.close();
});

test("keyboard only: Tab reaches the grid, arrows move between heads, Enter opens one; sorted by a metric", async () => {
  const { page, problems } = await open();
  await page.click(`${SECTION} button.ym-try`);
  await waitState(page, "ready");
  await page.focus("#ym-text");
  const focused = () =>
    page.evaluate(() => document.activeElement?.dataset?.head ?? null);
  let head = null;
  for (let i = 0; i < 12 && head === null; i++) {
    await page.keyboard.press("Tab");
    head = await focused();
  }
  assert.equal(head, "L0H0", "Tab reaches the grid at the chosen head");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "L0H1");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), "L1H1");
  await page.keyboard.press("End");
  assert.equal(await focused(), "L1H3");
  await page.keyboard.press("Home");
  assert.equal(await focused(), "L1H0");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document
      .querySelector("[data-section=your-model] .ym-head__title")
      .textContent.includes("(L1H1)"),
  );
  assert.equal(
    await page.getAttribute(
      `${SECTION} .ym-thumb[data-head=L1H1]`,
      "aria-pressed",
    ),
    "true",
  );
  // One Tab stop: only the chosen head is in the tab order.
  assert.deepEqual(
    await page.$$eval(`${SECTION} .ym-thumb[tabindex="0"]`, (bs) =>
      bs.map((b) => b.dataset.head),
    ),
    ["L1H1"],
  );

  await page.selectOption("#ym-metric", "previousToken");
  await page.selectOption("#ym-arrange", "sorted");
  const sorted = await readGrid(page);
  assert.equal(sorted.length, 8);
  assert.ok(
    sorted.every((g) => Number.isFinite(g.metric)),
    `every thumbnail has a previousToken score: ${sorted.map((g) => g.metric)}`,
  );
  for (let i = 1; i < sorted.length; i++)
    assert.ok(
      sorted[i - 1].metric >= sorted[i].metric,
      `sorted descending: ${sorted.map((g) => `${g.head} ${g.metric}`).join(", ")}`,
    );
  assert.ok(
    await page.$eval(`${SECTION} .ym-grid__board`, (b) =>
      b.classList.contains("ym-grid__board--sorted"),
    ),
  );
  assertNoProblems(problems);
  await page.close();
});

test("axe-core (every default rule) in light and dark, no overflow at 375 px; screenshots", async () => {
  const { page, problems } = await open();
  await bring(page, gpt2);
  await chooseHead(page, "L1H2");
  await page.click(`${SECTION} button.ym-head__ablate`);
  await page.waitForSelector(`${SECTION} .ym-continuation__ablated`, {
    state: "attached",
  });
  await page.$$eval(`${SECTION} details`, (ds) =>
    ds.forEach((d) => (d.open = true)),
  );
  // Through the devtools protocol: the page's CSP forbids inline scripts.
  await page.evaluate(AXE);
  const shot = async (name) => {
    await page.locator("#your-model").scrollIntoViewIfNeeded();
    const path = fileURLToPath(new URL(`${name}.png`, ARTIFACTS));
    await page.locator("#your-model").screenshot({ path });
  };
  /** Serious and critical violations, by colour scheme. */
  const found = {};
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    const result = await page.evaluate(() =>
      window.axe.run(document.querySelector("#your-model"), {
        resultTypes: ["violations"],
      }),
    );
    found[colorScheme] = result.violations
      .filter((v) => ["serious", "critical"].includes(v.impact))
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map(
              (n) => `${n.target} — ${n.failureSummary.replace(/\s+/g, " ")}`,
            )
            .join(" | ")}`,
      );
    await shot(`section-your-model-1280-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)),
      ),
  );
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 375, `the page is ${wide} px wide at 375 px`);
  await shot("section-your-model-375");
  assert.deepEqual(found, { light: [], dark: [] }, "axe-core violations");
  assertNoProblems(problems);
  await page.close();
});
