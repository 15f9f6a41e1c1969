// Export of heatmaps (SVG, and the PNG's size formula) and of forward results
// (JSON), checked in Node against the real forward() of the wasm core. The
// browser test (tests/browser/export.test.mjs) parses the same SVG with
// DOMParser and decodes the PNG.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createMHA } from "mha-explainer";
import {
  escapeXML,
  heatmapSVG,
  heatmapSize,
  pngSize,
  safeFilename,
} from "../../web/components/export.js";
import { forwardResultJSON } from "mha-explainer/result-json.js";
import { percent } from "../../web/components/heatmap.js";
import { textColorOn, viridisRGB } from "../../web/components/colormap.js";
import {
  NASTY_TOKENS,
  constructedHeatmap,
  constructedRun,
  nastyHeatmap,
  nastyRun,
} from "../browser/pages/export-data.js";

let mha;
before(async () => {
  mha = await createMHA();
});

/** Each cell's rect and the text drawn on it, in document order. */
function cellsOf(svg) {
  const re =
    /<rect class="cell( masked)?" data-row="(\d+)" data-col="(\d+)"[^>]* fill="([^"]+)"><title>([^<]*)<\/title><\/rect>\n(?:<rect class="highlight"[^>]*\/>\n)?<text [^>]*fill="([^"]+)">([^<]*)<\/text>/g;
  return [...svg.matchAll(re)].map((m) => ({
    masked: Boolean(m[1]),
    i: Number(m[2]),
    j: Number(m[3]),
    fill: m[4],
    title: m[5],
    color: m[6],
    text: m[7],
  }));
}

const hex = (rgb) =>
  "#" + rgb.map((c) => c.toString(16).padStart(2, "0")).join("");

function unescapeXML(s) {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function assertSVGStructure(svg, data) {
  const n = data.tokens.length;
  const { width, height } = heatmapSize(data);
  assert.ok(svg.startsWith("<svg "), "starts with <svg");
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.match(
    svg,
    new RegExp(
      `^<svg [^>]*width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ),
  );
  assert.match(svg, /role="img"/);
  assert.match(svg, /<title id="mha-heatmap-title">[^<]+<\/title>/);
  assert.match(svg, /<desc id="mha-heatmap-desc">[^<]+<\/desc>/);
  // No external resource, no style element or attribute (strict CSP).
  assert.doesNotMatch(svg, /href=|<style|style=|@import|url\((?!#)/);
  // Every "&" starts an entity; no raw markup from the tokens.
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|apos);)/);
  assert.doesNotMatch(svg, /<img|<script|onerror=alert\(1\)>/i);
  // Tags balance (a cheap well-formedness check; the browser test parses it).
  const opened = [...svg.matchAll(/<([a-zA-Z]+)[\s>]/g)].length;
  const selfClosed = [...svg.matchAll(/<[a-zA-Z][^>]*\/>/g)].length;
  const closed = [...svg.matchAll(/<\/[a-zA-Z]+>/g)].length;
  assert.equal(opened, selfClosed + closed, "every element is closed");
  assert.equal([...svg.matchAll(/<rect class="cell/g)].length, n * n);
}

test("the SVG of the constructed heads: structure, one rect and the right percentage per cell", () => {
  const run = constructedRun(mha);
  const data = constructedHeatmap(run);
  const n = data.tokens.length;
  const svg = heatmapSVG(data);
  assertSVGStructure(svg, data);

  const cells = cellsOf(svg);
  assert.equal(cells.length, n * n, "every cell has its rect and its text");
  let masked = 0;
  for (const c of cells) {
    const k = c.i * n + c.j;
    const w = data.weights[k];
    if (data.scores[k] === -Infinity) {
      masked++;
      assert.ok(c.masked, `cell ${c.i},${c.j} is drawn masked`);
      assert.equal(c.text, "–");
      assert.equal(c.fill, "url(#mha-heatmap-hatch)");
      assert.equal(w, 0);
    } else {
      assert.ok(!c.masked);
      assert.equal(c.text, percent(w), `cell ${c.i},${c.j}`);
      // Viridis of the weight, and the text colour that contrasts with it.
      assert.equal(c.fill, hex(viridisRGB(w)), `colour of ${c.i},${c.j}`);
      assert.equal(c.color, textColorOn(w));
      assert.ok(unescapeXML(c.title).endsWith(`: ${percent(w)}`));
    }
  }
  assert.ok(masked > 0, "the causal run has masked cells");
  assert.equal(
    [...svg.matchAll(/<rect class="highlight"/g)].length,
    data.highlight.size,
  );
  assert.match(svg, />masked<\/text>/, "the legend explains masked cells");
  for (const t of ["0%", "50%", "100%"]) {
    assert.match(svg, new RegExp(`>${t}</text>`), `legend tick ${t}`);
  }
  assert.match(svg, /<linearGradient id="mha-heatmap-legend"/);
  // Viridis at both ends of the legend: dark purple to yellow.
  assert.match(svg, /<stop offset="0" stop-color="#440154"\/>/);
  assert.match(svg, /<stop offset="1" stop-color="#fde725"\/>/);
  // Token labels: keys across the top, queries down the side.
  for (const t of data.tokens) {
    assert.equal([...svg.matchAll(new RegExp(`>${t}</text>`, "g"))].length, 2);
  }
});

test("the SVG escapes every token, cuts long labels and keeps full tokens in the description", () => {
  const run = nastyRun(mha);
  const data = nastyHeatmap(run);
  const svg = heatmapSVG(data);
  assertSVGStructure(svg, data);
  const desc = unescapeXML(svg.match(/<desc[^>]*>([^<]*)<\/desc>/)[1]);
  for (const t of NASTY_TOKENS) {
    assert.ok(svg.includes(escapeXML(t)), `token ${t} appears escaped`);
    assert.ok(desc.includes(t), `token ${t} in the description`);
  }
  assert.ok(svg.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(svg.includes("Tom &amp; Jerry"));
  assert.ok(svg.includes("&lt;odd&gt; &amp; “unusual”"), "title escaped");
  // Long labels end in "…" on the axes (14 characters at most).
  const long = "supercalifragilisticexpialidocious";
  assert.equal([...svg.matchAll(/>supercalifrag…<\/text>/g)].length, 2);
  assert.equal([...svg.matchAll(new RegExp(`>${long}</text>`, "g"))].length, 0);
  // A label wider than a cell turns the key labels by 45°.
  assert.match(svg, /transform="rotate\(-45 /);
  const cells = cellsOf(svg);
  const n = NASTY_TOKENS.length;
  assert.equal(cells.length, n * n);
  for (const c of cells) {
    assert.equal(c.text, percent(data.weights[c.i * n + c.j]));
  }
});

test("the SVG survives characters XML forbids and tolerates token objects", () => {
  const svg = heatmapSVG({
    tokens: [{ text: "a\u0000b" }, "c\u001bd"],
    weights: [1, 0, 0.5, 0.5],
    title: "bad\u0007 chars",
  });
  assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  assert.ok(svg.includes("a\uFFFDb") && svg.includes("c\uFFFDd"));
  assert.equal([...svg.matchAll(/<rect class="cell"/g)].length, 4);
  assert.ok(svg.includes(">50%</text>"));
  assert.doesNotMatch(
    svg,
    /<rect class="cell masked"/,
    "no scores: nothing masked",
  );
  assert.doesNotMatch(svg, />masked<\/text>/);
});

test("two SVGs on one page can use different id prefixes", () => {
  const data = { tokens: ["a"], weights: [1], title: "t" };
  const svg = heatmapSVG(data, { idPrefix: "head-2" });
  assert.match(svg, /aria-labelledby="head-2-title head-2-desc"/);
  assert.match(svg, /fill="url\(#head-2-legend\)"/);
  assert.doesNotMatch(svg, /mha-heatmap/);
});

test("bad heatmap data is refused with a clear error", () => {
  assert.throws(
    () => heatmapSVG({ tokens: ["a", "b"], weights: [1, 0, 0], title: "t" }),
    { name: "RangeError", message: /n × n = 4/ },
  );
  assert.throws(() => heatmapSVG({ weights: [1] }), TypeError);
  assert.throws(
    () => pngSize({ tokens: ["a"], weights: [1], title: "t" }, { scale: 0 }),
    RangeError,
  );
});

test("the PNG size is the picture's size times the scale, capped at 8192 px a side", () => {
  const data = constructedHeatmap(constructedRun(mha));
  const size = heatmapSize(data);
  for (const scale of [1, 2, 1.5, 3]) {
    assert.deepEqual(pngSize(data, { scale }), {
      width: Math.round(size.width * scale),
      height: Math.round(size.height * scale),
      scale,
    });
  }
  assert.deepEqual(pngSize(data), pngSize(data, { scale: 2 }));
  // A picture grows with its tokens: 45 px a column, 34 px a row.
  const grown = {
    ...data,
    tokens: [...data.tokens, "x"],
    weights: new Float32Array(25),
    scores: undefined,
  };
  const bigger = heatmapSize(grown);
  assert.equal(bigger.height - size.height, 34);
  // Huge maps are scaled down to stay within what a canvas can hold.
  const n = 300;
  const huge = {
    tokens: Array.from({ length: n }, (_, i) => `t${i}`),
    weights: new Float32Array(n * n),
    title: "huge",
  };
  const big = pngSize(huge, { scale: 2 });
  assert.ok(Math.max(big.width, big.height) <= 8192);
  assert.ok(big.scale < 2);
});

test("JSON of a forward result: arrays equal forward(), shapes multiply to the lengths, masked scores are null", () => {
  const run = constructedRun(mha);
  const r = run.result;
  const tokens = run.tokens.map((t) => t.text);
  const text = forwardResultJSON(r, {
    tokens,
    inputs: { x: run.x },
    version: mha.version,
  });
  const json = JSON.parse(text);
  assert.equal(json.format, "mha-explainer/forward-result@2");
  for (const key of ["n", "dModel", "headCount", "dK", "causal"]) {
    assert.equal(json[key], r[key], key);
  }
  assert.deepEqual(json.tokens, tokens);
  assert.equal(json.version, mha.version);
  assert.deepEqual(Float32Array.from(json.inputs.x), run.x);

  const arrays = Object.keys(r).filter((k) => ArrayBuffer.isView(r[k]));
  assert.deepEqual(arrays.sort(), Object.keys(json.shapes).sort());
  const { n, dModel, headCount: H, dK } = r;
  const want = {
    q: [H, n, dK],
    k: [H, n, dK],
    v: [H, n, dK],
    scores: [H, n, n],
    weights: [H, n, n],
    headOutputs: [H, n, dK],
    concat: [n, dModel],
    output: [n, dModel],
    contributions: [H, n, dModel],
    contributionNorms: [H, n],
  };
  assert.deepEqual(json.shapes, want);
  let masked = 0;
  for (const key of arrays) {
    const got = json[key];
    assert.ok(Array.isArray(got), `${key} is a plain array`);
    assert.equal(
      json.shapes[key].reduce((a, b) => a * b, 1),
      r[key].length,
      `${key}: shape × = length`,
    );
    assert.equal(got.length, r[key].length);
    assert.equal(typeof json.layout[key], "string");
    for (let i = 0; i < got.length; i++) {
      if (r[key][i] === -Infinity) {
        masked++;
        assert.equal(got[i], null, `${key}[${i}] masked → null`);
      } else {
        // Exactly the same float32 (written with the fewest digits).
        assert.equal(Math.fround(got[i]), r[key][i], `${key}[${i}]`);
      }
    }
  }
  assert.ok(masked > 0, "the causal run has masked scores");
  assert.deepEqual(
    Float32Array.from(json.scores, (v) => (v === null ? -Infinity : v)),
    r.scores,
  );
  assert.deepEqual(Float32Array.from(json.weights), r.weights);
  assert.ok(json.notes.some((s) => /null/.test(s) && /-Infinity/.test(s)));
  assert.equal(
    json.layout.weights,
    "weights[h * n * n + i * n + j]",
    "index formula",
  );
  // The index formula holds: head h, query i, key j.
  for (const [h, i, j] of [
    [1, 2, 1],
    [H - 1, n - 1, 0],
  ]) {
    assert.equal(
      Math.fround(json.weights[h * n * n + i * n + j]),
      r.weights[h * n * n + i * n + j],
    );
  }
  // Readable numbers: no float32 needs more than 9 significant digits.
  // (JSON prints a number as String(number), so this checks the file's text.)
  const digits = (v) =>
    String(v).replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "")
      .length;
  for (const key of arrays) {
    const long = json[key].find((v) => v !== null && digits(v) > 9);
    assert.equal(long, undefined, `${key}: ${long} has more than 9 digits`);
  }
  assert.ok(text.includes(`"weights": [${json.weights.join(",")}]`));
});

test("JSON: a non-causal run has no null, and extra fields may not overwrite the result", () => {
  const run = nastyRun(mha);
  const json = JSON.parse(
    forwardResultJSON(run.result, { tokens: NASTY_TOKENS }),
  );
  assert.equal(json.causal, false);
  assert.deepEqual(json.tokens, NASTY_TOKENS);
  assert.ok(!json.scores.includes(null));
  assert.deepEqual(Float32Array.from(json.output), run.result.output);
  assert.deepEqual(
    Float32Array.from(json.contributionNorms),
    run.result.contributionNorms,
  );
  assert.throws(
    () => forwardResultJSON(run.result, { weights: [] }),
    TypeError,
  );
  assert.throws(() => forwardResultJSON(run.result, { n: 3 }), TypeError);
  assert.throws(() => forwardResultJSON({}), TypeError);
});

test("file names are sanitized", () => {
  assert.equal(safeFilename("heads-previous", "svg"), "heads-previous.svg");
  assert.equal(safeFilename("odd tokens <&> é/..", "png"), "odd-tokens-e.png");
  assert.equal(safeFilename("../../etc/passwd", "json"), "etc-passwd.json");
  assert.equal(safeFilename("", "png"), "heatmap.png");
  assert.equal(safeFilename("<>", "png"), "heatmap.png");
  assert.equal(safeFilename("a".repeat(200), "png").length, 84);
});
