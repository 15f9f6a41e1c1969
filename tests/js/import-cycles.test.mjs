// The import-cycle check (scripts/check-import-cycles.mjs) on small folders
// written here: it must find a cycle, and only a real one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const script = fileURLToPath(
  new URL("../../scripts/check-import-cycles.mjs", import.meta.url),
);

/** Writes `files` (name → text) into a fresh folder; returns its path. */
async function folder(files) {
  const dir = await mkdtemp(join(tmpdir(), "cycles-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Runs the check on `dir`: its exit code and output. */
async function check(dir) {
  try {
    const { stdout } = await run(process.execPath, [script, dir]);
    return { code: 0, out: stdout };
  } catch (e) {
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

test("a cycle through three files is reported with every file in it", async () => {
  const dir = await folder({
    "a.js": 'import { b } from "./b.js";\nexport const a = 1;',
    "b.js": 'export { c as b } from "./sub/c.js";',
    "sub/c.js": 'import "../a.js";\nexport const c = 2;',
    "d.js": 'import { a } from "./a.js";',
  });
  const { code, out } = await check(dir);
  assert.equal(code, 1);
  assert.match(out, /import cycle among: .*a\.js.*b\.js.*sub\/c\.js/);
  assert.doesNotMatch(out, /d\.js/);
});

test("imports in comments and dynamic imports are not edges", async () => {
  const dir = await folder({
    "a.js": '// import { b } from "./b.js";\nimport { c } from "./c.js";',
    "b.js": 'import { a } from "./a.js";',
    "c.js": 'export const c = () => import("./b.js");\n/* import "./a.js"; */',
  });
  const { code, out } = await check(dir);
  assert.equal(code, 0, out);
  assert.match(out, /No import cycles among 3 modules/);
});
