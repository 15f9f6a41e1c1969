// The explainer page in Chromium: it loads offline, its heatmap comes from
// the wasm core, and the numbers shown equal forward() on the same input.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import { tokenize } from "../../web/lib/tokenize.js";
import {
  hashString,
  seededUniform,
  seededWeights,
} from "../../web/lib/random.js";
import { percent } from "../../web/components/heatmap.js";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function expectedWeights(sentence, head) {
  const mha = await createMHA();
  const tokens = tokenize(sentence);
  const n = tokens.length;
  const d = 16;
  const pe = mha.sinusoidalPositions(n, d);
  const x = new Float32Array(n * d);
  tokens.forEach((t, i) => {
    const v = seededUniform(d, hashString(t.text.toLowerCase()));
    for (let c = 0; c < d; c++) x[i * d + c] = v[c] + pe[i * d + c];
  });
  const r = mha.forward({ x, n, ...seededWeights(d, 4, 1) });
  return Array.from(r.weights.subarray(head * n * n, (head + 1) * n * n));
}

test("the page draws a heatmap computed by the wasm core", async () => {
  const { page, problems } = await openPage(env.context, env.server.url);
  await page.waitForSelector("html[data-ready=true]");
  const shown = await page.$$eval("td.heatmap__cell", (cells) =>
    cells.map((c) => ({
      text: c.textContent,
      weight: Number(c.dataset.weight),
    })),
  );
  const want = await expectedWeights("The clever fox jumped", 0);
  assert.equal(shown.length, 16);
  shown.forEach((cell, i) => {
    assert.ok(Math.abs(cell.weight - want[i]) < 1e-6, `cell ${i}`);
    assert.equal(cell.text, percent(want[i]));
  });
  await screenshot(page, "page-initial");
  assert.deepEqual(problems, []);
});

test("typing a sentence recomputes, and another head can be chosen", async () => {
  const { page, problems } = await openPage(env.context, env.server.url);
  await page.waitForSelector("html[data-ready=true]");
  await page.fill("#sentence", "I saw the movie");
  await page.getByRole("button", { name: "Head 3" }).click();
  const weights = await page.$$eval("td.heatmap__cell", (cells) =>
    cells.map((c) => Number(c.dataset.weight)),
  );
  const want = await expectedWeights("I saw the movie", 2);
  assert.equal(weights.length, 16);
  weights.forEach((w, i) =>
    assert.ok(Math.abs(w - want[i]) < 1e-6, `cell ${i}`),
  );
  assert.deepEqual(problems, []);
});
