// The heatmap export toolbar in Chromium, on a test page served under the
// strict CSP (default-src 'self'; script-src 'self' 'wasm-unsafe-eval'):
// real downloads captured with Playwright. The PNG decodes to the size
// documented in export.js and shows the SVG's colours, the SVG parses with
// DOMParser and holds every token and percentage, the JSON's numbers equal
// forward() in Node, and "Copy embed code" reaches the clipboard (or falls
// back to a selected text box). Also saves the pictures to test-results/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createMHA } from "mha-explainer";
import { ARTIFACTS, launch, openPage, screenshot } from "./browser.mjs";
import { percent } from "../../web/components/heatmap.js";
import { pngSize, heatmapSize } from "../../web/components/export.js";
import {
  HEAD_ID,
  NASTY_TOKENS,
  SENTENCE,
  constructedHeatmap,
  constructedRun,
  nastyHeatmap,
  nastyRun,
} from "./pages/export-data.js";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const PAGE = "tests/browser/pages/export-tools.html";

let env;
let page;
let problems;
let mha;
before(async () => {
  mha = await createMHA();
  env = await launch(
    { root: ".", csp: STRICT_CSP },
    { acceptDownloads: true, viewport: { width: 1280, height: 900 } },
  );
  ({ page, problems } = await open());
});
after(async () => {
  await env?.close();
});

async function open() {
  const opened = await openPage(
    env.context,
    new URL(PAGE, env.server.url).href,
  );
  await opened.page.waitForSelector("html[data-ready]", { timeout: 20000 });
  const state = await opened.page.$eval("html", (el) => el.dataset.ready);
  assert.equal(state, "true", await opened.page.textContent("#status"));
  const policy = await opened.page.evaluate(async () =>
    (await fetch(location.href)).headers.get("content-security-policy"),
  );
  assert.equal(policy, STRICT_CSP, "the page is served under the strict CSP");
  return opened;
}

/** Clicks `selector` (or runs `act`) and returns { name, bytes } of the download. */
async function download(target, act) {
  const [d] = await Promise.all([
    page.waitForEvent("download", { timeout: 10000 }),
    act ? act() : page.click(target),
  ]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: await readFile(path), path };
}

/** Width and height from a PNG's IHDR chunk (big-endian at bytes 16 and 20). */
function pngDimensions(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, "PNG signature");
  assert.equal(bytes.toString("latin1", 12, 16), "IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Parses an SVG text in the page: cells, labels, texts, parse errors. */
function parseInPage(svgText) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    const cells = [...doc.querySelectorAll("rect.cell")].map((r) => ({
      i: Number(r.dataset.row ?? r.getAttribute("data-row")),
      j: Number(r.getAttribute("data-col")),
      x: Number(r.getAttribute("x")),
      y: Number(r.getAttribute("y")),
      fill: r.getAttribute("fill"),
      masked: r.classList.contains("masked"),
      text: r.nextElementSibling.matches("text")
        ? r.nextElementSibling.textContent
        : r.nextElementSibling.nextElementSibling.textContent,
    }));
    return {
      errors: doc.getElementsByTagName("parsererror").length,
      name: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute("width")),
      height: Number(root.getAttribute("height")),
      viewBox: root.getAttribute("viewBox"),
      title: doc.querySelector("svg > title")?.textContent,
      desc: doc.querySelector("svg > desc")?.textContent,
      keys: [...doc.querySelectorAll("g.keys text")].map((t) => t.textContent),
      queries: [...doc.querySelectorAll("g.queries text")].map(
        (t) => t.textContent,
      ),
      texts: [...doc.querySelectorAll("text")].map((t) => t.textContent),
      foreign: doc.querySelectorAll("img, script, foreignObject, image").length,
      cells,
    };
  }, svgText);
}

