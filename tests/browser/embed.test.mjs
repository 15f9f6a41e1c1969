// Embedding in Chromium, under the strict CSP throughout: the <mha-heads>
// element on a plain page (numbers equal forward() in Node, live attribute
// changes, keyboard, messages for bad values, axe), two elements sharing one
// wasm instance, the element from a sub-path, the iframe page with URL
// parameters inside an outer page, and the main page's "Share link" and
// "Copy embed code" round trip.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot } from "./browser.mjs";
import { createMHA } from "../../web/lib/mha.js";
import { percent } from "../../web/components/heatmap.js";
import { SECTIONS } from "../../web/sections/index.js";
import {
  CONSTRUCTED_HEADS,
  runConstructed,
} from "../../web/constructed/run.js";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let env; // the repository's root, so test pages and web/ are both served
let mha;
before(async () => {
  mha = await createMHA();
  env = await launch(
    { root: ".", csp: CSP },
    { viewport: { width: 1280, height: 900 } },
  );
});
after(async () => {
  await env?.close();
});

const url = (path) => new URL(path, env.server.url).href;

/** Opens a page and counts its requests for the wasm binary. */
async function open(path, context = env.context) {
  const opened = await openPage(context, url(path));
  opened.wasmFetches = 0;
  opened.requests = [];
  opened.page.on("request", (r) => {
    opened.requests.push(r.url());
    if (r.url().endsWith("mha_core.wasm")) opened.wasmFetches += 1;
  });
  return opened;
}

/** Waits until element `selector` has a result (or a problem). */
async function settled(page, selector = "mha-heads") {
  await page.waitForFunction(
    (s) => [...document.querySelectorAll(s)].every((e) => e.result),
    selector,
    { timeout: 20000 },
  );
}

/** What element `selector` shows: its heatmaps, buttons and messages. */
function readElement(page, selector) {
  return page.$eval(selector, (host) => {
    const root = host.shadowRoot;
    return {
      title: root.querySelector(".mha__title").textContent,
      messages: [...root.querySelectorAll(".mha__status p")].map(
        (p) => p.textContent,
      ),
      buttons: [...root.querySelectorAll(".mha__buttons button")].map((b) => ({
        text: b.textContent,
        pressed: b.getAttribute("aria-pressed"),
      })),
      gridPressed: root
        .querySelector(".mha__grid-button")
        .getAttribute("aria-pressed"),
      maps: [...root.querySelectorAll("table.heatmap")].map((t) => ({
        caption: t.caption.textContent,
        tokens: [...t.querySelectorAll("th.heatmap__key")].map(
          (th) => th.textContent,
        ),
        weights: [...t.querySelectorAll("td")].map((td) =>
          Number(td.dataset.weight),
        ),
        texts: [...t.querySelectorAll("td")].map((td) => td.textContent),
        masked: t.querySelectorAll("td.heatmap__cell--masked").length,
      })),
    };
  });
}

/** Asserts `map` shows head `h` of the core's run on `text` (in Node). */
function assertHead(map, text, h, causal = false) {
  const run = runConstructed(mha, text, { causal });
  const n = run.tokens.length;
  const name = CONSTRUCTED_HEADS[h].name;
  assert.equal(map.caption, `Head ${h + 1} · ${name}`);
  assert.deepEqual(
    map.tokens,
    run.tokens.map((t) => t.text),
  );
  const want = Array.from(run.result.headWeights(h));
  const scores = run.result.headScores(h);
  want.forEach((w, k) => {
    assert.ok(Math.abs(map.weights[k] - w) < 1e-6, `${name} cell ${k}`);
    assert.equal(
      map.texts[k],
      scores[k] === -Infinity ? "–" : percent(w),
      `${name} cell ${k} text`,
    );
  });
  for (let i = 0; i < n; i++) {
    const sum = map.weights.slice(i * n, i * n + n).reduce((a, b) => a + b);
    assert.ok(Math.abs(sum - 1) < 1e-4, `${name} row ${i} sums to ${sum}`);
  }
  return run;
}

/** Runs `change` in the page and waits for the element's next update. */
async function afterUpdate(page, selector, change) {
  const before = await page.evaluate(() => window.mhaUpdates.length);
  await change();
  await page.waitForFunction((k) => window.mhaUpdates.length > k, before);
  return page.evaluate((k) => window.mhaUpdates.slice(k), before);
}

