// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core, and the project's static server on a free port.
import { chromium } from "playwright-core";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../scripts/serve.mjs";

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
 * Starts a server and a browser. Returns { context, server, close() }.
 * @param {Parameters<typeof startServer>[0]} serverOptions
 */
export async function launch(serverOptions = {}, contextOptions = {}) {
  const server = await startServer(serverOptions);
  const profile = await mkdtemp(join(tmpdir(), "mha-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...contextOptions,
  });
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
