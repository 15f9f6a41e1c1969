// The sections #why and #mechanism in Chromium: the one-head slider, the
// two-head demonstration, the KaTeX formulas, the per-head projection
// picture and the dimension-splitting calculator. Every number read from
// the page is compared with the same call to the core made here in Node.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import {
  CAT,
  attentionRow,
  singleHeadArgs,
  twoHeadArgs,
} from "../../web/sections/why/example.js";
import {
  MECH_HEADS,
  PRESETS,
  projectionArgs,
} from "../../web/sections/mechanism/example.js";

const TOLERANCE = 1e-6;

let env;
let page;
let problems;
let mha;

before(async () => {
  mha = await createMHA();
  env = await launch({}, { viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(env.context, env.server.url));
  await page.waitForSelector("#why-aim");
  await page.waitForSelector("#mechanism .mechanism-cost");
});
after(async () => {
  await env?.close();
});

/** Weights and texts of "cat"'s row in the one-head heatmap. */
function catRow() {
  return page.$$eval(`#why-one-head td[data-row="${CAT}"]`, (cells) =>
    cells.map((c) => ({
      weight: Number(c.dataset.weight),
      text: c.textContent,
    })),
  );
}

function assertRowMatches(row, aim) {
  const expected = attentionRow(mha.forward(singleHeadArgs(aim)), 0, CAT);
  assert.equal(row.length, expected.length);
  row.forEach((cell, j) => {
    assert.ok(
      Math.abs(cell.weight - expected[j]) < TOLERANCE,
      `slider ${aim}: cat → ${j} shows ${cell.weight}, core gives ${expected[j]}`,
    );
    assert.equal(cell.text, `${Math.round(expected[j] * 100)}%`);
  });
  const shown = row.reduce((sum, c) => sum + Number.parseInt(c.text, 10), 0);
  assert.ok(Math.abs(shown - 100) <= 1, `row adds up to ${shown}%`);
}

async function setSlider(value) {
  await page.$eval(
    "#why-aim",
    (input, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    value,
  );
}

test("one head: cat's row equals forward() and always totals 100%", async () => {
  assert.equal(await page.inputValue("#why-aim"), "60");
  assertRowMatches(await catRow(), 0.6);
  const seen = new Set();
  for (const value of [0, 20, 45, 50, 75, 100]) {
    await setSlider(value);
    const row = await catRow();
    assertRowMatches(row, value / 100);
    seen.add(row.map((c) => c.text).join());
    assert.equal(
      await page.textContent("#why .why-total__value"),
      "100%",
      `total at slider ${value}`,
    );
    const bar = await page.getAttribute("#why .why-bar", "aria-label");
    assert.ok(bar.includes(row[0].text), bar);
  }
  assert.ok(seen.size >= 5, "the slider changes cat's row");
  // More to one relation means less to the other.
  await setSlider(80);
  const toThe = (await catRow())[0].weight;
  const toSat = (await catRow())[2].weight;
  await setSlider(90);
  assert.ok((await catRow())[0].weight > toThe);
  assert.ok((await catRow())[2].weight < toSat);
});

test("one head: the slider works by keyboard and by mouse", async () => {
  await setSlider(60);
  const label = await page.textContent('label[for="why-aim"]');
  assert.match(label, /query/);
  await page.focus("#why-aim");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.inputValue("#why-aim"), "65");
  assertRowMatches(await catRow(), 0.65);
  assert.match(
    await page.textContent("#why-aim-value"),
    /0\.65 toward “The”, 0\.35 toward “sat”/,
  );
  assert.match(await page.textContent("#why-readout"), /“cat” gives \d+% to/);
  await page.keyboard.press("Home");
  assert.equal(await page.inputValue("#why-aim"), "0");
  assertRowMatches(await catRow(), 0);

  const box = await (await page.$("#why-aim")).boundingBox();
  await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
  const value = Number(await page.inputValue("#why-aim"));
  assert.ok(value >= 90, `a click near the right end gives ${value}`);
  assertRowMatches(await catRow(), value / 100);
});

test("two heads: both heatmaps shown, cat's row outlined, values from forward()", async () => {
  const result = mha.forward(twoHeadArgs());
  for (const h of [0, 1]) {
    const id = `#why-head-${h + 1}`;
    const cells = await page.$$eval(`${id} td.heatmap__cell`, (tds) =>
      tds.map((td) => ({
        weight: Number(td.dataset.weight),
        row: Number(td.dataset.row),
        outlined: td.classList.contains("heatmap__cell--highlight"),
      })),
    );
    assert.equal(cells.length, 9, `${id} has a 3 × 3 heatmap`);
    cells.forEach((c, k) =>
      assert.ok(Math.abs(c.weight - result.weights[h * 9 + k]) < TOLERANCE),
    );
    assert.deepEqual(
      cells.filter((c) => c.outlined).map((c) => c.row),
      [CAT, CAT, CAT],
    );
    const caption = await page.textContent(`${id} caption`);
    assert.match(caption, new RegExp(`Head ${h + 1}`));
  }
  // Head 1 holds the determiner link and head 2 the verb link, both sharp.
  assert.ok(attentionRow(result, 0, CAT)[0] > 0.9);
  assert.ok(attentionRow(result, 1, CAT)[2] > 0.9);
  const summary = await page.textContent("#why .why-two-summary");
  const pct = `${Math.round(attentionRow(result, 0, CAT)[0] * 100)}%`;
  assert.ok(summary.includes(pct), summary);
});

test("the hand-built weights are disclosed and follow the slider", async () => {
  assert.match(await page.textContent("#why"), /by hand/);
  await page.click("#why details.why-weights summary");
  assert.equal(
    await page.$eval("#why details.why-weights", (d) => d.open),
    true,
  );
  const tables = await page.$$("#why details.why-weights table.matrix");
  assert.equal(tables.length, 6, "X, W^Q and W^K of both models");
  const shownWq = () =>
    page.$eval("#why .why-weights__grid", (grid) =>
      [
        ...grid
          .querySelectorAll("table.matrix")[1]
          .querySelectorAll("td.matrix__cell"),
      ].map((td) => Number(td.dataset.value)),
    );
  for (const value of [60, 25]) {
    await setSlider(value);
    assert.deepEqual(
      await shownWq(),
      Array.from(singleHeadArgs(value / 100).wq),
    );
  }
});

test("KaTeX formulas are rendered with MathML", async () => {
  const count = await page.$$eval(
    "#mechanism .katex-display .katex math",
    (m) => m.length,
  );
  assert.ok(count >= 4, `${count} display formulas with MathML`);
  const annotations = await page.$$eval(
    '#mechanism annotation[encoding="application/x-tex"]',
    (a) => a.map((n) => n.textContent).join("\n"),
  );
  for (const part of ["W_i^{Q}", "\\sqrt{d_k}", "W^{O}", "d_{\\text{model}}"])
    assert.ok(annotations.includes(part), `formula with ${part}`);
  assert.equal(
    await page.$$eval("#mechanism .katex-error", (e) => e.length),
    0,
  );
  const quote = await page.textContent("#mechanism q");
  assert.match(quote, /different representation subspaces/);
});

test("per-head projections: W_Q in head blocks and Q blocks from forward()", async () => {
  const read = () =>
    page.$$eval("#mechanism .mechanism-block", (blocks) =>
      blocks.map((b) =>
        [...b.querySelectorAll("td.matrix__cell")].map((td) =>
          Number(td.dataset.value),
        ),
      ),
    );
  const check = async (seed) => {
    const r = mha.forward(projectionArgs(seed));
    const blocks = await read();
    assert.equal(blocks.length, MECH_HEADS);
    const size = r.n * r.dK;
    blocks.forEach((values, h) => {
      assert.equal(values.length, size);
      values.forEach((v, k) =>
        assert.ok(Math.abs(v - r.q[h * size + k]) < TOLERANCE),
      );
    });
  };
  const groups = await page.$$eval(
    "#mechanism .mechanism-proj th.matrix__group",
    (ths) => ths.map((th) => th.textContent),
  );
  assert.deepEqual(groups.slice(0, MECH_HEADS), [
    "Head 1",
    "Head 2",
    "Head 3",
    "Head 4",
  ]);
  await check(1);
  await page.click("#mechanism-reseed");
  await check(2);
  assert.match(await page.textContent("#mechanism .mechanism-seed"), /seed 2/);
  assert.match(await page.textContent("#mechanism .mechanism-proj"), /random/);
});

test("calculator: presets by keyboard show the core's d_k, parameters and FLOPs", async () => {
  const n = Number(await page.inputValue("#mechanism-context"));
  assert.equal(n, 2048);
  const gpt3 = '[data-preset="gpt3"]';
  assert.equal(await page.getAttribute(gpt3, "aria-pressed"), "true");

  // Enter on GPT-2 small.
  await page.focus('[data-preset="gpt2"]');
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#mechanism-dmodel"), "768");
  assert.equal(await page.textContent("#mechanism .mechanism-dk"), "64");
  assert.equal(await page.getAttribute(gpt3, "aria-pressed"), "false");
  assert.equal(
    await page.getAttribute('[data-preset="gpt2"]', "aria-pressed"),
    "true",
  );

  // Space on GPT-3.
  await page.focus(gpt3);
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute(gpt3, "aria-pressed"), "true");
  const p = PRESETS.find((q) => q.id === "gpt3");
  const split = mha.cost({ n, dModel: p.dModel, heads: p.heads });
  const single = mha.cost({ n, dModel: p.dModel, heads: 1 });
  assert.equal(await page.textContent("#mechanism .mechanism-dk"), "128");
  assert.equal(
    await page.textContent("#mechanism .mechanism-params"),
    split.parameters.toLocaleString("en-US"),
  );
  assert.equal(
    await page.textContent("#mechanism .mechanism-flops-split"),
    split.flopsPerToken.toLocaleString("en-US"),
  );
  assert.equal(
    await page.textContent("#mechanism .mechanism-flops-single"),
    single.flopsPerToken.toLocaleString("en-US"),
  );
  assert.equal(
    await page.textContent("#mechanism .mechanism-ratio"),
    (split.flopsPerToken / single.flopsPerToken).toFixed(4),
  );
  const perHead = await page.$eval(
    '#mechanism tr[data-key="parametersPerHead"] td',
    (td) => Number(td.dataset.value),
  );
  assert.equal(perHead, split.parametersPerHead);
});