test("one element: heatmaps equal forward() in Node, and each attribute updates it live", async () => {
  const { page, problems } = await open(
    "tests/browser/pages/embed-element.html",
  );
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await settled(page);
  let shown = await readElement(page, "#one");
  assert.equal(shown.maps.length, 2, "grid of the two heads asked for");
  assertHead(shown.maps[0], "The clever fox jumped", 0);
  assertHead(shown.maps[1], "The clever fox jumped", 1);
  assert.equal(shown.gridPressed, "true");
  assert.deepEqual(shown.messages, []);

  // element.result is the whole forward() result, as in Node.
  const result = await page.$eval("#one", (e) => ({
    weights: Array.from(e.result.weights),
    output: Array.from(e.result.output),
    tokens: e.tokens,
  }));
  const node = runConstructed(mha, "The clever fox jumped");
  assert.deepEqual(result.tokens, ["The", "clever", "fox", "jumped"]);
  assert.equal(result.weights.length, node.result.weights.length);
  result.output.forEach((v, k) =>
    assert.ok(Math.abs(v - node.result.output[k]) < 1e-5, `output ${k}`),
  );

  // sentence: recomputed.
  const sentence = "Birds sing while the old man reads";
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e, s) => e.setAttribute("sentence", s), sentence),
  );
  shown = await readElement(page, "#one");
  assertHead(shown.maps[0], sentence, 0);
  assertHead(shown.maps[1], sentence, 1);

  // heads + view in one task: one batched update, one head shown.
  const updates = await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e) => {
      e.setAttribute("heads", "copy,sink");
      e.setAttribute("view", "single");
    }),
  );
  assert.equal(updates.length, 1, "attribute changes are batched");
  assert.deepEqual(updates[0].heads, ["copy", "sink"]);
  assert.equal(updates[0].view, "single");
  shown = await readElement(page, "#one");
  assert.equal(shown.maps.length, 1);
  assertHead(shown.maps[0], sentence, 2);
  assert.deepEqual(shown.buttons, [
    { text: "3. Copy / identity", pressed: "true" },
    { text: "6. Weird: attention sink", pressed: "false" },
  ]);

  // Mouse: the sink head's button. Keyboard: the grid button, by Enter.
  await page.locator("#one >> button", { hasText: "attention sink" }).click();
  shown = await readElement(page, "#one");
  assertHead(shown.maps[0], sentence, 5);
  assert.equal(shown.buttons[1].pressed, "true");
  await page.locator("#one >> .mha__grid-button").focus();
  await page.keyboard.press("Enter");
  shown = await readElement(page, "#one");
  assert.equal(shown.maps.length, 2);
  assert.equal(shown.gridPressed, "true");
  assert.equal(await page.$eval("#one", (e) => e.view), "grid");

  // Arrow keys move between the cells inside the shadow root.
  await page.locator("#one >> td.heatmap__cell").first().focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const active = await page.$eval("#one", (e) => {
    const td = e.shadowRoot.activeElement;
    return {
      row: td.dataset.row,
      col: td.dataset.col,
      readout: td.closest(".mha__map").querySelector(".heatmap__readout")
        .textContent,
    };
  });
  assert.deepEqual(
    { row: active.row, col: active.col },
    { row: "1", col: "1" },
  );
  assert.match(active.readout, /^sing → sing: \d+%$/);

  // causal (boolean attribute, through the property): masked cells.
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e) => (e.causal = true)),
  );
  shown = await readElement(page, "#one");
  const n = runConstructed(mha, sentence).tokens.length;
  assert.equal(shown.maps[0].masked, (n * (n - 1)) / 2);
  assertHead(shown.maps[0], sentence, 2, true);
  assertHead(shown.maps[1], sentence, 5, true);
  // The focused cell kept its focus through the redraw.
  assert.deepEqual(
    await page.$eval("#one", (e) => {
      const td = e.shadowRoot.activeElement;
      return [td?.tagName, td?.dataset.row, td?.dataset.col];
    }),
    ["TD", "1", "1"],
  );

  // The heads property also takes an array.
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e) => (e.heads = ["sink", "positional"])),
  );
  assert.deepEqual(
    (await readElement(page, "#one")).maps.map((m) => m.caption),
    ["Head 6 · Weird: attention sink", "Head 1 · Positional"],
  );

  // Bad values: a message inside the element, never a throw.
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e) => {
      e.heads = "copy, nope";
      e.view = "sideways";
    }),
  );
  shown = await readElement(page, "#one");
  assert.equal(shown.maps.length, 1, "the known head is still shown");
  assert.ok(shown.messages.some((m) => m.includes("“nope”")));
  assert.ok(shown.messages.some((m) => m.includes('view="sideways"')));
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e) => (e.sentence = "   ")),
  );
  shown = await readElement(page, "#one");
  assert.ok(shown.messages.some((m) => m.startsWith("Type a sentence")));
  assert.equal(shown.maps.length, 1, "the last good heatmap stays");
  assert.equal(await page.$eval("#one", (e) => e.problem !== null), true);

  // The reader's text is text, never markup.
  const attack = "<img src=x onerror=alert(1)> hello";
  await afterUpdate(page, "#one", () =>
    page.$eval("#one", (e, s) => (e.sentence = s), attack),
  );
  assert.equal(
    await page.$eval("#one", (e) => e.shadowRoot.querySelector("img")),
    null,
  );
  assert.equal(
    await page.$eval(
      "#one",
      (e) => e.shadowRoot.querySelector(".mha__sentence-text").textContent,
    ),
    attack,
  );

  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("axe-core finds no serious or critical violation in the element (light and dark)", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, problems } = await open("tests/browser/pages/embed-two.html");
    await page.emulateMedia({ colorScheme });
    await settled(page);
    // Through a URL of the same origin: the CSP forbids an inline script.
    await page.addScriptTag({ url: url("node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, {
        resultTypes: ["violations"],
        // Experimental in axe, so off by default: WCAG 2.5.3, visible text
        // is part of the accessible name.
        rules: { "label-content-name-mismatch": { enabled: true } },
      });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes[0].target.join(" ")}`);
    });
    assert.deepEqual(violations, [], colorScheme);
    await screenshot(page, `embed-two-${colorScheme}`);
    await page.close();
  }
});

test("two elements share one page and one wasm instance", async () => {
  const { page, problems } = await open("tests/browser/pages/embed-two.html");
  await settled(page);
  // Count the fetches of a fresh load of the page.
  let wasm = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("mha_core.wasm")) wasm += 1;
  });
  await page.reload();
  await settled(page);
  assert.equal(wasm, 1, "the wasm binary is fetched once");

  const first = await readElement(page, "#first");
  assert.equal(first.title, "Looking one token back");
  assert.equal(first.maps.length, 1);
  assertHead(first.maps[0], "The clever fox jumped", 1);
  const second = await readElement(page, "#second");
  assert.equal(second.maps.length, 3);
  const text = "A small dog barked at the mail carrier";
  [3, 4, 5].forEach((h, k) => assertHead(second.maps[k], text, h, true));

  // Changing one leaves the other alone.
  await page.$eval("#first", (e) => (e.sentence = "Cats nap"));
  await page.waitForFunction(
    () => document.querySelector("#first").tokens.join(" ") === "Cats nap",
  );
  assertHead((await readElement(page, "#first")).maps[0], "Cats nap", 1);
  assertHead((await readElement(page, "#second")).maps[0], text, 3, true);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the element from a sub-path (/course/week3/) under the strict CSP", async () => {
  const sub = await launch(
    {
      root: "web",
      base: "/course/week3/",
      csp: CSP,
      mounts: { "/pages/": "tests/browser/pages" },
    },
    { viewport: { width: 375, height: 800 } },
  );
  try {
    const opened = await openPage(
      sub.context,
      new URL("pages/embed-subpath.html", sub.server.url).href,
    );
    const { page, problems } = opened;
    const requests = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    await page.reload();
    await settled(page);
    const shown = await readElement(page, "#one");
    assert.equal(shown.maps.length, 2);
    const text = "Attention heads read the sentence";
    assertHead(shown.maps[0], text, 0);
    assertHead(shown.maps[1], text, 2);
    // Every file came from under the sub-path, the stylesheets included.
    assert.ok(requests.length > 5);
    for (const path of requests)
      assert.ok(path.startsWith("/course/week3/"), path);
    assert.ok(requests.some((p) => p.endsWith("/components/heatmap.css")));
    assert.ok(requests.some((p) => p.endsWith("/embed/element.css")));
    const link = await page.$eval(
      "#one",
      (e) => e.shadowRoot.querySelector(".mha__note a").href,
    );
    assert.equal(new URL(link).pathname, "/course/week3/index.html");

    // editable: the reader types, the element recomputes.
    const input = page.locator("#one >> input[type=text]");
    await input.fill("Dogs bark loudly");
    await page.waitForFunction(
      () => document.querySelector("#one").tokens.length === 3,
    );
    assertHead(
      (await readElement(page, "#one")).maps[0],
      "Dogs bark loudly",
      0,
    );
    // Styled from its shadow stylesheet: cells have room, nothing overflows.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `${overflow}px wider than the screen`);
    await screenshot(page, "embed-subpath-375");
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await sub.close();
  }
});

test("the iframe page with parameters, inside an outer page", async () => {
  const { page, problems } = await open(
    "tests/browser/pages/embed-iframe.html",
  );
  // The frames load lazily: bring each into view, then find it.
  const frameOf = async (id) => {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    const handle = await page.waitForSelector(`#${id}`);
    let frame = await handle.contentFrame();
    while (!frame || frame.url() === "about:blank") {
      await page.waitForTimeout(50);
      frame = await handle.contentFrame();
    }
    return frame;
  };
  const headsFrame = await frameOf("heads-frame");
  const projectFrame = await frameOf("project-frame");
  for (const frame of [headsFrame, projectFrame]) {
    await frame.waitForSelector("html[data-ready=true]", {
      state: "attached",
      timeout: 20000,
    });
  }
  // section=heads&heads=previous&view=single: the element, one head.
  const text = "A cat sat on the mat";
  await settled(headsFrame);
  assert.equal(
    await headsFrame.textContent("h2"),
    "Interactive: several heads on your sentence",
  );
  const shown = await readElement(headsFrame, "mha-heads");
  assert.equal(shown.maps.length, 1);
  assertHead(shown.maps[0], text, 1);
  const open1 = new URL(await headsFrame.getAttribute("#embed-open", "href"));
  assert.equal(open1.pathname, "/web/index.html");
  assert.equal(open1.hash, "#heads");
  assert.equal(open1.searchParams.get("sentence"), text);

  // section=project: section #project on its own, on the same sentence.
  assert.equal(
    await projectFrame.textContent("h2"),
    "Concatenate, then project",
  );
  assert.ok(
    (await projectFrame.$eval("#embed-root", (e) => e.children.length)) > 0,
  );
  assert.equal(await projectFrame.textContent(".project-sentence"), text);
  assert.equal(
    await projectFrame.title(),
    "Concatenate, then project · Multi-head attention, computed live",
  );
  await screenshot(page, "embed-iframes");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the iframe page: section #heads whole, in the view the URL asks for", async () => {
  const { page, problems } = await open(
    "web/embed.html?section=heads&sentence=Dogs%20chase%20cats&head=semantic&causal=1",
  );
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
  assert.equal(await page.inputValue("#heads-sentence"), "Dogs chase cats");
  assert.equal(await page.isChecked("#heads-causal"), true);
  assert.equal(
    await page.getAttribute('#embed-root [data-head="4"]', "aria-pressed"),
    "true",
  );
  const caption = await page.textContent("#embed-root table.heatmap caption");
  assert.equal(caption, "Head 5 · Semantic");

  // An unknown section: said so, and section #heads is shown.
  const other = await open("web/embed.html?section=nope");
  await other.page.waitForSelector("html[data-ready=true]", {
    state: "attached",
  });
  assert.match(await other.page.textContent(".error"), /no section “nope”/);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
  await other.page.close();
  await page.close();
});

