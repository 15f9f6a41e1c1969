// The whole explainer page in Chromium: it loads offline with no console
// error and no request to another origin, passes axe-core with no serious or
// critical violation in light and dark schemes, fits a 360 px screen, every
// control is reachable by keyboard, and each section is photographed at
// 1280 and 375 px (test-results/, kept as CI artifacts and looked at).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launch, openPage, screenshot, ARTIFACTS } from "./browser.mjs";

const AXE = fileURLToPath(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
);
const SECTIONS = [
  "why",
  "mechanism",
  "heads",
  "learn",
  "examples",
  "project",
  "parallel",
  "real-model",
  "training",
  "takeaways",
];

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function ready(width = 1280, colorScheme = "light") {
  const { page, problems } = await openPage(env.context, env.server.url);
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.waitForSelector("html[data-ready=true]", { timeout: 30000 });
  return { page, problems };
}

test("the page loads every section with no console error and no request elsewhere", async () => {
  const { page, problems } = await ready();
  for (const id of SECTIONS) {
    const filled = await page.$eval(
      `[data-section="${id}"]`,
      (el) => el.children.length,
    );
    assert.ok(filled > 0, `section ${id} is empty`);
  }
  assert.equal(await page.isHidden("#load-status"), true);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical violation (${colorScheme})`, async () => {
    const { page, problems } = await ready(1280, colorScheme);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, {
        resultTypes: ["violations"],
        // Experimental in axe, so off by default: WCAG 2.5.3, visible text
        // is part of the accessible name.
        rules: { "label-content-name-mismatch": { enabled: true } },
      });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0].target.join(" ")}`,
        );
    });
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("at 360 px nothing overflows the page sideways", async () => {
  const { page } = await ready(360);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.close();
});

test("every control can be reached with the Tab key", async () => {
  const { page } = await ready();
  // A radio group is one Tab stop (arrow keys move within it): count it once.
  const controls = await page.$$eval(
    "main button, main input, main select, main summary, main a[href]",
    (els) => {
      const visible = els.filter((e) => e.offsetParent !== null && !e.disabled);
      const groups = new Set();
      return visible.filter((e) => {
        if (e.type !== "radio") return true;
        if (groups.has(e.name)) return false;
        groups.add(e.name);
        return true;
      }).length;
    },
  );
  const reached = new Set();
  for (let i = 0; i < controls + 80 && reached.size < controls; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      if (
        !el ||
        !el.closest("main") ||
        !el.matches("button, input, select, summary, a[href]")
      )
        return null;
      if (el.type === "radio") return `radio:${el.name}`;
      if (!el.dataset.tabProbe) el.dataset.tabProbe = String(Math.random());
      return el.dataset.tabProbe;
    });
    if (id) reached.add(id);
  }
  assert.equal(
    reached.size,
    controls,
    `${reached.size} of ${controls} controls reached by Tab`,
  );
  await page.close();
});

for (const width of [1280, 375]) {
  test(`screenshots of every section at ${width} px`, async () => {
    const { page } = await ready(width);
    for (const id of SECTIONS) {
      const section = await page.$(`#${id}`);
      const box = await section.boundingBox();
      assert.ok(box.height > 60, `section ${id} has content`);
      assert.ok(
        box.x >= 0 && box.x + box.width <= width + 1,
        `section ${id} fits ${width} px`,
      );
      const path = fileURLToPath(
        new URL(`section-${id}-${width}.png`, ARTIFACTS),
      );
      await section.screenshot({ path });
    }
    await screenshot(page, `page-${width}`);
    await page.close();
  });
}

test("the dark scheme turns the page dark, text light (screenshot saved)", async () => {
  const { page } = await ready(1280, "dark");
  const [bg, fg] = await page.evaluate(() => {
    const lum = (c) => {
      const [r, g, b] = c.match(/\d+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const style = getComputedStyle(document.body);
    return [lum(style.backgroundColor), lum(style.color)];
  });
  assert.ok(bg < 0.2 && fg > 0.7, `background ${bg}, text ${fg}`);
  const path = fileURLToPath(new URL("section-heads-dark.png", ARTIFACTS));
  await (await page.$("#heads")).screenshot({ path });
  await page.close();
});
