// The section registry (web/sections/index.js) against the tree and the two
// pages that link the sections' stylesheets: a section is one folder, one
// registry line, and its CSS linked from both pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir, stat } from "node:fs/promises";
import { SECTIONS } from "../../web/sections/index.js";

const web = new URL("../../web/", import.meta.url);

test("web/sections/ holds exactly the registry and one folder per section", async () => {
  const entries = await readdir(new URL("sections/", web), {
    withFileTypes: true,
  });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const files = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  assert.deepEqual(folders.sort(), SECTIONS.map((s) => s.id).sort());
  assert.deepEqual(files, ["index.js"]);
  for (const { id } of SECTIONS) {
    const entry = await stat(new URL(`sections/${id}/index.js`, web));
    assert.ok(entry.isFile(), `web/sections/${id}/index.js`);
  }
});

test("every section loads to a module with mount()", async () => {
  for (const section of SECTIONS) {
    const module = await section.load();
    assert.equal(typeof module.mount, "function", section.id);
  }
});

for (const page of ["index.html", "embed.html"]) {
  test(`${page} links every section's stylesheet, and only files that exist`, async () => {
    const html = await readFile(new URL(page, web), "utf8");
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((href) => !href.startsWith("vendor/"));
    for (const href of links) {
      await stat(new URL(href, web)); // throws for a missing file
    }
    for (const { id } of SECTIONS) {
      const folder = await readdir(new URL(`sections/${id}/`, web));
      for (const css of folder.filter((f) => f.endsWith(".css"))) {
        assert.ok(
          links.includes(`sections/${id}/${css}`),
          `${page} links sections/${id}/${css}`,
        );
      }
    }
  });
}

test("no code, comment or text under web/ names a section by a typed number", async () => {
  const found = [];
  async function scan(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const url = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir);
      if (entry.isDirectory()) {
        if (!["vendor", "data", "wasm"].includes(entry.name)) await scan(url);
      } else if (/\.(js|css|html)$/.test(entry.name)) {
        const lines = (await readFile(url, "utf8")).split("\n");
        lines.forEach((line, k) => {
          // "section 4" in quotes documents sectionLabel()'s output.
          if (
            /\b[Ss]ections? \d+(?![.\d])/.test(
              line.replace(/"[Ss]ection \d+"/g, ""),
            )
          ) {
            found.push(
              `${url.pathname.split("/web/")[1]}:${k + 1}: ${line.trim()}`,
            );
          }
        });
      }
    }
  }
  await scan(web);
  assert.deepEqual(
    found,
    [],
    "refer to sections by id, or with sectionLabel(id)",
  );
});
