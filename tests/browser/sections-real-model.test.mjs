// The section #real-model in Chromium: the trained model's heads on the probe, one head on
// the reader's text, ablations and the checkpoint slider. Every number read
// from the page is compared with the same call to the core made here in
// Node on the same checkpoint file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, launch, openPage } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import {
  PROBE,
  composeInput,
  displayChar,
  textLossWeights,
} from "../../web/sections/real-model/text.js";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const AXE = readFileSync(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
  "utf8",
);
const index = JSON.parse(
  readFileSync(new URL("../../web/data/model/index.json", import.meta.url)),
);
const SECTION = "[data-section=real-model]";

let env;
let page;
let problems;
let mha;
let probe;
const models = new Map();

/** The shipped checkpoint of `step`, loaded in Node. */
function model(step) {
  if (!models.has(step)) {
    const file = index.checkpoints.find((c) => c.step === step).file;
    const bytes = readFileSync(
      new URL(`../../web/data/model/${file}`, import.meta.url),
    );
    models.set(step, mha.loadModel(bytes));
  }
  return models.get(step);
}

before(async () => {
  mha = await createMHA();
  probe = mha.probeSequences(PROBE);
  env = await launch(
    { csp: STRICT_CSP },
    { viewport: { width: 1280, height: 900 } },
  );
  ({ page, problems } = await openPage(env.context, env.server.url));
  await ready(12000);
});
after(async () => {
  for (const m of models.values()) m.dispose();
  await env?.close();
});