/** Shows an SVG text in the page (as parsed nodes: no inline markup) and photographs it. */
async function photographSVG(svgText, name) {
  await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const holder = document.createElement("div");
    holder.id = "svg-photo";
    holder.append(document.importNode(doc.documentElement, true));
    document.body.append(holder);
  }, svgText);
  const path = fileURLToPath(new URL(`${name}.png`, ARTIFACTS));
  await page.locator("#svg-photo svg").screenshot({ path });
  await page.evaluate(() => document.getElementById("svg-photo").remove());
  return path;
}

test("PNG: downloads under the strict CSP, decodes to the documented size, shows the SVG's colours", async () => {
  const data = constructedHeatmap(constructedRun(mha));
  const png = await download("#constructed-tools [data-export=png]");
  assert.equal(png.name, `heads-${HEAD_ID}.png`);
  const want = pngSize(data, { scale: 2 });
  const size = heatmapSize(data);
  assert.deepEqual(pngDimensions(png.bytes), {
    width: want.width,
    height: want.height,
  });
  assert.equal(want.width, Math.round(size.width * 2));
  assert.equal(want.height, Math.round(size.height * 2));
  await copyFile(png.path, fileURLToPath(new URL("export-png.png", ARTIFACTS)));

  // Decode it in the browser too, and compare cell colours with the SVG.
  const svg = await download("#constructed-tools [data-export=svg]");
  const parsed = await parseInPage(svg.bytes.toString("utf8"));
  const decoded = await page.evaluate(
    async ({ bytes, cells }) => {
      const bitmap = await createImageBitmap(
        new Blob([new Uint8Array(bytes)], { type: "image/png" }),
      );
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext("2d");
      ctx.drawImage(bitmap, 0, 0);
      const at = (x, y) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
      return {
        width: bitmap.width,
        height: bitmap.height,
        corner: at(1, 1),
        // A point inside each cell, clear of its text and rounded corner.
        cells: cells.map((c) =>
          at(Math.round((c.x + 5) * 2), Math.round((c.y + 5) * 2)),
        ),
      };
    },
    { bytes: [...png.bytes], cells: parsed.cells },
  );
  assert.equal(decoded.width, want.width);
  assert.equal(decoded.height, want.height);
  assert.deepEqual(decoded.corner, [255, 255, 255], "white background");
  parsed.cells.forEach((c, k) => {
    const got = decoded.cells[k];
    if (c.masked) {
      // Hatched in light greys (#f3f5f8, #c9ced6), never a viridis colour.
      assert.ok(
        got.every((v) => v >= 0xc0),
        `masked cell ${c.i},${c.j} is light grey, got ${got}`,
      );
    } else {
      const hex = c.fill.match(/[0-9a-f]{2}/g).map((h) => parseInt(h, 16));
      got.forEach((v, ch) =>
        assert.ok(
          Math.abs(v - hex[ch]) <= 2,
          `cell ${c.i},${c.j}: PNG ${got} vs SVG ${c.fill}`,
        ),
      );
    }
  });
  assert.deepEqual(problems, []);
});

test("SVG: parses without error, holds every token and the percentage of every cell", async () => {
  const run = constructedRun(mha);
  const data = constructedHeatmap(run);
  const n = data.tokens.length;
  const svg = await download("#constructed-tools [data-export=svg]");
  assert.equal(svg.name, `heads-${HEAD_ID}.svg`);
  const text = svg.bytes.toString("utf8");
  const p = await parseInPage(text);
  assert.equal(p.errors, 0, "no parsererror");
  assert.equal(p.name, "svg");
  assert.equal(p.ns, "http://www.w3.org/2000/svg");
  const size = heatmapSize(data);
  assert.equal(p.width, size.width);
  assert.equal(p.height, size.height);
  assert.equal(p.viewBox, `0 0 ${size.width} ${size.height}`);
  assert.equal(p.title, data.title);
  assert.deepEqual(p.keys, data.tokens);
  assert.deepEqual(p.queries, data.tokens);
  assert.equal(p.cells.length, n * n);
  for (const c of p.cells) {
    const k = c.i * n + c.j;
    const masked = data.scores[k] === -Infinity;
    assert.equal(c.masked, masked);
    assert.equal(c.text, masked ? "–" : percent(data.weights[k]));
  }
  for (const t of ["Attention weight", "0%", "100%", "masked"]) {
    assert.ok(p.texts.includes(t), `legend: ${t}`);
  }
  const photo = await photographSVG(text, "export-svg");
  assert.ok(photo.endsWith(".png"));
  assert.equal(
    await page.textContent("#constructed-tools [role=status]"),
    `Saved heads-${HEAD_ID}.svg`,
  );
});

