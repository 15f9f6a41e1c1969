// The relaxed-SIMD build in Chromium (which validates relaxed SIMD by
// default): createMHA() loads it, under a strict CSP, its forwards match the
// SIMD128 build's within float rounding, and kernels: "simd128" loads that
// build instead. The browser is not pinned to Node's build here
// (launch's kernels: "browser").
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, NODE_KERNELS } from "./browser.mjs";
import { runKernels } from "./pages/kernels-run.js";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let env;
before(async () => {
  env = await launch(
    { root: ".", csp: STRICT_CSP },
    {},
    { kernels: "browser" },
  );
});
after(async () => {
  await env?.close();
});

/** kernels.html's result; each page is a fresh document, so a fresh core. */
async function inPage(query = "") {
  const { page, problems } = await openPage(
    env.context,
    new URL(`tests/browser/pages/kernels.html${query}`, env.server.url).href,
  );
  await page.waitForFunction(() => window.kernelsResult !== undefined, null, {
    timeout: 30000,
  });
  const result = await page.evaluate(() => window.kernelsResult);
  await page.close();
  assert.equal(result.failure, undefined, result.failure);
  assert.deepEqual(problems, []);
  return result;
}

/** Compares two runKernels() results: within tolerance, and how many differ. */
function compare(got, want) {
  let differing = 0;
  got.runs.forEach((run, k) => {
    for (const path of ["full", "lean"]) {
      run[path].forEach((values, a) => {
        const expected = want.runs[k][path][a];
        assert.equal(values.length, expected.length);
        values.forEach((v, i) => {
          const tolerance = 1e-5 + 1e-4 * Math.abs(expected[i]);
          assert.ok(
            Math.abs(v - expected[i]) <= tolerance,
            `n=${run.n} ${path}[${a}][${i}]: ${v} vs ${expected[i]}`,
          );
          if (v !== expected[i]) differing += 1;
        });
      });
    }
  });
  return differing;
}

let relaxed, simd128;
test("Chromium loads the relaxed-SIMD build by default", async () => {
  relaxed = await inPage();
  assert.equal(relaxed.kernels, "relaxed-simd");
});

test('kernels: "simd128" loads the SIMD128 build, and the two agree within float rounding', async () => {
  simd128 = await inPage("?kernels=simd128");
  assert.equal(simd128.kernels, "simd128");
  assert.ok(relaxed, "the previous test loaded the relaxed build");
  const differing = compare(relaxed, simd128);
  // The fused kernels round once per multiply-add, so some bits differ.
  assert.ok(differing > 0, "the two builds gave bit-identical results");
});

test("each build gives the same bits in Chromium as in Node", async (t) => {
  assert.ok(relaxed && simd128, "the previous tests ran");
  const node = await runKernels();
  assert.equal(node.kernels, NODE_KERNELS);
  assert.deepEqual(
    (NODE_KERNELS === "relaxed-simd" ? relaxed : simd128).runs,
    node.runs,
  );
  if (NODE_KERNELS === "simd128") {
    t.diagnostic(
      "relaxed build compared with Node only under node --experimental-wasm-relaxed-simd",
    );
  }
});
