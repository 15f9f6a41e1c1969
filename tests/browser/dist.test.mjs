// The built site (npm run build → dist/): served from a sub-path under the
// strict CSP, with no request outside its own folder; the documented
// examples (docs/examples/, copied into dist/) working as written; and the
// offline flavour opened from file:// (with section #real-model's trained model
// and #your-model's small model inlined, since file:// pages cannot fetch
// them, and #your-model's Worker started from a blob: URL).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, launch, openPage } from "./browser.mjs";
import { runConstructed } from "../../web/constructed/run.js";
import { createMHA } from "../../web/lib/mha.js";
import { PROBE } from "../../web/sections/real-model/text.js";
import { createSession } from "../../web/sections/your-model/session.js";
import { DEFAULT_TEXT } from "../../web/sections/your-model/text.js";

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const BASE = "/course/week3/";
const repo = fileURLToPath(new URL("../../", import.meta.url));

let env;
before(async () => {
  execFileSync("node", ["scripts/build-dist.mjs"], {
    cwd: repo,
    stdio: "pipe",
  });
  env = await launch({ root: "dist", base: BASE, csp: STRICT_CSP });
});
after(async () => {
  await env?.close();
});

/** Every request must stay inside the sub-path. */
function watchRequests(page) {
  const outside = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith("http") && !u.pathname.startsWith(BASE))
      outside.push(u.href);
  });
  return outside;
}

async function elementWeights(page, selector, head) {
  return page.evaluate(
    ({ selector, head }) => {
      const el = document.querySelector(selector);
      const r = el.result;
      const n = r.n;
      return Array.from(r.weights.subarray(head * n * n, (head + 1) * n * n));
    },
    { selector, head },
  );
}

test("the explainer from a sub-path under the strict CSP: ready, no error, nothing outside", async () => {
  const { page, problems } = await openPage(env.context, env.server.url);
  const outside = watchRequests(page);
  await page.waitForSelector("html[data-ready=true]", { timeout: 30000 });
  assert.ok((await page.locator("#heads td.heatmap__cell").count()) > 0);
  assert.ok((await page.locator(".katex").count()) > 0);
  await sectionEightReady(page);
  await page.click("button.ym-try");
  await yourModelReady(page);
  assert.deepEqual(problems, []);
  assert.deepEqual(outside, []);
  await page.close();
});

/**
 * Section #real-model loaded the trained model (fetched from the site, or inlined in
 * the offline bundle) and shows the final checkpoint's heads as the core
 * labels them here in Node.
 */
async function sectionEightReady(page) {
  await page.waitForSelector(
    '[data-section=real-model][data-state=ready][data-step="12000"]',
    { state: "attached", timeout: 30000 },
  );
  const labels = await page.$$eval("#real-model .rm-thumb", (bs) =>
    bs.map((b) => b.dataset.label),
  );
  const mha = await createMHA();
  const bytes = await readFile(
    new URL("../../web/data/model/step-012000.bin", import.meta.url),
  );
  const model = mha.loadModel(bytes);
  const probe = mha.probeSequences(PROBE);
  const want = model.analyze(probe, { batch: PROBE.batch });
  model.dispose();
  assert.deepEqual(
    labels,
    want.reports.map((h) => h.label),
  );
  assert.ok(labels.includes("induction"));
  assert.ok(
    (await page.locator("#real-model .line-plot__svg path").count()) > 0,
    "the training curves are drawn",
  );
}

const SMALL_MODEL = ["config.json", "model.safetensors"].map((name) =>
  fileURLToPath(new URL(`../../web/data/model-gpt2/${name}`, import.meta.url)),
);

/**
 * Our small model's head labels on #your-model's default text, as the
 * section's session (the Worker's code) gives them here in Node.
 * @type {Promise<Record<string, string>> | undefined}
 */
let smallModelLabels;
function expectedSmallModelLabels() {
  smallModelLabels ??= (async () => {
    const session = createSession(await createMHA());
    const [config, weights] = await Promise.all(
      SMALL_MODEL.map((path) => readFile(path)),
    );
    await session.open({
      kind: "files",
      config: new Blob([config]),
      weights: new Blob([weights]),
    });
    await session.load(() => {});
    const { reports } = session.analyse(DEFAULT_TEXT);
    return Object.fromEntries(
      reports.map((r) => [`L${r.layer}H${r.head}`, r.label]),
    );
  })();
  return smallModelLabels;
}

/**
 * Section #your-model has our small model in (from the Try button or the
 * file picker): its 8 heads labelled as the session labels them in Node.
 */
async function yourModelReady(page) {
  await page.waitForSelector(
    '[data-section=your-model][data-state=ready][data-layers="2"]',
    { state: "attached", timeout: 30000 },
  );
  const labels = await page.$$eval("#your-model .ym-thumb", (bs) =>
    Object.fromEntries(bs.map((b) => [b.dataset.head, b.dataset.label])),
  );
  assert.equal(Object.keys(labels).length, 8);
  assert.deepEqual(labels, await expectedSmallModelLabels());
}

/** Opens our small model's two files with #your-model's file picker. */
async function yourModelFromFiles(page) {
  await page.evaluate(() => {
    const root = document.querySelector("[data-section=your-model]");
    const seen = [];
    new MutationObserver(() => seen.push(root.dataset.state)).observe(root, {
      attributeFilter: ["data-state"],
    });
    /** @type {any} */ (window).ymStates = seen;
  });
  await page.setInputFiles("#ym-files", SMALL_MODEL);
  await page.waitForFunction(
    () =>
      /** @type {any} */ (window).ymStates.includes("loading") &&
      document.querySelector("[data-section=your-model]").dataset.state ===
        "ready",
    null,
    { timeout: 30000 },
  );
  await yourModelReady(page);
}

