// The sections #project (concatenate and project), #parallel and #takeaways (key
// takeaways) in Chromium: the stepper works by mouse, keyboard and its stage
// list; every number section #project shows equals mha.forward() run here in Node
// on the same sentence and seeded weights; the heads' contributions add up
// to the output; the live measurement draws one bar per configuration with
// a sentence of positive numbers; the takeaways show the core's d_k.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import {
  PROJECT_D_MODEL as D,
  PROJECT_HEADS as H,
  PROJECT_D_K as DK,
  largestDifference,
  projectWeights,
  runProject,
} from "../../web/sections/project/example.js";
import {
  PARALLEL_HEADS,
  parallelConfigurations,
} from "../../web/sections/parallel/measure.js";
import { workerCounts } from "../../web/sections/parallel/cores.js";

const TOLERANCE = 1e-6;
let env;
let page;
let problems;
let mha;

before(async () => {
  mha = await createMHA();
  env = await launch({}, { viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(env.context, env.server.url));
  await page.waitForSelector("html[data-ready=true]", { timeout: 15000 });
});
after(async () => {
  await env?.close();
});

/** The data-value numbers of every matrix cell under `selector`. */
function cells(selector) {
  return page.$$eval(`${selector} td.matrix__cell`, (tds) =>
    tds.map((td) => Number(td.dataset.value)),
  );
}

function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: count`);
  for (let k = 0; k < expected.length; k++) {
    assert.ok(
      Math.abs(actual[k] - expected[k]) <= TOLERANCE,
      `${what}[${k}]: page ${actual[k]}, Node ${expected[k]}`,
    );
  }
}

async function stage() {
  const current = await page.$$eval("#project .project-step", (bs) =>
    bs.map((b) => b.getAttribute("aria-current")),
  );
  const visible = await page.$$eval("#project .project-stage", (ps) =>
    ps.filter((p) => !p.hidden).map((p) => Number(p.dataset.stage)),
  );
  const index = current.indexOf("step");
  assert.equal(current.filter((c) => c === "step").length, 1);
  assert.deepEqual(visible, [index], "only the active stage is shown");
  return index;
}

/** Every number of section #project against a forward pass in Node. */
async function checkNumbers(text) {
  const run = runProject(mha, text);
  assert.equal(run.problem, null);
  const r = run.result;
  const n = run.tokens.length;
  const heads = await page.$$("#project .project-head");
  assert.equal(heads.length, H);
  for (let h = 0; h < H; h++) {
    assertClose(
      await cells(`#project .project-head[data-head="${h}"]`),
      Array.from(r.heads.subarray(h * n * DK, (h + 1) * n * DK)),
      `head ${h + 1} output`,
    );
  }
  assertClose(
    await cells("#project .project-stage--concat"),
    Array.from(r.concat),
    "concat",
  );
  const stage3 = await cells("#project .project-stage--project");
  assertClose(stage3.slice(0, n * D), Array.from(r.concat), "stage 3 concat");
  assertClose(stage3.slice(n * D), Array.from(projectWeights().wo), "W_O");
  const stage4 = await cells("#project .project-stage--output");
  assertClose(stage4.slice(0, n * D), Array.from(r.output), "output");
  assertClose(
    await cells("#project .project-inputs__grid > :first-child"),
    Array.from(run.x),
    "token vectors X",
  );
  // The norms table (tokens × heads) is the core's contributionNorms (h × n).
  const norms = stage4.slice(stage4.length - n * H);
  const expectedNorms = [];
  for (let i = 0; i < n; i++)
    for (let h = 0; h < H; h++)
      expectedNorms.push(r.contributionNorms[h * n + i]);
  assertClose(norms, expectedNorms, "contribution norms");
  return run;
}

test("the stepper moves by mouse, by keyboard and through its stage list", async () => {
  assert.equal(await stage(), 0);
  const next = page.locator("#project .project-next");
  const back = page.locator("#project .project-back");
  assert.equal(await back.getAttribute("aria-disabled"), "true");

  await next.click();
  assert.equal(await stage(), 1);
  await next.focus();
  await page.keyboard.press("Enter");
  assert.equal(await stage(), 2);
  await page.keyboard.press("Space");
  assert.equal(await stage(), 3);
  assert.equal(await next.getAttribute("aria-disabled"), "true");
  await page.keyboard.press("Enter"); // already at the last stage
  assert.equal(await stage(), 3);
  assert.equal(
    await page.evaluate(() => document.activeElement?.className),
    "project-next",
    "Next keeps the focus at the last stage",
  );
  assert.match(
    await page.textContent("#project .project-status"),
    /Stage 4 of 4: Final output/,
  );
  assert.equal(
    await page.getAttribute("#project .project-status", "aria-live"),
    "polite",
  );

  await back.click();
  assert.equal(await stage(), 2);
  await back.focus();
  await page.keyboard.press("Enter");
  assert.equal(await stage(), 1);

  // The stage list: click, then the arrow keys, Home and End.
  await page.click('#project .project-step[data-stage="3"]');
  assert.equal(await stage(), 3);
  await page.focus('#project .project-step[data-stage="0"]');
  await page.keyboard.press("Enter");
  assert.equal(await stage(), 0);
  await page.keyboard.press("ArrowRight");
  assert.equal(await stage(), 1);
  assert.equal(
    await page.evaluate(() => document.activeElement?.dataset.stage),
    "1",
    "the focus follows the arrow key",
  );
  await page.keyboard.press("End");
  assert.equal(await stage(), 3);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await stage(), 2);
  await page.keyboard.press("Home");
  assert.equal(await stage(), 0);
});