test("share link and embed code round trip on the main page", async () => {
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(env.server.url).origin,
  });
  const { page, problems } = await open("web/index.html");
  await page.waitForSelector("html[data-ready=true]", { state: "attached" });
  const sentence = "Quick brown foxes & lazy dogs";
  await page.fill("#heads-sentence", sentence);
  await page.click('#heads [data-head="1"]'); // head 2, previous token
  await page.click(".heads-button--grid"); // grid on …
  await page.click(".heads-button--grid"); // … and off again
  const tools = page.locator("#heads .section-tools");
  await tools.getByRole("button", { name: "Share link" }).click();
  await page.waitForFunction(() =>
    document
      .querySelector("#heads .section-tools__status")
      .textContent.startsWith("Copied"),
  );
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const parsed = new URL(link);
  assert.equal(parsed.searchParams.get("sentence"), sentence);
  assert.equal(parsed.searchParams.get("head"), "previous");
  assert.equal(parsed.searchParams.get("view"), "single");
  assert.equal(parsed.hash, "#heads");

  // Open it: the same sentence and head, scrolled to section #heads.
  const restored = await open(link.replace(env.server.url, ""));
  await restored.page.waitForSelector("html[data-ready=true]", {
    state: "attached",
  });
  assert.equal(await restored.page.inputValue("#heads-sentence"), sentence);
  assert.equal(
    await restored.page.getAttribute('#heads [data-head="1"]', "aria-pressed"),
    "true",
  );
  assert.equal(
    await restored.page.textContent("#heads table.heatmap caption"),
    "Head 2 · Previous token",
  );
  const top = await restored.page.$eval(
    "#heads",
    (s) => s.getBoundingClientRect().top,
  );
  assert.ok(Math.abs(top) < 50, `#heads is at the top (${top}px)`);
  assert.deepEqual(restored.problems, []);
  await restored.page.close();

  // Grid on and the causal mask, then the embed code of section #heads.
  await page.click(".heads-button--grid");
  await page.check("#heads-causal");
  await tools.getByRole("button", { name: "Copy embed code" }).click();
  await page.waitForFunction(() =>
    document
      .querySelector("#heads .section-tools__status")
      .textContent.includes("embed code"),
  );
  const code = await page.evaluate(() => navigator.clipboard.readText());
  const match = code.match(
    /^<iframe src="([^"]+)" title="([^"]+)" width="100%" height="(\d+)" loading="lazy" style="border:0"><\/iframe>$/,
  );
  assert.ok(match, code);
  const src = new URL(match[1]);
  assert.equal(src.pathname, "/web/embed.html");
  assert.equal(src.searchParams.get("section"), "heads");
  assert.equal(src.searchParams.get("sentence"), sentence);
  assert.equal(src.searchParams.get("view"), "grid");
  assert.equal(src.searchParams.get("causal"), "1");
  assert.match(match[2], /^Multi-head attention: Interactive/);
  const framed = await open(match[1].replace(env.server.url, ""));
  await framed.page.waitForSelector("html[data-ready=true]", {
    state: "attached",
  });
  assert.equal(await framed.page.inputValue("#heads-sentence"), sentence);
  assert.equal(await framed.page.isChecked("#heads-causal"), true);
  assert.equal(
    await framed.page.getAttribute(".heads-button--grid", "aria-pressed"),
    "true",
  );
  assert.equal(
    await framed.page.locator("#embed-root table.heatmap").count(),
    6,
  );
  assert.deepEqual(framed.problems, []);
  await framed.page.close();

  // Without the Clipboard API: the text is shown, selected, for copying.
  await page.evaluate(() =>
    Object.defineProperty(navigator, "clipboard", { value: undefined }),
  );
  const projectTools = page.locator("#project .section-tools");
  await projectTools.getByRole("button", { name: "Share link" }).click();
  const area = projectTools.locator("textarea");
  await area.waitFor();
  const manual = await area.inputValue();
  assert.equal(new URL(manual).hash, "#project");
  assert.equal(
    await area.evaluate((t) => t.selectionEnd - t.selectionStart),
    manual.length,
  );
  assert.equal(await area.evaluate((t) => t === document.activeElement), true);
  assert.match(
    await projectTools.locator(".section-tools__status").textContent(),
    /selected below/,
  );
  assert.equal(
    await page.locator("main section .section-tools").count(),
    SECTIONS.length,
    "one toolbar per section",
  );

  // The element snippet (for a heatmap's own embed code) parses back.
  const parsed2 = await page.evaluate(async (text) => {
    const { elementCode } = await import("./components/section-tools.js");
    const code = elementCode({
      script: new URL("mha-embed.js", location.href).href,
      sentence: text,
      heads: ["previous", "sink"],
      view: "grid",
      causal: true,
    });
    const doc = new DOMParser().parseFromString(code, "text/html");
    const element = doc.querySelector("mha-heads");
    return {
      script: doc.querySelector("script").src,
      attributes: Object.fromEntries(
        [...element.attributes].map((a) => [a.name, a.value]),
      ),
    };
  }, 'Tom & "Jerry" <b>ran</b>');
  assert.equal(new URL(parsed2.script).pathname, "/web/mha-embed.js");
  assert.deepEqual(parsed2.attributes, {
    sentence: 'Tom & "Jerry" <b>ran</b>',
    heads: "previous,sink",
    view: "grid",
    causal: "",
  });
  assert.deepEqual(problems, []);
  await page.close();
});
