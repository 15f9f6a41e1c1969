// The JS API in Chromium: under a strict Content-Security-Policy (no eval),
// on the main thread and inside a module Worker, with the same numbers as
// Node and errors that are real Errors.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { runForward } from "./pages/api-run.js";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let env;
before(async () => {
  env = await launch({ root: ".", csp: STRICT_CSP });
});
after(async () => {
  await env?.close();
});

async function resultOf(path) {
  const { page, problems } = await openPage(
    env.context,
    new URL(path, env.server.url).href,
  );
  await page.waitForFunction(() => window.apiResult !== undefined, null, {
    timeout: 20000,
  });
  const result = await page.evaluate(() => {
    const r = window.apiResult;
    if (r.failure) return r;
    return {
      ...r,
      weights: Array.from(r.weights),
      output: Array.from(r.output),
      again: Array.from(r.again),
    };
  });
  await page.close();
  return { result, problems };
}

async function expected() {
  const r = await runForward();
  return { weights: Array.from(r.weights), output: Array.from(r.output) };
}

for (const [where, path] of [
  ["on a page", "tests/browser/pages/api.html"],
  ["in a module Worker", "tests/browser/pages/worker.html"],
]) {
  test(`under a strict CSP, ${where}: loads, computes the Node numbers, throws real Errors`, async () => {
    const { result, problems } = await resultOf(path);
    assert.equal(result.failure, undefined, result.failure);
    assert.deepEqual(problems, []);
    const want = await expected();
    assert.deepEqual(result.weights, want.weights);
    assert.deepEqual(result.output, want.output);
    assert.deepEqual(result.again, want.weights);
    assert.equal(result.error.code, "HEADS_DO_NOT_DIVIDE");
    assert.equal(result.error.name, "MHAError");
    assert.equal(result.error.isError, true);
    assert.match(
      result.error.message,
      /d_model \(16\) is not divisible by heads \(3\)/,
    );
  });
}

test("the CSP header is really sent (and would block eval)", async () => {
  const { page } = await openPage(
    env.context,
    new URL("tests/browser/pages/api.html", env.server.url).href,
  );
  const response = await page.request.get(
    new URL("tests/browser/pages/api.html", env.server.url).href,
  );
  assert.equal(response.headers()["content-security-policy"], STRICT_CSP);
  await page.waitForFunction(() => window.evalBlocked !== undefined);
  const evalBlocked = await page.evaluate(() => window.evalBlocked);
  assert.equal(evalBlocked, true);
  await page.close();
});