test("calculator: invalid sizes show the core's message and the page keeps working", async () => {
  let expected;
  try {
    mha.cost({ n: 2048, dModel: 12288, heads: 7 });
  } catch (e) {
    expected = e.message;
  }
  assert.ok(expected);
  await page.fill("#mechanism-heads", "7");
  assert.equal(await page.textContent("#mechanism-calc-error"), expected);
  assert.match(expected, /divisible/);
  assert.equal(
    await page.getAttribute("#mechanism-heads", "aria-invalid"),
    "true",
  );
  assert.equal(
    await page.$eval("#mechanism .mechanism-calc__results", (r) => r.hidden),
    true,
  );
  assert.equal(
    await page.getAttribute("#mechanism-calc-error", "aria-live"),
    "polite",
  );

  await page.fill("#mechanism-dmodel", "0");
  assert.match(await page.textContent("#mechanism-calc-error"), /at least 1/);
  await page.fill("#mechanism-dmodel", "");
  assert.match(await page.textContent("#mechanism-calc-error"), /at least 1/);

  // Valid again: d_model 512, h 8 → 64; no preset pressed for 512/7 → 512/8
  // the Transformer preset's sizes, typed by hand.
  await page.fill("#mechanism-dmodel", "512");
  await page.fill("#mechanism-heads", "8");
  assert.equal(await page.textContent("#mechanism-calc-error"), "");
  assert.equal(await page.textContent("#mechanism .mechanism-dk"), "64");
  assert.equal(
    await page.getAttribute("#mechanism-heads", "aria-invalid"),
    null,
  );
  // The rest of the page still answers.
  await setSlider(30);
  assertRowMatches(await catRow(), 0.3);
  assert.deepEqual(problems, []);
});
