// Starts one head-pool Worker in a browser: head-worker.js, beside this
// file, as a module Worker (same origin, so it runs under the page's CSP,
// script-src 'self'). The offline build (scripts/build-dist.mjs) swaps this
// module for one that starts the same head-worker.js, bundled as a classic
// script with its wasm inlined, from a blob: URL, since a file:// page may
// not load a module Worker.

/** @returns {Worker} */
export function startHeadWorker() {
  return new Worker(new URL("./head-worker.js", import.meta.url), {
    type: "module",
    name: "head-pool",
  });
}