test("SVG of unusual tokens: escaped, parsed, every token kept; the file name is sanitized", async () => {
  const data = nastyHeatmap(nastyRun(mha));
  const svg = await download("#nasty-tools [data-export=svg]");
  assert.equal(svg.name, "odd-tokens-e.svg");
  const text = svg.bytes.toString("utf8");
  const p = await parseInPage(text);
  assert.equal(p.errors, 0);
  assert.equal(p.foreign, 0, "no <img> or <script> came out of a token");
  assert.equal(p.title, data.title);
  for (const t of NASTY_TOKENS) {
    assert.ok(p.desc.includes(t), `token ${t} is in the description`);
  }
  // Axis labels: every token, the long one cut to 14 characters.
  const label = (t) =>
    [...t].length > 14 ? [...t].slice(0, 13).join("") + "…" : t;
  assert.deepEqual(p.keys, NASTY_TOKENS.map(label));
  assert.deepEqual(p.queries, NASTY_TOKENS.map(label));
  const n = NASTY_TOKENS.length;
  for (const c of p.cells) {
    assert.equal(c.text, percent(data.weights[c.i * n + c.j]));
  }
  await photographSVG(text, "export-svg-unusual-tokens");
  const png = await download("#nasty-tools [data-export=png]");
  assert.equal(png.name, "odd-tokens-e.png");
  const want = pngSize(data);
  assert.deepEqual(pngDimensions(png.bytes), {
    width: want.width,
    height: want.height,
  });
  await copyFile(
    png.path,
    fileURLToPath(new URL("export-png-unusual-tokens.png", ARTIFACTS)),
  );
  assert.deepEqual(problems, []);
});

test("JSON: the downloaded numbers equal forward() in Node, with shapes and nulls for masked scores", async () => {
  const run = constructedRun(mha);
  const r = run.result;
  const file = await download("#constructed-tools [data-export=json]");
  assert.equal(file.name, `heads-${HEAD_ID}.json`);
  const json = JSON.parse(file.bytes.toString("utf8"));
  assert.equal(json.sentence, SENTENCE);
  assert.equal(json.version, mha.version);
  assert.deepEqual(
    json.tokens,
    run.tokens.map((t) => t.text),
  );
  assert.deepEqual(Float32Array.from(json.inputs.x), run.x);
  for (const key of ["n", "dModel", "headCount", "dK", "causal"]) {
    assert.equal(json[key], r[key]);
  }
  let arrays = 0;
  for (const [key, value] of Object.entries(r)) {
    if (!ArrayBuffer.isView(value)) continue;
    arrays++;
    const got = Float32Array.from(json[key], (v) =>
      v === null ? -Infinity : v,
    );
    assert.deepEqual(got, value, key);
    assert.equal(
      json.shapes[key].reduce((a, b) => a * b, 1),
      value.length,
    );
  }
  assert.equal(arrays, 10);
  assert.ok(json.scores.includes(null), "masked scores are null");
  assert.deepEqual(json.shapes.weights, [r.headCount, r.n, r.n]);

  // The other toolbar's JSON: a different forward pass, also equal.
  const other = await download("#nasty-tools [data-export=json]");
  const json2 = JSON.parse(other.bytes.toString("utf8"));
  const r2 = nastyRun(mha).result;
  assert.deepEqual(Float32Array.from(json2.weights), r2.weights);
  assert.deepEqual(Float32Array.from(json2.output), r2.output);
  assert.deepEqual(json2.tokens, NASTY_TOKENS);
  assert.deepEqual(problems, []);
});

