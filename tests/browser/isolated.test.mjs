// The page as `npm start` serves it: with COOP/COEP (scripts/serve.mjs's
// ISOLATION_HEADERS) it is cross-origin isolated, and still loads every
// section, the wasm core and its Workers with no console error.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { ISOLATION_HEADERS } from "../../scripts/serve.mjs";

let env;
before(async () => {
  env = await launch({ headers: ISOLATION_HEADERS });
});
after(async () => {
  await env?.close();
});

test("with COOP/COEP the page is cross-origin isolated and every section fills", async () => {
  const { page, problems } = await openPage(env.context, env.server.url);
  await page.waitForSelector("html[data-ready=true]", { timeout: 30000 });
  const state = await page.evaluate(() => ({
    isolated: globalThis.crossOriginIsolated,
    sharedMemory: typeof SharedArrayBuffer === "function",
    empty: [...document.querySelectorAll("[data-section]")]
      .filter((el) => el.children.length === 0)
      .map((el) => el.getAttribute("data-section")),
    heatmaps: document.querySelectorAll("table").length,
  }));
  assert.equal(state.isolated, true);
  assert.equal(state.sharedMemory, true);
  assert.deepEqual(state.empty, []);
  assert.ok(state.heatmaps > 0, "no heatmap table was drawn");
  assert.deepEqual(problems, []);
  await page.close();
});
