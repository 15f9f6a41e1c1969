// The packed package works on its own: npm pack, install the tarball into an
// empty folder, import it by name there, and check one forward pass against
// the independent reference's fixture.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(
  new URL("../fixtures/mha/h4_dk6_n11_causal_bias.json", import.meta.url),
);

test("npm pack → install in an empty folder → import 'mha-explainer' → correct numbers", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mha-pack-"));
  try {
    const npm = (args, cwd) =>
      execFileSync(
        "npm",
        [...args, "--no-audit", "--no-fund", "--loglevel=error"],
        {
          cwd,
          encoding: "utf8",
        },
      );
    npm(["pack", "--pack-destination", dir], repo);
    const tarball = (await readdir(dir)).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack made a tarball");
    const app = join(dir, "app");
    await mkdir(app);
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module" }),
    );
    npm(["install", join(dir, tarball), "--offline"], app);
    await writeFile(
      join(app, "check.mjs"),
      `import { createMHA, VERSION } from "mha-explainer";
import { readFileSync } from "node:fs";
const f = JSON.parse(readFileSync(${JSON.stringify(fixture)}, "utf8"));
const i = f.inputs;
const mha = await createMHA();
const r = mha.forward({ x: i.x, n: f.n, dModel: f.d_model, heads: f.heads,
  wq: i.wq, wk: i.wk, wv: i.wv, wo: i.wo, bq: i.bq, bk: i.bk, bv: i.bv, bo: i.bo,
  causal: f.causal });
let worst = 0;
f.expected.output.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - r.output[k])); });
console.log(JSON.stringify({ VERSION, worst, n: r.n }));
`,
    );
    const out = JSON.parse(
      execFileSync("node", ["check.mjs"], { cwd: app, encoding: "utf8" }),
    );
    assert.equal(out.n, 11);
    assert.match(out.VERSION, /^\d+\.\d+\.\d+$/);
    assert.ok(
      out.worst < 1e-4,
      `largest difference ${out.worst}, tolerance 1e-4`,
    );
    // Only the library ships: no tests, sources or build tree.
    const listing = execFileSync("tar", ["-tzf", join(dir, tarball)], {
      encoding: "utf8",
    });
    assert.match(listing, /package\/web\/lib\/wasm\/mha_core\.wasm/);
    assert.match(listing, /package\/web\/lib\/mha\.d\.ts/);
    assert.doesNotMatch(listing, /tests\/|cpp\/|build\//);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the version is the same in package.json, mha.js's VERSION and CMakeLists.txt's project()", async () => {
  const { readFile } = await import("node:fs/promises");
  const { VERSION } = await import("mha-explainer");
  const pkg = JSON.parse(await readFile(join(repo, "package.json"), "utf8"));
  const cmake = await readFile(join(repo, "CMakeLists.txt"), "utf8");
  const project = /project\(\s*\w+\s+VERSION\s+([0-9][0-9.]*)/.exec(cmake);
  assert.ok(project, "CMakeLists.txt has project(... VERSION x.y.z ...)");
  assert.match(VERSION, /^\d+\.\d+\.\d+$/);
  assert.equal(pkg.version, VERSION, "package.json");
  assert.equal(project[1], VERSION, "CMakeLists.txt");
});
