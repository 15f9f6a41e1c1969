#!/usr/bin/env node
// A small static server for the explainer and the browser tests.
//
//   node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--root web]
//                          [--csp "<policy>"] [--base /course/week3/]
//                          [--no-isolation]
//
// Serves files under --root at the --base path, with the right MIME types
// for .mjs and .wasm, and optionally a Content-Security-Policy header. From
// the command line it also sends ISOLATION_HEADERS (COOP/COEP), so the page
// is cross-origin isolated (SharedArrayBuffer, wasm threads, a finer
// performance.now()); --no-isolation leaves them out. A
// taken default port (8000, or $PORT) moves on to the next free one and says
// so; a taken --port is one line on stderr and exit code 1. Also
// importable: `startServer(options)` resolves to { url, close() }, or
// rejects with the listen error (EADDRINUSE).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, posix, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

/**
 * The headers that make a page cross-origin isolated (`crossOriginIsolated`
 * is true): every resource the explainer loads is same-origin, so it needs
 * nothing else. docs/EMBEDDING.md says how to send them from other hosts.
 */
export const ISOLATION_HEADERS = Object.freeze({
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
});

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
 *           base?: string, mounts?: Record<string, string>,
 *           headers?: Record<string, string> }} options
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
    // A malformed request ("//", a stray "%", a control character) gets a
    // 400, not a crash; the rest is served from its normalised path.
    const path = requestPath(req.url);
    if (path === null) return send(res, 400, "bad request");
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
        // Same origin only: an absolute path with one leading "/", every
        // segment percent-encoded (requestPath has removed "." and "..").
        const location = path
          .split("/")
          .map((segment) => encodeURIComponent(segment))
          .join("/");
        if (!/^\/(?![/\\])/.test(location)) {
          return send(res, 400, "bad request");
        }
        res.writeHead(301, { Location: location + "/" });
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
  // A port in use (EADDRINUSE) or a host not here rejects the promise.
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://${host}:${actual}${base}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/**
 * The decoded, normalised path of a request target ("/a/../b%20c" →
 * "/b c"): it starts with exactly one "/" and holds no "." or ".." segment
 * and no empty one but a final one (a trailing slash). Null for a target
 * that is not a plain path: one starting "//" (it reads as a host), a bad
 * %-escape, a control character or a backslash (browsers read "\\" as
 * "/"), or an absolute-form target ("http://host/…", for proxies).
 * @param {string | undefined} target req.url
 * @returns {string | null}
 */
export function requestPath(target) {
  const raw = String(target ?? "").split(/[?#]/, 1)[0];
  if (!raw.startsWith("/") || raw.startsWith("//")) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return null;
  const normalised = posix.normalize(decoded);
  return normalised.startsWith("/") ? normalised : null;
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

const USAGE = `Usage: node scripts/serve.mjs [--port 8000] [--host 127.0.0.1] [--root web]
                            [--csp "<policy>"] [--base /course/week3/]
                            [--no-isolation]
Serves the explainer, cross-origin isolated (COOP/COEP headers) unless
--no-isolation. Without --port, a taken port (8000, or $PORT if set)
moves on to the next free one and says so; with --port, a taken port is an
error.`;

/** How many ports after the default one to try when it is taken. */
const PORT_TRIES = 20;

/** Prints one line on stderr and exits 1. */
function fail(message) {
  console.error(`serve: ${message}`);
  process.exit(1);
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  const get = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const explicit = args.includes("--port");
  const portText = String(get("port", process.env.PORT || "8000"));
  const first = Number(portText);
  if (!/^\d+$/.test(portText) || first > 65535) {
    fail(`the port must be a number from 0 to 65535, not "${portText}"`);
  }
  const options = {
    host: get("host", "127.0.0.1"),
    root: get("root", "web"),
    csp: get("csp", ""),
    base: get("base", "/"),
    headers: args.includes("--no-isolation") ? {} : ISOLATION_HEADERS,
  };
  const tries = explicit || first === 0 ? 1 : PORT_TRIES;
  for (let port = first; port < first + tries && port <= 65535; port++) {
    try {
      const { url } = await startServer({ ...options, port });
      console.log(
        port === first
          ? `Serving the explainer at ${url} (Ctrl+C to stop)`
          : `port ${first} is taken; serving on ${url} (Ctrl+C to stop)`,
      );
      break;
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error).code;
      if (code !== "EADDRINUSE") {
        fail(`cannot listen on ${options.host}:${port} (${code ?? error})`);
      }
      if (explicit) {
        fail(
          `port ${port} is taken; stop what uses it or pick another with --port`,
        );
      }
      if (port + 1 >= first + tries || port + 1 > 65535) {
        fail(
          `ports ${first}-${port} are all taken; pick a free one with --port`,
        );
      }
    }
  }
}
