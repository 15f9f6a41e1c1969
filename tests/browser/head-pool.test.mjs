// A head pool (web/lib/head-pool.js) of 2 module Workers in Chromium, under
// a strict CSP: each Worker loads its own wasm module, and the summed
// partials equal mha.forward's output in the same page (sizes, causal and
// key masks); a bad call rejects with a code and the pool keeps working;
// close() disposes it. The page is tests/browser/pages/head-pool.html. Run
// twice: with the build this Node runs (launch's default), and with the
// browser's own choice (relaxed SIMD in Chromium), where the Workers must
// choose as the page does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./browser.mjs";
import { relaxedSimdSupported } from "../../web/lib/relaxed-simd.js";
import { assertClose } from "../js/helpers.mjs";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/** headPoolResult of a fresh browser whose pages run `kernels`. */
async function poolResult(kernels) {
  const env = await launch({ root: ".", csp: STRICT_CSP }, {}, { kernels });
  try {
    const url = new URL("tests/browser/pages/head-pool.html", env.server.url)
      .href;
    const { page, problems } = await openPage(env.context, url);
    await page.waitForFunction(
      () => window.headPoolResult !== undefined,
      null,
      {
        timeout: 45000,
      },
    );
    const r = await page.evaluate(() => window.headPoolResult);
    await page.close();
    return { r, problems };
  } finally {
    await env.close();
  }
}

for (const kernels of ["node", "browser"]) {
  test(
    `2 module Workers (kernels: ${kernels}): the summed partials equal mha.forward in the page`,
    { timeout: 90000 },
    async () => {
      const { r, problems } = await poolResult(kernels);
      assert.equal(r.failure, undefined, r.failure);
      assert.deepEqual(problems, []);
      assert.equal(r.workers, 2);
      assert.equal(r.poolKernels, r.pageKernels);
      if (kernels === "browser") {
        // Chromium validates relaxed SIMD by default (TOOLCHAIN.md).
        assert.equal(r.pageKernels, "relaxed-simd");
      } else {
        assert.equal(
          r.pageKernels,
          relaxedSimdSupported() ? "relaxed-simd" : "simd128",
        );
      }
      assert.equal(r.cases.length, 9);
      for (const c of r.cases) {
        assert.equal(c.got.length, c.n * c.dModel);
        assertClose(
          `n ${c.n} d ${c.dModel} h ${c.heads} ${JSON.stringify(c.mask)}`,
          c.got,
          c.want,
          1e-6,
          1e-5,
        );
      }
      assert.equal(r.badCode, "SHAPE_MISMATCH");
      assertClose("after the bad call", r.again, r.wantAgain, 1e-6, 1e-5);
      assert.equal(r.closedCode, "DISPOSED");
    },
  );
}