test("the toolbar: real buttons with clear names, usable by keyboard, announced in a live region", async () => {
  const names = await page.$$eval("#constructed-tools button", (bs) =>
    bs.map((b) => [b.textContent, b.getAttribute("aria-label"), b.type]),
  );
  assert.deepEqual(names, [
    ["PNG", "Download this heatmap as PNG", "button"],
    ["SVG", "Download this heatmap as SVG", "button"],
    ["JSON", "Download the numbers of this forward pass as JSON", "button"],
    ["Copy embed code", "Copy embed code for this heatmap", "button"],
  ]);
  // The second toolbar has no embed code: no such button.
  assert.equal(
    await page.locator("#nasty-tools [data-export=embed]").count(),
    0,
  );
  const status = page.locator("#constructed-tools [role=status]");
  assert.equal(await status.getAttribute("aria-live"), "polite");

  // Keyboard: Tab from PNG to SVG, Enter; then Tab to JSON, Space.
  await page.focus("#constructed-tools [data-export=png]");
  await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(() => document.activeElement.dataset.export),
    "svg",
  );
  const bySvg = await download(null, () => page.keyboard.press("Enter"));
  assert.equal(bySvg.name, `heads-${HEAD_ID}.svg`);
  assert.equal(await status.textContent(), `Saved heads-${HEAD_ID}.svg`);
  await page.keyboard.press("Tab");
  const byJson = await download(null, () => page.keyboard.press("Space"));
  assert.equal(byJson.name, `heads-${HEAD_ID}.json`);
  assert.equal(await status.textContent(), `Saved heads-${HEAD_ID}.json`);

  // Passes axe-core (loaded from this origin, as the CSP allows).
  await page.addScriptTag({ url: "/node_modules/axe-core/axe.min.js" });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run("main", {
      resultTypes: ["violations"],
      // Experimental in axe, so off by default: WCAG 2.5.3, visible text
      // is part of the accessible name.
      rules: { "label-content-name-mismatch": { enabled: true } },
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes[0].target.join(" ")}`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
});

test("Copy embed code: writes the clipboard; without a clipboard, shows the code selected", async () => {
  const origin = new URL(env.server.url).origin;
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin,
  });
  const code = `<mha-heads sentence="${SENTENCE}" heads="${HEAD_ID}"></mha-heads>`;
  await page.click("#constructed-tools [data-export=embed]");
  await page.waitForFunction(
    () =>
      document.querySelector("#constructed-tools [role=status]").textContent ===
      "Embed code copied to the clipboard.",
  );
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  assert.equal(await page.isHidden("#constructed-tools textarea"), true);

  // A clipboard that refuses: the code appears in a read-only, selected box.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  await page.click("#constructed-tools [data-export=embed]");
  await page.waitForSelector("#constructed-tools textarea", {
    state: "visible",
  });
  const box = await page.evaluate(() => {
    const t = document.querySelector("#constructed-tools textarea");
    return {
      value: t.value,
      readOnly: t.readOnly,
      focused: document.activeElement === t,
      selected: t.selectionStart === 0 && t.selectionEnd === t.value.length,
      label: t.labels[0]?.textContent,
      status: document.querySelector("#constructed-tools [role=status]")
        .textContent,
    };
  });
  assert.equal(box.value, code);
  assert.equal(box.readOnly, true);
  assert.equal(box.focused, true);
  assert.equal(box.selected, true);
  assert.match(box.label, /Embed code/);
  assert.match(box.status, /copy it/);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.locator("#constructed-tools").screenshot({
    path: fileURLToPath(new URL("export-toolbar-375.png", ARTIFACTS)),
  });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.locator("#constructed-tools").screenshot({
    path: fileURLToPath(new URL("export-toolbar-375-dark.png", ARTIFACTS)),
  });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than 375 px`);
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, "export-page");
  assert.deepEqual(problems, []);
});
