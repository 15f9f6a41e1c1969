#!/usr/bin/env node
// A small static server for the explainer and the browser tests.
//
//   node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--root web]
//                          [--csp "<policy>"] [--base /course/week3/]
//
// Serves files under --root at the --base path, with the right MIME types
// for .mjs and .wasm, and optionally a Content-Security-Policy header. Also
// importable: `startServer(options)` resolves to { url, close() }.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

/**
 * @param {{ port?: number, host?: string, root?: string, csp?: string,
 *           base?: string, mounts?: Record<string, string> }} options
 *   mounts maps extra URL prefixes (under base) to folders, e.g.
 *   { "/vendor/katex/": "node_modules/katex/dist" }.
 */
export function startServer({
  port = 0,
  host = "127.0.0.1",
  root = "web",
  csp = "",
  base = "/",
  mounts = {},
  headers = {},
} = {}) {
  const rootDir = resolve(repoRoot, root);
  const mountDirs = Object.entries(mounts).map(([prefix, dir]) => [
    prefix,
    resolve(repoRoot, dir),
  ]);
  const server = createServer(async (req, res) => {
    // A malformed request ("//", a stray "%") gets a 400, not a crash.
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(res, 400, "bad request");
    }
    if (!path.startsWith(base)) return send(res, 404, "not found");
    let rel = "/" + path.slice(base.length);
    let dir = rootDir;
    for (const [prefix, mountDir] of mountDirs) {
      if (rel.startsWith(prefix)) {
        dir = mountDir;
        rel = "/" + rel.slice(prefix.length);
        break;
      }
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(dir, rel));
    if (file !== dir && !file.startsWith(dir + sep)) {
      return send(res, 403, "forbidden");
    }
    try {
      const info = await stat(file);
      if (info.isDirectory()) {
        res.writeHead(301, { Location: path + "/" });
        return res.end();
      }
      const body = await readFile(file);
      const h = {
        "Content-Type": MIME[extname(file)] || "application/octet-stream",
        "Cache-Control": "no-cache",
        ...headers,
      };
      if (csp) h["Content-Security-Policy"] = csp;
      res.writeHead(200, h);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      send(res, 404, "not found");
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://${host}:${actual}${base}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const { url } = await startServer({
    port: Number(get("port", process.env.PORT || 8000)),
    host: get("host", "127.0.0.1"),
    root: get("root", "web"),
    csp: get("csp", ""),
    base: get("base", "/"),
  });
  console.log(`Serving the explainer at ${url} (Ctrl+C to stop)`);
}
