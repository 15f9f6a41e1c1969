#!/usr/bin/env node
// Builds the static site into dist/ (run after scripts/build.sh wasm):
//
//   dist/            the explainer, the embed page and <mha-heads>, as ES
//                    modules: copy the folder to any static host, at any path.
//   dist/offline/    the same page and element as classic scripts with the
//                    wasm inlined, which work when opened from file:// (a ZIP
//                    in a learning platform, a USB stick): browsers refuse ES
//                    modules and fetch() on file:// pages.
import { build } from "esbuild";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "web");
const dist = join(root, "dist");
const offline = join(dist, "offline");
const singleWasm = join(root, "build/wasm/single/mha_core_single.mjs");

for (const need of [
  join(web, "lib/wasm/mha_core.wasm"),
  join(web, "vendor/katex/katex.mjs"),
  singleWasm,
]) {
  if (!existsSync(need))
    throw new Error(`${need} is missing: run bash scripts/build.sh wasm first`);
}

await rm(dist, { recursive: true, force: true });
await cp(web, dist, { recursive: true });

// ---- dist/offline ----------------------------------------------------------
await mkdir(offline, { recursive: true });

/** Resolves the wasm glue to the single-file build (wasm inlined as base64). */
const singleFileWasm = {
  name: "single-file-wasm",
  setup(b) {
    b.onResolve({ filter: /\/wasm\/mha_core\.mjs$/ }, () => ({
      path: singleWasm,
    }));
  },
};

// In a classic script there is no import.meta: stand in the script's own
// URL, captured while it runs, so relative files (stylesheets) still resolve.
const banner = `var __mhaScriptUrl = (document.currentScript && document.currentScript.src) || location.href;`;

async function bundle(entry, outfile) {
  await build({
    entryPoints: [join(web, entry)],
    outfile: join(offline, outfile),
    bundle: true,
    format: "iife",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    banner: { js: banner },
    define: { "import.meta.url": "__mhaScriptUrl" },
    external: ["node:*"],
    plugins: [singleFileWasm],
    logLevel: "warning",
  });
}

await bundle("main.js", "mha-explainer.js");
await bundle("mha-embed.js", "mha-embed.js");

// The page's HTML and styles, with the module script swapped for the bundle.
const html = await readFile(join(web, "index.html"), "utf8");
const offlineHtml = html.replace(
  /<script type="module" src="main\.js"><\/script>/,
  '<script src="mha-explainer.js" defer></script>',
);
if (offlineHtml === html)
  throw new Error("index.html: the main.js script tag was not found");
await writeFile(join(offline, "index.html"), offlineHtml);

for (const css of (await readdir(web, { recursive: true })).filter((f) =>
  f.endsWith(".css"),
)) {
  if (css.startsWith("vendor/")) continue;
  await mkdir(join(offline, css, ".."), { recursive: true });
  await cp(join(web, css), join(offline, css));
}
await mkdir(join(offline, "vendor/katex/fonts"), { recursive: true });
await cp(
  join(web, "vendor/katex/katex.min.css"),
  join(offline, "vendor/katex/katex.min.css"),
);
await cp(join(web, "vendor/katex/fonts"), join(offline, "vendor/katex/fonts"), {
  recursive: true,
});
for (const licence of ["vendor/katex/LICENSE", "vendor/compromise/LICENSE"]) {
  if (existsSync(join(web, licence))) {
    await mkdir(join(offline, licence, ".."), { recursive: true });
    await cp(join(web, licence), join(offline, licence));
  }
}

// The documented examples (docs/EMBEDDING.md) ship as working pages: the
// online ones beside the explainer, the offline one beside its bundle.
await mkdir(join(dist, "examples"), { recursive: true });
for (const page of ["element.html", "iframe.html", "react.html"]) {
  await cp(join(root, "docs/examples", page), join(dist, "examples", page));
}
// The React example, built the way an app's bundler would build it.
await build({
  entryPoints: [join(root, "docs/examples/react.jsx")],
  outfile: join(dist, "examples/react.js"),
  bundle: true,
  format: "esm",
  jsx: "automatic",
  minify: true,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
await cp(
  join(root, "docs/examples/offline.html"),
  join(offline, "example.html"),
);

console.log(`Built ${dist} (static site) and ${offline} (opens from file://).`);