test("every number in the four stages equals mha.forward() in Node", async () => {
  const text = await page.textContent("#project .project-sentence");
  assert.equal(text, "The clever fox jumped");
  const run = await checkNumbers(text);
  const n = run.tokens.length;
  const r = run.result;
  assert.deepEqual(
    await page.$$eval("#project .project-token option", (os) =>
      os.map((o) => o.textContent),
    ),
    run.tokens.map((t, i) => `${i + 1}. ${t.text}`),
  );
  // The proof for each token: the heads' contributions, their sum, the output row.
  await page.click('#project .project-step[data-stage="3"]');
  for (let i = 0; i < n; i++) {
    await page.selectOption("#project .project-token", String(i));
    const proof = await cells("#project .project-proof");
    const expected = [];
    for (let h = 0; h < H; h++)
      expected.push(
        ...r.contributions.subarray(h * n * D + i * D, h * n * D + (i + 1) * D),
      );
    assertClose(proof.slice(0, H * D), expected, `contributions of token ${i}`);
    const sum = proof.slice(H * D, (H + 1) * D);
    const output = proof.slice((H + 1) * D);
    assertClose(
      output,
      Array.from(r.output.subarray(i * D, (i + 1) * D)),
      "output row",
    );
    assertClose(sum, output, "sum of contributions vs output row");

    const shown = Number(
      await page.getAttribute(
        "#project .project-difference__value",
        "data-value",
      ),
    );
    assert.ok(shown < 1e-5, `largest difference ${shown}`);
    assert.ok(Math.abs(shown - largestDifference(r, [i])) < 1e-9);
    assert.match(
      await page.textContent("#project .project-difference"),
      new RegExp(`For “${run.tokens[i].text}”, the largest difference`),
    );
    // The bar chart of this token's contribution norms.
    const bars = await page.$$eval(
      "#project .project-norms-chart .bar-chart__table td",
      (tds) => tds.map((td) => Number(td.dataset.value)),
    );
    assertClose(
      bars,
      Array.from({ length: H }, (_, h) => r.contributionNorms[h * n + i]),
      "norm bars",
    );
  }
  const all = Number(
    await page.getAttribute("#project .project-difference__all", "data-value"),
  );
  assert.ok(all < 1e-5);
  await page.click('#project .project-step[data-stage="0"]');
});

test("typing a sentence in section #heads updates section #project (when scrolled to)", async () => {
  const input = await page.$("#heads input[type=text]");
  // Section #project recomputes only when near the viewport (deferred-draw.js), as
  // a reader scrolling down would see it; keep it in view while typing.
  const inView = () =>
    page.locator("#project .project-sentence").scrollIntoViewIfNeeded();
  const text = "A dog barked at the mailman";
  await input.fill(text);
  await inView();
  await page.waitForFunction(
    (s) =>
      document.querySelector("#project .project-sentence")?.textContent === s,
    text,
    { timeout: 5000 },
  );
  const run = await checkNumbers(text);
  assert.equal(
    await page.$$eval("#project .project-token option", (os) => os.length),
    run.tokens.length,
  );
  // The reader's text is shown as text, never parsed as HTML.
  const attack = "<img src=x onerror=alert(1)>";
  await input.fill(attack);
  await inView();
  await page.waitForFunction(
    (s) =>
      document.querySelector("#project .project-sentence")?.textContent === s,
    attack,
    { timeout: 5000 },
  );
  assert.equal(await page.$$eval("#project img", (imgs) => imgs.length), 0);
  // No words: the section says so instead of drawing.
  await input.fill("");
  await inView();
  await page.waitForSelector("#project .error:not([hidden])", {
    timeout: 5000,
  });
  assert.match(await page.textContent("#project .error"), /no words/);
  assert.equal(await page.isHidden("#project .project-stepper"), true);
  await input.fill("The clever fox jumped");
  await inView();
  await page.waitForSelector("#project .project-stepper:not([hidden])");
  assert.equal(await page.isHidden("#project .error"), true);
});

test("the cost table shows mha.cost for every configuration", async () => {
  const configs = parallelConfigurations(mha);
  const shown = await page.$$eval(
    "#parallel table.parallel-cost tbody tr",
    (trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => Number(td.dataset.value)),
      ),
  );
  assert.deepEqual(
    shown,
    configs.map((c) => [c.productFlops, c.softmaxFlops, c.flops]),
  );
  assert.ok(configs.every((c) => c.productFlops === configs[0].productFlops));
});

