// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core, and the project's static server on a free port.
import { chromium } from "playwright-core";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../scripts/serve.mjs";
import { relaxedSimdSupported } from "../../web/lib/relaxed-simd.js";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Where screenshots are saved (kept as CI artifacts). */
export const ARTIFACTS = new URL("../../test-results/", import.meta.url);

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The core build that createMHA() loads in this Node process: the tests
 * compare the page's numbers with it bit for bit. Chromium validates relaxed
 * SIMD, Node 20 only with --experimental-wasm-relaxed-simd.
 */
export const NODE_KERNELS = relaxedSimdSupported() ? "relaxed-simd" : "simd128";

/** The relaxed module's glue and what pages get instead of it when pinned. */
const RELAXED_GLUE = /\/wasm\/mha_core_relaxed\.mjs(\?.*)?$/;
const NO_RELAXED_GLUE = {
  status: 200,
  contentType: "text/javascript",
  body: "// tests/browser/browser.mjs: no relaxed module\nexport default null;\n",
};
/** @type {WeakSet<import("playwright-core").BrowserContext>} */
const pinned = new WeakSet();

/**
 * Starts a server and a browser. Returns { context, server, close() }.
 * Unless `kernels` is "browser", pages run the build this Node runs
 * (NODE_KERNELS): where Node has no relaxed SIMD, the relaxed module's glue
 * is answered with a stub without a factory, so createMHA() in the page (and
 * in its Workers) falls back to mha_core, as on a host without that file.
 * @param {Parameters<typeof startServer>[0]} serverOptions
 * @param {{ kernels?: "node" | "browser" }} [options]
 */
export async function launch(
  serverOptions = {},
  contextOptions = {},
  { kernels = "node" } = {},
) {
  const server = await startServer(serverOptions);
  const profile = await mkdtemp(join(tmpdir(), "mha-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...contextOptions,
  });
  if (kernels === "node" && NODE_KERNELS === "simd128") {
    pinned.add(context);
    await context.route(RELAXED_GLUE, (route) =>
      route.fulfill(NO_RELAXED_GLUE),
    );
  }
  return {
    context,
    server,
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page that records console errors, page errors and any request to
 * another origin (which the tests treat as a failure: the explainer works
 * offline). Returns { page, problems }.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (pinned.has(context) && RELAXED_GLUE.test(u.pathname)) {
      return route.fulfill(NO_RELAXED_GLUE);
    }
    if (
      u.origin !== origin &&
      u.protocol !== "data:" &&
      u.protocol !== "blob:"
    ) {
      problems.push(`request to another origin: ${u.href}`);
      return route.abort();
    }
    return route.continue();
  });
  await page.goto(url);
  return { page, problems };
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = new URL(`${name}.png`, ARTIFACTS);
  await page.screenshot({ path: path.pathname, fullPage: true });
  return path.pathname;
}
