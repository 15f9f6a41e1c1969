// The Chromium side of the browser benches (bench/layer-browser.mjs and
// bench/gpt-browser.mjs), Node only: the project's static server with
// COOP/COEP headers (so the page is cross-origin isolated: SharedArrayBuffer,
// threads for onnxruntime-web, 5 µs performance.now()), Debian's Chromium
// through Playwright (tests/browser/browser.mjs), a page that records
// errors, and the browser's full version.
import { execFileSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CHROMIUM, launch, openPage } from "../tests/browser/browser.mjs";
import { ISOLATION_HEADERS } from "../scripts/serve.mjs";

export { CHROMIUM, ISOLATION_HEADERS };

/**
 * Writes a blank index.html into `dir` (mounted at `prefix`), starts the
 * server at the repository's root with `prefix` → `dir`, launches Chromium
 * and opens the page. Returns { page, problems, close() }.
 * @param {string} prefix e.g. "/gpt-bench/"
 * @param {string} dir a temporary folder
 */
export async function openBenchPage(prefix, dir) {
  await writeFile(
    join(dir, "index.html"),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8" />' +
      "<title>bench</title></head><body><p>bench</p></body></html>\n",
  );
  // kernels "browser": the page loads the build Chromium chooses (relaxed
  // SIMD where it validates), not the one this Node runs, as the tests do.
  const env = await launch(
    { root: ".", mounts: { [prefix]: dir }, headers: ISOLATION_HEADERS },
    {},
    { kernels: "browser" },
  );
  try {
    const { page, problems } = await openPage(
      env.context,
      new URL(prefix.slice(1), env.server.url).href,
    );
    return { page, problems, close: () => env.close() };
  } catch (error) {
    await env.close();
    throw error;
  }
}

/**
 * Opens the bench page (openBenchPage), runs `inPage(arg)` there, closes
 * the browser and removes `dir`. Returns { result, problems }.
 * @template A, R
 * @param {string} prefix
 * @param {string} dir a temporary folder, removed at the end
 * @param {(arg: A) => Promise<R>} inPage serialized by Playwright
 * @param {A} arg
 * @returns {Promise<{ result: R, problems: string[] }>}
 */
export async function runBenchPage(prefix, dir, inPage, arg) {
  try {
    const opened = await openBenchPage(prefix, dir);
    try {
      const result = await opened.page.evaluate(inPage, arg);
      return { result, problems: opened.problems };
    } finally {
      await opened.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Chromium's full version: the user agent says only the major one
 * (156.0.0.0), so the binary is asked, else the user agent is kept.
 * @param {string} userAgent navigator.userAgent of the page
 */
export function chromiumVersion(userAgent) {
  const fromAgent = /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? "unknown";
  try {
    const out = execFileSync(CHROMIUM, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return /([\d.]+)/.exec(out)?.[1] ?? fromAgent;
  } catch {
    return fromAgent;
  }
}