test("the measurement button draws one bar per configuration and states the times", async () => {
  assert.equal(
    await page.$("#parallel svg"),
    null,
    "nothing runs on page load",
  );
  const started = Date.now();
  await page.focus("#parallel .parallel-run");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#parallel svg[role=img]", { timeout: 15000 });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 8, `the measurement took ${seconds} s`);

  const bars = await page.$$("#parallel .bar-chart__rect");
  assert.equal(bars.length, PARALLEL_HEADS.length);
  const label = await page.getAttribute("#parallel svg", "aria-label");
  assert.match(label, /Median time/);
  const table = await page.$$eval(
    "#parallel .bar-chart__table tbody td",
    (tds) => tds.map((td) => Number(td.dataset.value)),
  );
  assert.equal(table.length, PARALLEL_HEADS.length);
  for (const ms of table)
    assert.ok(ms > 0 && Number.isFinite(ms), `time ${ms}`);

  const sentence = await page.textContent("#parallel .parallel-status");
  assert.match(sentence, /^On this device one head of 256 took /);
  const times = [...sentence.matchAll(/took (\d+(?:\.\d+)?) ms/g)].map((m) =>
    Number(m[1]),
  );
  assert.equal(times.length, PARALLEL_HEADS.length);
  for (const ms of times) assert.ok(ms > 0, `time in the sentence ${ms}`);
  for (const [k, heads] of PARALLEL_HEADS.entries()) {
    if (heads > 1)
      assert.match(
        sentence,
        new RegExp(`${heads} heads of ${256 / heads} took`),
      );
    assert.ok(
      label.includes(
        `${heads} ${heads === 1 ? "head" : "heads"} × d_k ${256 / heads}`,
      ),
    );
    assert.ok(Math.abs(times[k] - table[k]) <= 0.01 * table[k] + 0.01);
  }
  assert.equal(
    await page.getAttribute("#parallel .parallel-status", "aria-live"),
    "polite",
  );
  assert.equal(
    await page.textContent("#parallel .parallel-run"),
    "Measure again",
  );
});

test("the multi-core button times the layer on 1, 2 and every core's Workers and states the times", async () => {
  assert.equal(await page.$("#parallel .parallel-cores-chart svg"), null);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const counts = workerCounts(cores);
  await page.focus("#parallel .parallel-cores-run");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#parallel .parallel-cores-chart svg[role=img]", {
    timeout: 30000,
  });
  const table = await page.$$eval(
    "#parallel .parallel-cores-chart .bar-chart__table tbody td",
    (tds) => tds.map((td) => Number(td.dataset.value)),
  );
  assert.equal(table.length, counts.length);
  for (const ms of table)
    assert.ok(ms > 0 && Number.isFinite(ms), `time ${ms}`);
  const sentence = await page.textContent("#parallel .parallel-cores-status");
  assert.ok(
    sentence.startsWith(
      `This device reports ${cores} ${cores === 1 ? "core" : "cores"}.`,
    ),
    sentence,
  );
  const times = [
    ...sentence.matchAll(/(\d+(?:\.\d+)?) ms with (\d+) Workers?/g),
  ].map((m) => [Number(m[1]), Number(m[2])]);
  assert.deepEqual(
    times.map(([, workers]) => workers),
    counts,
  );
  for (const [k, [ms]] of times.entries())
    assert.ok(Math.abs(ms - table[k]) <= 0.01 * table[k] + 0.01);
  assert.equal(
    await page.textContent("#parallel .parallel-cores-run"),
    "Measure on several cores again",
  );
  assert.deepEqual(problems, []);
});

test("the takeaways show GPT-3's head width from the core and link to the sections", async () => {
  const dK = mha.cost({ n: 2048, dModel: 12288, heads: 96 }).dK;
  assert.equal(dK, 128);
  assert.equal(
    await page.getAttribute("#takeaways .takeaways-dk", "data-value"),
    String(dK),
  );
  assert.equal(await page.textContent("#takeaways .takeaways-dk"), "128");
  const links = await page.$$eval("#takeaways a", (as) =>
    as.map((a) => a.getAttribute("href")),
  );
  assert.ok(links.length >= 7);
  for (const href of links)
    assert.ok(await page.$(href), `the link ${href} has a target`);
});

test("#project, #parallel and #takeaways fit a 360 px screen, and nothing went wrong", async () => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.click('#project .project-step[data-stage="3"]');
  for (const id of ["project", "parallel", "takeaways"]) {
    const [scroll, client] = await page.$eval(`#${id}`, (s) => [
      s.scrollWidth,
      s.clientWidth,
    ]);
    assert.ok(scroll <= client, `#${id} overflows: ${scroll} > ${client}`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide`);
  await screenshot(page, "sections-project-parallel-360");
  assert.deepEqual(problems, []);
});