test("docs/examples/element.html works as documented: two elements, the core's numbers", async () => {
  const { page, problems } = await openPage(
    env.context,
    new URL("examples/element.html", env.server.url).href,
  );
  const outside = watchRequests(page);
  await page.waitForFunction(
    () => [...document.querySelectorAll("mha-heads")].every((e) => e.result),
    null,
    {
      timeout: 30000,
    },
  );
  const mha = await createMHA();
  const first = runConstructed(mha, "The clever fox jumped");
  assert.deepEqual(
    await elementWeights(page, "mha-heads", 0),
    Array.from(first.result.headWeights(0)),
  );
  const causal = runConstructed(mha, "I saw the movie", { causal: true });
  assert.deepEqual(
    await elementWeights(page, "mha-heads:nth-of-type(2)", 1),
    Array.from(causal.result.headWeights(1)),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(outside, []);
  await page.close();
});

test("docs/examples/iframe.html works as documented: the embed page inside an iframe", async () => {
  const { page, problems } = await openPage(
    env.context,
    new URL("examples/iframe.html", env.server.url).href,
  );
  const frame = page.frameLocator("iframe");
  await frame.locator("html[data-ready=true]").waitFor({ timeout: 30000 });
  assert.ok((await frame.locator("td.heatmap__cell").count()) > 0);
  assert.equal(
    await frame.locator("#heads-sentence").inputValue(),
    "The cat chased the dog",
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("docs/examples/react.jsx works as documented: typing in React updates the element", async () => {
  const { page, problems } = await openPage(
    env.context,
    new URL("examples/react.html", env.server.url).href,
  );
  await page.waitForFunction(
    () => document.querySelector("mha-heads")?.result,
    null,
    { timeout: 30000 },
  );
  await page.fill("#root input", "I saw the movie");
  await page.waitForFunction(
    () =>
      document.querySelector("mha-heads").result?.n === 4 &&
      document.querySelector("mha-heads").tokens[1] === "saw",
  );
  const mha = await createMHA();
  const want = runConstructed(mha, "I saw the movie");
  assert.deepEqual(
    await elementWeights(page, "mha-heads", 3),
    Array.from(want.result.headWeights(3)),
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("the docs quote the example files exactly", async () => {
  const docs = await readFile(
    new URL("../../docs/EMBEDDING.md", import.meta.url),
    "utf8",
  );
  for (const name of [
    "element.html",
    "iframe.html",
    "offline.html",
    "react.jsx",
    "react.html",
  ]) {
    const example = await readFile(
      new URL(`../../docs/examples/${name}`, import.meta.url),
      "utf8",
    );
    assert.ok(
      docs.includes(example.trim()),
      `docs/EMBEDDING.md quotes docs/examples/${name}`,
    );
  }
});

test("the offline build opens from file://: the explainer, #your-model's Worker, the head pool's Workers and the element example", async () => {
  const profile = await mkdtemp(join(tmpdir(), "mha-file-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    // Only local reads: the page's files, data: URLs and the blob: URLs
    // that #your-model's Worker and the head pool's start from.
    page.on("request", (r) => {
      if (!/^(file|data|blob):/.test(r.url()))
        problems.push(`request: ${r.url()}`);
    });
    const offline = pathToFileURL(join(repo, "dist/offline/")).href;
    await page.goto(offline + "index.html");
    await page.waitForSelector("html[data-ready=true]", { timeout: 30000 });
    assert.ok((await page.locator("#heads td.heatmap__cell").count()) > 0);
    await sectionEightReady(page);
    await page.click("button.ym-try");
    await yourModelReady(page);
    await yourModelFromFiles(page);
    // Section #parallel's head pool: its Workers start from a blob: URL too.
    await page.click("#parallel .parallel-cores-run");
    await page.waitForSelector(
      "#parallel .parallel-cores-chart svg[role=img]",
      { state: "attached", timeout: 60000 },
    );
    const times = await page.$$eval(
      "#parallel .parallel-cores-chart .bar-chart__table tbody td",
      (tds) => tds.map((td) => td.textContent),
    );
    assert.ok(times.length >= 2, `rows of times: ${times}`);
    assert.doesNotMatch(
      await page.textContent("#parallel .parallel-cores-status"),
      /failed/i,
    );
    await page.goto(offline + "example.html");
    await page.waitForFunction(
      () => document.querySelector("mha-heads")?.result,
      null,
      { timeout: 30000 },
    );
    const mha = await createMHA();
    const want = runConstructed(mha, "The old man saw a small dog");
    const n = want.tokens.length;
    const got = await elementWeights(page, "mha-heads", 3);
    const wanted = Array.from(want.result.headWeights(3));
    // The offline bundle carries mha_core only (scripts/build-dist.mjs): bit
    // for bit when this Node runs it too, else within the fused kernels'
    // rounding (node --experimental-wasm-relaxed-simd loads mha_core_relaxed).
    if (mha.kernels === "simd128") {
      assert.deepEqual(got, wanted);
    } else {
      assert.equal(got.length, wanted.length);
      got.forEach((v, i) =>
        assert.ok(
          Math.abs(v - wanted[i]) <= 1e-6,
          `weight ${i}: ${v} vs ${wanted[i]}`,
        ),
      );
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
