// Starts the #your-model section's Worker (worker.js) as a module Worker
// beside this file: same origin, so it runs under the page's CSP
// (script-src 'self'). The offline build (scripts/build-dist.mjs) swaps this
// module for one that starts the same worker, bundled as a classic script,
// from a blob: URL, since a file:// page may not load a module Worker.

/** @returns {Worker} */
export function startWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), {
    type: "module",
    name: "your-model",
  });
}