/** Waits until the section has computed checkpoint `step`. */
async function ready(step) {
  await page.waitForSelector(
    `${SECTION}[data-state=ready][data-step="${step}"]`,
    { state: "attached", timeout: 30000 },
  );
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

/** The thumbnails as the page shows them. */
function readGrid() {
  return page.$$eval(`${SECTION} .rm-thumb`, (buttons) =>
    buttons.map((b) => ({
      name: b.dataset.head,
      label: b.dataset.label,
      shownLabel: b.querySelector(".rm-thumb__label").textContent,
      previousToken: Number(b.dataset.previousToken),
      induction: Number(b.dataset.induction),
      pressed: b.getAttribute("aria-pressed"),
    })),
  );
}

/** The big heatmap: its caption, tokens and weights (scrolled into view). */
async function readHeatmap() {
  await page.locator(`${SECTION} .rm-reader__map`).scrollIntoViewIfNeeded();
  await nextFrames();
  return page.$eval(`${SECTION} .rm-reader__map table.heatmap`, (t) => ({
    caption: t.caption.textContent,
    tokens: [...t.querySelectorAll("th.heatmap__key")].map(
      (th) => th.textContent,
    ),
    weights: [...t.querySelectorAll("td")].map((td) =>
      Number(td.dataset.weight),
    ),
    masked: t.querySelectorAll("td.heatmap__cell--masked").length,
  }));
}

/** The ablation table's numbers, by row ("probe", "text"). */
async function readAblation() {
  await page.locator(`${SECTION} .rm-ablation`).scrollIntoViewIfNeeded();
  await nextFrames();
  return page.$$eval(`${SECTION} .rm-ablation__table tbody tr`, (rows) =>
    Object.fromEntries(
      rows.map((r) => {
        const v = [...r.querySelectorAll("td")].map((td) =>
          Number(td.dataset.value),
        );
        return [
          r.dataset.row,
          {
            loss: v[0],
            ablatedLoss: v[1],
            delta: v[2],
            changed: v[3],
            texts: [...r.querySelectorAll("td")].map((td) => td.textContent),
          },
        ];
      }),
    ),
  );
}

async function setStep(step) {
  const i = index.checkpoints.findIndex((c) => c.step === step);
  await page.locator("#real-model-step").fill(String(i));
  await ready(step);
}

test("the grid shows every head with the core's label and scores on the probe", async () => {
  const m = model(12000);
  const want = m.analyze(probe, { batch: PROBE.batch });
  const grid = await readGrid();
  assert.equal(grid.length, m.config.layers * m.config.heads);
  grid.forEach((g, k) => {
    const h = want.reports[k];
    assert.equal(g.name, `L${h.layer}H${h.head}`);
    assert.equal(g.label, h.label);
    assert.equal(g.shownLabel, h.label);
    assert.equal(g.previousToken, h.previousToken);
    assert.equal(g.induction, h.induction);
  });
  // The documented result, as computed in the page.
  const prev = grid.filter((g) => g.label === "previous-token");
  const ind = grid.filter((g) => g.label === "induction");
  assert.ok(
    prev.some((g) => g.previousToken >= 0.5),
    "a previous-token head",
  );
  assert.ok(
    ind.some((g) => g.induction >= 0.5),
    "an induction head",
  );
  assert.match(
    await page.textContent(`${SECTION} .rm-summary`),
    /At step 12,000: Previous-token head: L0H0 \(0\.63\)\. Induction heads: .*L1H2 \(0\.96\)/,
  );
  // Each thumbnail is painted: the canvas holds the probe's n × n pixels.
  const sizes = await page.$$eval(`${SECTION} .rm-thumb canvas`, (cs) =>
    cs.map((c) => `${c.width}x${c.height}`),
  );
  assert.deepEqual(sizes, Array(8).fill(`${2 * PROBE.half}x${2 * PROBE.half}`));
  // Every score, on demand, in a table.
  const rows = await page.$$eval(
    `${SECTION} .rm-scores__table tbody tr`,
    (trs) => trs.length,
  );
  assert.equal(rows, 8);
});

test("a thumbnail opens the head on the sentence typed into the page", async () => {
  const text = "the cat sat on the mat";
  await page.fill("#heads-sentence", text); // #heads's box, shared
  assert.equal(await page.inputValue("#real-model-sentence"), text);
  await page.click(`${SECTION} .rm-thumb[data-head="L0H0"]`);
  const grid = await readGrid();
  assert.deepEqual(
    grid.filter((g) => g.pressed === "true").map((g) => g.name),
    ["L0H0"],
  );
  const map = await readHeatmap();
  const ids = mha.encodeText(text);
  const want = model(12000).forward(ids);
  assert.deepEqual(map.tokens, [...text].map(displayChar));
  assert.deepEqual(map.weights, Array.from(want.headWeights(0, 0)));
  assert.equal(map.masked, (ids.length * (ids.length - 1)) / 2);
  assert.match(map.caption, /L0H0 · previous-token · step 12,000/);

  // Typed into this section's own box, with "Repeat my text".
  await page.fill("#real-model-sentence", "abcdefg");
  await page.click(`${SECTION} .rm-thumb[data-head="L1H2"]`);
  await page.click(`${SECTION} .rm-repeat`);
  assert.equal(
    await page.getAttribute(`${SECTION} .rm-repeat`, "aria-pressed"),
    "true",
  );
  const repeated = await readHeatmap();
  const input = composeInput(mha.encodeText("abcdefg"), {
    repeat: true,
    context: 128,
    separator: [],
  });
  assert.deepEqual(repeated.tokens, [..."abcdefgabcdefg"]);
  assert.deepEqual(
    repeated.weights,
    Array.from(model(12000).forward(input.ids).headWeights(1, 2)),
  );
  // Text longer than the context is cut to 128 characters, and says so.
  await page.click(`${SECTION} .rm-repeat`);
  await page.fill("#real-model-sentence", "x".repeat(300));
  const long = await readHeatmap();
  assert.equal(long.tokens.length, 128);
  assert.match(
    await page.textContent(`${SECTION} .rm-reader__status`),
    /cut to the first 128 characters/,
  );
  await page.fill("#real-model-sentence", "The clever fox jumped");
});

test("switching L1H2 off raises the repeated-half loss by more than 0.5 nats", async () => {
  await page.click(`${SECTION} .rm-repeat`); // text repeated: a copy to find
  await page.check("#real-model-off-L1H2");
  const got = await readAblation();
  const m = model(12000);
  const want = m.ablation({
    sequences: probe,
    batch: PROBE.batch,
    lossWeights: mha.repeatedHalfWeights(PROBE.batch, PROBE.half),
    ablate: [{ layer: 1, head: 2 }],
  });
  assert.equal(got.probe.loss, want.loss);
  assert.equal(got.probe.ablatedLoss, want.ablatedLoss);
  assert.equal(got.probe.changed, want.changedPredictions);
  assert.ok(got.probe.delta > 0.5, `Δ ${got.probe.delta}`);
  assert.deepEqual(got.probe.texts.slice(0, 3), ["0.065", "5.068", "+5.003"]);
  // The reader's text, repeated, scored on its second copy.
  const input = composeInput(mha.encodeText("The clever fox jumped"), {
    repeat: true,
    context: 128,
    separator: [],
  });
  const text = m.ablation({
    sequences: input.ids,
    batch: 1,
    lossWeights: textLossWeights(input),
    ablate: [{ layer: 1, head: 2 }],
  });
  assert.equal(got.text.loss, text.loss);
  assert.equal(got.text.ablatedLoss, text.ablatedLoss);
  assert.match(
    await page.textContent(`${SECTION} .rm-ablation__summary`),
    /With L1H2 off, the loss on the probe's repeated half goes from 0\.065 to 5\.068 nats \(\+5\.003\)/,
  );
  // The next characters are the core's Model.topNext, with every head on
  // and with L1H2 off.
  const top = (opts) => {
    const t = m.topNext(input.ids, { k: 5, ...opts });
    const chars = Array.from(t.ids, (id, i) => {
      const c = displayChar(mha.decodeTokens([id]));
      return `“${c}” ${Math.round(t.probabilities[i] * 100)}%`;
    });
    return chars.join(", ");
  };
  assert.equal(
    await page.textContent(`${SECTION} .rm-ablation__next`),
    `Next character after your text: ${top({})}; with L1H2 off: ${top({ ablate: [{ layer: 1, head: 2 }] })}.`,
  );
  // Random letters, repeated: the reader's own copy task. The induction
  // head reads the second copy off the first, and without it cannot.
  await page.click(`${SECTION} .rm-letters`);
  const letters = await page.inputValue("#real-model-sentence");
  assert.match(letters, /^[a-zA-Z]{24}$/);
  const copy = composeInput(mha.encodeText(letters), {
    repeat: true,
    context: 128,
    separator: [],
  });
  const wantCopy = m.ablation({
    sequences: copy.ids,
    batch: 1,
    lossWeights: textLossWeights(copy),
    ablate: [{ layer: 1, head: 2 }],
  });
  const gotCopy = (await readAblation()).text;
  assert.equal(gotCopy.loss, wantCopy.loss);
  assert.equal(gotCopy.ablatedLoss, wantCopy.ablatedLoss);
  assert.ok(gotCopy.delta > 0.5, `Δ on repeated letters ${gotCopy.delta}`);
  await page.fill("#real-model-sentence", "The clever fox jumped");
  // The heatmap follows the ablation (layer 1 sees a changed layer 0 only
  // when a layer-0 head is off; L1H2's own pattern is unchanged).
  await page.click(`${SECTION} .rm-off__reset`);
  const back = await readAblation();
  assert.deepEqual(back.probe.texts.slice(1), ["—", "—", "—"]);
  await page.click(`${SECTION} .rm-repeat`);
});

test("the slider: no induction head early, one at the end; the curves mark both", async () => {
  await setStep(1000);
  let grid = await readGrid();
  const early = model(1000).analyze(probe, { batch: PROBE.batch });
  assert.deepEqual(
    grid.map((g) => g.label),
    early.reports.map((h) => h.label),
  );
  assert.ok(!grid.some((g) => g.label === "induction"));
  assert.match(
    await page.textContent("#real-model-step-text"),
    /Step 1,000 of 12,000: before the phase change at step 2,650/,
  );
  assert.match(
    await page.textContent(`${SECTION} .rm-summary`),
    /No induction head/,
  );
  await setStep(12000);
  grid = await readGrid();
  assert.ok(grid.some((g) => g.label === "induction" && g.induction >= 0.5));
  // The loss curve and the score curve, with the phase change and "now".
  await page.locator(`${SECTION} .rm-timeline`).scrollIntoViewIfNeeded();
  await page.waitForSelector(`${SECTION} .line-plot__svg path`);
  const labels = await page.$$eval(
    `${SECTION} .line-plot__marker-label`,
    (ls) => ls.map((l) => l.textContent),
  );
  assert.ok(labels.includes("phase change 2,650"));
  assert.ok(labels.includes("now: 12,000"));
  const tables = await page.$$eval(`${SECTION} .line-plot__table`, (ts) =>
    ts.map((t) => t.querySelectorAll("tbody tr").length),
  );
  assert.equal(tables.length, 2);
  assert.ok(tables.every((n) => n > 10));
});

test("keyboard: slider keys, thumbnails and checkboxes", async () => {
  const slider = page.locator("#real-model-step");
  await slider.focus();
  await page.keyboard.press("Home");
  await ready(0);
  await page.keyboard.press("ArrowRight");
  await ready(250);
  await page.keyboard.press("End");
  await ready(12000);
  assert.match(await slider.getAttribute("aria-valuetext"), /^step 12,000/);
  // Tab reaches the thumbnails; Enter and Space choose one.
  await page.focus(`${SECTION} .rm-thumb[data-head="L0H1"]`);
  await page.keyboard.press("Enter");
  assert.equal(
    await page.getAttribute(
      `${SECTION} .rm-thumb[data-head="L0H1"]`,
      "aria-pressed",
    ),
    "true",
  );
  await page.focus(`${SECTION} .rm-thumb[data-head="L1H0"]`);
  await page.keyboard.press("Space");
  assert.match((await readHeatmap()).caption, /^L1H0/);
  // The focus ring is visible on a thumbnail.
  await page.focus(`${SECTION} .rm-thumb[data-head="L1H0"]`);
  const outline = await page.$eval(
    `${SECTION} .rm-thumb[data-head="L1H0"]`,
    (b) => getComputedStyle(b).outlineStyle,
  );
  assert.notEqual(outline, "none");
  await page.focus("#real-model-off-L0H0");
  await page.keyboard.press("Space");
  const got = await readAblation();
  assert.ok(got.probe.delta > 0.5, "L0H0 off breaks the circuit too");
  await page.focus("#real-model-off-L0H0");
  await page.keyboard.press("Space");
});

test("axe-core finds no serious or critical violation in the section", async () => {
  // Through the devtools protocol: the page's CSP forbids inline scripts.
  await page.evaluate(AXE);
  // Open the tables too, so they are checked.
  await page.$$eval(`${SECTION} details`, (ds) =>
    ds.forEach((d) => (d.open = true)),
  );
  const result = await page.evaluate(() =>
    window.axe.run(document.querySelector("#real-model"), {
      resultTypes: ["violations"],
      // Experimental in axe, so off by default: WCAG 2.5.3, visible text
      // is part of the accessible name.
      rules: { "label-content-name-mismatch": { enabled: true } },
    }),
  );
  const bad = result.violations.filter((v) =>
    ["serious", "critical"].includes(v.impact),
  );
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`),
    [],
  );
  await page.$$eval(`${SECTION} details`, (ds) =>
    ds.forEach((d) => (d.open = false)),
  );
});

test("screenshots at 1280 and 375 px; nothing wider than the phone", async () => {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.locator("#real-model").scrollIntoViewIfNeeded();
    await nextFrames();
    const path = fileURLToPath(
      new URL(`section-real-model-${width}.png`, ARTIFACTS),
    );
    await page.locator("#real-model").screenshot({ path });
    if (width === 375) {
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth,
      );
      assert.ok(wide <= 375, `page is ${wide} px wide`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("no console error and no request to another origin", () => {
  assert.deepEqual(problems, []);
});
