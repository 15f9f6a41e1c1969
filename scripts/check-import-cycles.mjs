// Fails when any JS module under web/ takes part in an import cycle.
//
// A cycle makes evaluation order depend on which module is loaded first, and
// usually means two files share a job that belongs in a third (the cycle this
// check was written for: a renderer, its toolbar and the exporter, tied
// together by a one-line formatter). Static `import … from` and
// `export … from` edges count; a dynamic `import()` does not, since it runs
// after every module has been evaluated.
//
//   node scripts/check-import-cycles.mjs [folder]   (default: web)
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const folder = resolve(root, process.argv[2] ?? "web");
const SKIP = new Set(["vendor", "wasm", "data"]);

/** Every .js/.mjs file under `dir`, except vendored and generated code. */
async function jsFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) out.push(...(await jsFiles(path)));
    } else if (/\.m?js$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

// `import x from "./a.js"`, `import "./a.js"`, `export { y } from "./a.js"`;
// line comments are removed first so that examples in comments do not count.
const STATIC_EDGE =
  /(?:^|[;\s])(?:import|export)\s+(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']/g;

/** The files under web/ that `file` imports statically. */
function edges(file, text) {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const targets = [];
  for (const match of code.matchAll(STATIC_EDGE)) {
    const spec = match[1];
    if (spec.startsWith(".")) targets.push(resolve(dirname(file), spec));
  }
  return targets;
}

/** Tarjan's strongly connected components; those of 2+ files are cycles. */
function cycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  function visit(v) {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) found.push(component);
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const graph = new Map();
for (const file of await jsFiles(folder)) {
  graph.set(file, edges(file, await readFile(file, "utf8")));
}
const found = cycles(graph);
if (found.length > 0) {
  for (const component of found) {
    const names = component.map((f) => relative(root, f)).sort();
    console.error(`import cycle among: ${names.join(", ")}`);
  }
  process.exit(1);
}
console.log(
  `No import cycles among ${graph.size} modules under ${relative(root, folder)}/.`,
);
