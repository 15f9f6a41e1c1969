// Export of an attention heatmap as an image (SVG or PNG), and the download
// helpers, for course authors who want a picture outside the page. Pure
// functions: nothing here calls the core. The JSON of a whole forward()
// result is the API's job: web/lib/result-json.js.
//
// API (all named exports):
//
//   heatmapSVG(data, options?) → string
//     A self-contained SVG document (no external fonts, CSS or images; only
//     presentation attributes, so it also works inlined under a strict CSP).
//   heatmapSize(data) → { width, height }
//     The picture's size in CSS pixels (= SVG user units), the same for SVG
//     and PNG: both are drawn from one layout.
//   pngSize(data, { scale = 2 }?) → { width, height, scale }
//     The PNG's size in device pixels:
//       scale'  = min(scale, 8192 / max(heatmapSize.width, heatmapSize.height))
//       width   = round(heatmapSize.width  · scale')
//       height  = round(heatmapSize.height · scale')
//     (scale' equals scale unless the picture would exceed 8192 px a side.)
//   drawHeatmapPNG(canvas, data, { scale = 2 }?) → { width, height, scale }
//     Sizes `canvas` (an HTMLCanvasElement or OffscreenCanvas) to pngSize()
//     and draws the same picture with the Canvas 2D API (fillRect/fillText),
//     never by loading the SVG as an image: a strict CSP (img-src 'self')
//     blocks blob: and data: images.
//   heatmapPNGBlob(data, { scale = 2 }?) → Promise<Blob>   (image/png)
//   downloadBlob(blob, filename), downloadText(text, filename, type?)
//     Save through an <a download> and an object URL (revoked afterwards).
//   safeFilename(name, extension) → string
//     e.g. safeFilename("heads previous", "svg") === "heads-previous.svg"
//   escapeXML(text) → string   (&, <, >, ", ' escaped; characters XML
//     forbids become U+FFFD)
//
// HeatmapData for the pictures (the data of renderHeatmap, plus a title):
//   { tokens: (string | { text: string })[],
//     weights: ArrayLike<number>   n × n, weights[i * n + j], query i, key j
//     scores?: ArrayLike<number>   n × n; -Infinity marks a masked cell
//     title: string,
//     subtitle?: string            default "Rows: query token · Columns: key token"
//     highlight?: Iterable<string> cells to outline, as "i,j" }
//
// The picture: a title and subtitle; key tokens across the top (rotated 45°
// when one is wider than a cell), query tokens down the left (labels longer
// than 14 characters end in "…"); n × n cells in viridis with the
// percentage (percent() of format.js) in black or white, whichever
// contrasts more; masked cells hatched grey with "–"; a colour legend
// 0%–100% below. Always on a white background, whatever the page's theme.
import { textColorOn, viridisRGB } from "./colormap.js";
import { percent } from "./format.js";

const FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', sans-serif";
const COLORS = Object.freeze({
  background: "#ffffff",
  text: "#1b1d21",
  muted: "#5a5f69",
  panel: "#f3f5f8",
  border: "#c9ced6",
  highlight: "#d6336c",
});
const PAD = 16;
const GAP = 2;
const CELL_W = 44;
const CELL_H = 32;
const LABEL_GAP = 6;
const FONT_TITLE = 16;
const FONT_SUBTITLE = 12;
const FONT_LABEL = 12;
const FONT_CELL = 11;
const FONT_LEGEND = 11;
const LEGEND_W = 200;
const LEGEND_H = 12;
const LEGEND_TICKS = [0, 0.25, 0.5, 0.75, 1];
const MAX_LABEL = 14; // characters of a token label before "…"
const MAX_TITLE = 100;
const MAX_SIDE = 8192; // largest PNG side, in device pixels
const SIN45 = Math.SQRT1_2;
const DEFAULT_SUBTITLE = "Rows: query token · Columns: key token";

/** Text of a token: a string, or an object with a `text` field. */
function tokenText(t) {
  return typeof t === "string" ? t : String(t?.text ?? t);
}

let segmenter;

/** Splits text into user-perceived characters where Intl.Segmenter exists. */
function characters(text) {
  segmenter ??=
    typeof Intl !== "undefined" && Intl.Segmenter
      ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
      : null;
  return segmenter
    ? Array.from(segmenter.segment(text), (s) => s.segment)
    : Array.from(text);
}

/** `text` cut to at most `max` characters, the last one being "…". */
function ellipsize(text, max) {
  if (text.length <= max) return text; // UTF-16 units ≥ characters
  const chars = characters(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

/**
 * A generous estimate of the width of `text` in px. The SVG is written
 * without a browser to measure text, so the layout uses this estimate for
 * both pictures; it errs wide, so labels do not collide.
 */
function textWidth(text, size, bold = false) {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c >= 0x1100 && isWide(c)) em += 1;
    else if (/[MWmw@%&]/.test(ch)) em += 0.92;
    else if (/[A-Z0-9#?]/.test(ch)) em += 0.72;
    else if (/[ilj.,:;'|!()[\]{} ]/.test(ch)) em += 0.36;
    else em += 0.62;
  }
  return em * size * (bold ? 1.06 : 1);
}

/** East Asian wide and full-width characters, and emoji. */
function isWide(c) {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c >= 0x1f000
  );
}

/** "#rrggbb" of an [r, g, b] colour (0–255 each). @param {number[]} rgb */
function hex([r, g, b]) {
  return "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** Weight clamped to [0, 1] (NaN → 0), for colours. */
function unit(w) {
  return Number.isFinite(w) ? Math.min(1, Math.max(0, w)) : 0;
}

/**
 * Everything both renderers draw, in CSS px: one layout, so the SVG and the
 * PNG are the same picture.
 */
function layoutHeatmap(data) {
  if (!data || !Array.isArray(data.tokens)) {
    throw new TypeError("heatmap export: data.tokens must be an array");
  }
  const tokens = data.tokens.map(tokenText);
  const n = tokens.length;
  const { weights, scores } = data;
  if (!weights || weights.length < n * n) {
    throw new RangeError(
      `heatmap export: weights must hold n × n = ${n * n} values, got ${weights?.length ?? 0}`,
    );
  }
  if (scores && scores.length < n * n) {
    throw new RangeError(
      `heatmap export: scores must hold n × n = ${n * n} values, got ${scores.length}`,
    );
  }
  const title = ellipsize(String(data.title ?? "Attention heatmap"), MAX_TITLE);
  const subtitle = String(data.subtitle ?? DEFAULT_SUBTITLE);
  const labels = tokens.map((t) => ellipsize(t, MAX_LABEL));
  const labelW = labels.map((l) => textWidth(l, FONT_LABEL, true));
  const maxLabel = Math.max(0, ...labelW);
  const rotate = labelW.some((w) => w > CELL_W - 4);

  const titleY = PAD + 13;
  const subtitleY = titleY + 20;
  const headerTop = subtitleY + 8;
  const headerH = rotate
    ? Math.ceil(maxLabel * SIN45 + FONT_LABEL * 0.8) + LABEL_GAP
    : FONT_LABEL + LABEL_GAP + 4;
  const gridLeft = PAD + Math.ceil(maxLabel) + LABEL_GAP;
  const gridTop = headerTop + headerH;
  const colX = (j) => gridLeft + j * (CELL_W + GAP);
  const rowY = (i) => gridTop + i * (CELL_H + GAP);
  const gridRight = n ? colX(n - 1) + CELL_W : gridLeft;
  const gridBottom = n ? rowY(n - 1) + CELL_H : gridTop;

  const keys = labels.map((text, j) => {
    const x = colX(j) + CELL_W / 2 + (rotate ? FONT_LABEL * 0.3 : 0);
    return { text, x, y: gridTop - LABEL_GAP, rotate };
  });
  let right = gridRight;
  if (rotate) {
    keys.forEach((k, j) => {
      right = Math.max(right, k.x + labelW[j] * SIN45 + FONT_LABEL * 0.6);
    });
  }
  const queries = labels.map((text, i) => ({
    text,
    x: gridLeft - LABEL_GAP,
    y: rowY(i) + CELL_H / 2 + FONT_LABEL * 0.35,
  }));

  const highlight = new Set(data.highlight ?? []);
  const cells = [];
  let anyMasked = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = Number(weights[i * n + j]);
      const masked = scores ? scores[i * n + j] === -Infinity : false;
      anyMasked ||= masked;
      const t = unit(w);
      cells.push({
        i,
        j,
        x: colX(j),
        y: rowY(i),
        w,
        masked,
        fill: masked ? null : hex(viridisRGB(t)),
        color: masked ? COLORS.muted : textColorOn(t),
        text: masked ? "–" : percent(w),
        highlight: highlight.has(`${i},${j}`),
        tokens: [tokens[i], tokens[j]],
      });
    }
  }

  const legendTitleY = gridBottom + 24;
  const barTop = legendTitleY + 7;
  const tickY = barTop + LEGEND_H + 15;
  const legend = {
    x: PAD,
    titleY: legendTitleY,
    barTop,
    tickY,
    ticks: LEGEND_TICKS.map((t) => ({
      t,
      x: PAD + t * LEGEND_W,
      text: percent(t),
    })),
    masked: anyMasked
      ? { x: PAD + LEGEND_W + 32, y: barTop, w: 22, h: LEGEND_H }
      : null,
  };
  let legendRight = PAD + LEGEND_W + textWidth("100%", FONT_LEGEND) / 2;
  if (legend.masked) {
    legendRight =
      legend.masked.x + legend.masked.w + 6 + textWidth("masked", FONT_LEGEND);
  }
  const width = Math.ceil(
    Math.max(
      right,
      PAD + textWidth(title, FONT_TITLE, true),
      PAD + textWidth(subtitle, FONT_SUBTITLE),
      legendRight,
    ) + PAD,
  );
  const height = Math.ceil(tickY + 4 + PAD);
  return {
    width,
    height,
    tokens,
    title,
    subtitle,
    titleY,
    subtitleY,
    keys,
    queries,
    cells,
    legend,
    anyMasked,
    n,
  };
}

/**
 * The size of the exported picture in CSS px (SVG user units).
 * @param {object} data HeatmapData (see the module header)
 * @returns {{ width: number, height: number }}
 */
export function heatmapSize(data) {
  const { width, height } = layoutHeatmap(data);
  return { width, height };
}

/**
 * The PNG's size in device pixels for a given scale (default 2):
 * round(heatmapSize · scale'), scale' = min(scale, 8192 / longest side).
 * @param {object} data HeatmapData
 * @param {{ scale?: number }} [options]
 * @returns {{ width: number, height: number, scale: number }}
 */
export function pngSize(data, { scale = 2 } = {}) {
  return pngSizeOf(layoutHeatmap(data), scale);
}

function pngSizeOf(layout, scale) {
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new RangeError(`heatmap export: scale must be > 0, got ${scale}`);
  }
  const s = Math.min(scale, MAX_SIDE / Math.max(layout.width, layout.height));
  return {
    width: Math.round(layout.width * s),
    height: Math.round(layout.height * s),
    scale: s,
  };
}

// ---------------------------------------------------------------- SVG

/** Characters XML 1.0 forbids become U+FFFD; markup characters are escaped. */
export function escapeXML(text) {
  return String(text)
    .replace(
      /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
      "\uFFFD",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const num = (v) => String(Math.round(v * 100) / 100);

/**
 * The heatmap as a self-contained SVG document.
 * @param {object} data HeatmapData (see the module header)
 * @param {{ idPrefix?: string }} [options] idPrefix: prefix of the ids
 *   inside the SVG (title, desc, gradient, hatch), for inlining several
 *   SVGs into one page (default "mha-heatmap")
 * @returns {string} `<svg xmlns=…>…</svg>`, width/height in px and a viewBox
 */
export function heatmapSVG(data, { idPrefix = "mha-heatmap" } = {}) {
  const L = layoutHeatmap(data);
  const id = String(idPrefix).replace(/[^A-Za-z0-9_-]/g, "_") || "mha-heatmap";
  const out = [];
  const text = (x, y, content, attrs = "") =>
    `<text x="${num(x)}" y="${num(y)}"${attrs}>${escapeXML(content)}</text>`;

  const desc =
    `Attention heatmap of ${L.n} tokens: each row is a query token and each ` +
    `column a key token; a cell gives the share of the query's attention ` +
    `that goes to the key, in percent` +
    (L.anyMasked ? `; cells marked "–" are masked` : "") +
    `. Tokens: ${L.tokens.join(" ")}.`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" ` +
      `viewBox="0 0 ${L.width} ${L.height}" role="img" ` +
      `aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXML(FONT)}">`,
    `<title id="${id}-title">${escapeXML(L.title)}</title>`,
    `<desc id="${id}-desc">${escapeXML(desc)}</desc>`,
    `<defs>`,
    `<linearGradient id="${id}-legend" x1="0" y1="0" x2="1" y2="0">` +
      Array.from({ length: 11 }, (_, k) => {
        const t = k / 10;
        return `<stop offset="${t}" stop-color="${hex(viridisRGB(t))}"/>`;
      }).join("") +
      `</linearGradient>`,
    `<pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" ` +
      `patternTransform="rotate(45)"><rect width="6" height="6" fill="${COLORS.panel}"/>` +
      `<rect width="2" height="6" fill="${COLORS.border}"/></pattern>`,
    `</defs>`,
    `<rect class="background" width="${L.width}" height="${L.height}" fill="${COLORS.background}"/>`,
    text(
      PAD,
      L.titleY,
      L.title,
      ` class="title" font-size="${FONT_TITLE}" font-weight="700" fill="${COLORS.text}"`,
    ),
    text(
      PAD,
      L.subtitleY,
      L.subtitle,
      ` class="subtitle" font-size="${FONT_SUBTITLE}" fill="${COLORS.muted}"`,
    ),
  );

  out.push(
    `<g class="keys" font-size="${FONT_LABEL}" font-weight="600" fill="${COLORS.text}">`,
  );
  for (const k of L.keys) {
    out.push(
      k.rotate
        ? text(
            k.x,
            k.y,
            k.text,
            ` transform="rotate(-45 ${num(k.x)} ${num(k.y)})"`,
          )
        : text(k.x, k.y, k.text, ` text-anchor="middle"`),
    );
  }
  out.push(`</g>`);
  out.push(
    `<g class="queries" font-size="${FONT_LABEL}" font-weight="600" fill="${COLORS.text}" text-anchor="end">`,
  );
  for (const q of L.queries) out.push(text(q.x, q.y, q.text));
  out.push(`</g>`);

  out.push(`<g class="cells" font-size="${FONT_CELL}" text-anchor="middle">`);
  for (const c of L.cells) {
    const label = `${c.tokens[0]} → ${c.tokens[1]}: ${c.masked ? "masked" : c.text}`;
    out.push(
      `<rect class="cell${c.masked ? " masked" : ""}" data-row="${c.i}" data-col="${c.j}" ` +
        `x="${num(c.x)}" y="${num(c.y)}" width="${CELL_W}" height="${CELL_H}" rx="3" ` +
        `fill="${c.masked ? `url(#${id}-hatch)` : c.fill}"><title>${escapeXML(label)}</title></rect>`,
    );
    if (c.highlight) {
      out.push(
        `<rect class="highlight" x="${num(c.x + 1.5)}" y="${num(c.y + 1.5)}" ` +
          `width="${CELL_W - 3}" height="${CELL_H - 3}" rx="2" fill="none" ` +
          `stroke="${COLORS.highlight}" stroke-width="3"/>`,
      );
    }
    out.push(
      text(
        c.x + CELL_W / 2,
        c.y + CELL_H / 2 + FONT_CELL * 0.35,
        c.text,
        ` fill="${c.color}"`,
      ),
    );
  }
  out.push(`</g>`);

  const g = L.legend;
  out.push(
    `<g class="legend" font-size="${FONT_LEGEND}" fill="${COLORS.text}">`,
    text(g.x, g.titleY, "Attention weight", ` font-weight="600"`),
    `<rect class="legend-bar" x="${g.x}" y="${num(g.barTop)}" width="${LEGEND_W}" ` +
      `height="${LEGEND_H}" fill="url(#${id}-legend)" stroke="${COLORS.border}" stroke-width="0.5"/>`,
  );
  for (const t of g.ticks) {
    out.push(
      `<rect x="${num(t.x - 0.5)}" y="${num(g.barTop + LEGEND_H)}" width="1" height="4" fill="${COLORS.muted}"/>`,
      text(
        t.x,
        g.tickY,
        t.text,
        ` text-anchor="middle" fill="${COLORS.muted}"`,
      ),
    );
  }
  if (g.masked) {
    const m = g.masked;
    out.push(
      `<rect class="legend-masked" x="${num(m.x)}" y="${num(m.y)}" width="${m.w}" height="${m.h}" ` +
        `fill="url(#${id}-hatch)" stroke="${COLORS.border}" stroke-width="0.5"/>`,
      text(m.x + m.w + 6, m.y + m.h - 2, "masked"),
    );
  }
  out.push(`</g>`, `</svg>`);
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------- PNG

/**
 * Draws the heatmap on `canvas` with the Canvas 2D API, after sizing the
 * canvas to pngSize(data, { scale }).
 * @param {HTMLCanvasElement | OffscreenCanvas} canvas
 * @param {object} data HeatmapData (see the module header)
 * @param {{ scale?: number }} [options] device pixels per CSS px (default 2)
 * @returns {{ width: number, height: number, scale: number }} pixel size
 */
export function drawHeatmapPNG(canvas, data, { scale = 2 } = {}) {
  const L = layoutHeatmap(data);
  const size = pngSizeOf(L, scale);
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(size.width / L.width, 0, 0, size.height / L.height, 0, 0);
  ctx.textBaseline = "alphabetic";
  const font = (px, weight = 400) => `${weight} ${px}px ${FONT}`;
  /** @type {(content: string, x: number, y: number, align?: CanvasTextAlign, maxWidth?: number) => void} */
  const fillText = (content, x, y, align = "left", maxWidth) => {
    ctx.textAlign = align;
    if (maxWidth) ctx.fillText(content, x, y, maxWidth);
    else ctx.fillText(content, x, y);
  };

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, L.width, L.height);

  ctx.fillStyle = COLORS.text;
  ctx.font = font(FONT_TITLE, 700);
  fillText(L.title, PAD, L.titleY, "left", L.width - 2 * PAD);
  ctx.fillStyle = COLORS.muted;
  ctx.font = font(FONT_SUBTITLE);
  fillText(L.subtitle, PAD, L.subtitleY, "left", L.width - 2 * PAD);

  ctx.fillStyle = COLORS.text;
  ctx.font = font(FONT_LABEL, 600);
  for (const k of L.keys) {
    if (k.rotate) {
      ctx.save();
      ctx.translate(k.x, k.y);
      ctx.rotate(-Math.PI / 4);
      fillText(k.text, 0, 0, "left");
      ctx.restore();
    } else {
      fillText(k.text, k.x, k.y, "center", CELL_W + GAP);
    }
  }
  for (const q of L.queries) fillText(q.text, q.x, q.y, "right", q.x - PAD / 2);

  ctx.font = font(FONT_CELL);
  for (const c of L.cells) {
    if (c.masked) {
      hatch(ctx, c.x, c.y, CELL_W, CELL_H, 3);
    } else {
      ctx.fillStyle = c.fill;
      roundRect(ctx, c.x, c.y, CELL_W, CELL_H, 3);
      ctx.fill();
    }
    if (c.highlight) {
      ctx.strokeStyle = COLORS.highlight;
      ctx.lineWidth = 3;
      roundRect(ctx, c.x + 1.5, c.y + 1.5, CELL_W - 3, CELL_H - 3, 2);
      ctx.stroke();
    }
    ctx.fillStyle = c.color;
    fillText(
      c.text,
      c.x + CELL_W / 2,
      c.y + CELL_H / 2 + FONT_CELL * 0.35,
      "center",
      CELL_W - 2,
    );
  }

  const g = L.legend;
  ctx.fillStyle = COLORS.text;
  ctx.font = font(FONT_LEGEND, 600);
  fillText("Attention weight", g.x, g.titleY);
  const gradient = ctx.createLinearGradient(g.x, 0, g.x + LEGEND_W, 0);
  for (let k = 0; k <= 10; k++) {
    gradient.addColorStop(k / 10, hex(viridisRGB(k / 10)));
  }
  ctx.fillStyle = gradient;
  ctx.fillRect(g.x, g.barTop, LEGEND_W, LEGEND_H);
  ctx.strokeStyle = COLORS.border;
  ctx.lineWidth = 0.5;
  ctx.strokeRect(g.x, g.barTop, LEGEND_W, LEGEND_H);
  ctx.font = font(FONT_LEGEND);
  ctx.fillStyle = COLORS.muted;
  for (const t of g.ticks) {
    ctx.fillRect(t.x - 0.5, g.barTop + LEGEND_H, 1, 4);
    fillText(t.text, t.x, g.tickY, "center");
  }
  if (g.masked) {
    const m = g.masked;
    hatch(ctx, m.x, m.y, m.w, m.h, 0);
    ctx.strokeStyle = COLORS.border;
    ctx.lineWidth = 0.5;
    ctx.strokeRect(m.x, m.y, m.w, m.h);
    ctx.fillStyle = COLORS.text;
    fillText("masked", m.x + m.w + 6, m.y + m.h - 2);
  }
  return size;
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  if (r > 0 && typeof ctx.roundRect === "function")
    ctx.roundRect(x, y, w, h, r);
  else ctx.rect(x, y, w, h);
}

/** A cell filled like the SVG's hatch pattern: grey stripes at 45°. */
function hatch(ctx, x, y, w, h, r) {
  ctx.save();
  roundRect(ctx, x, y, w, h, r);
  ctx.clip();
  ctx.fillStyle = COLORS.panel;
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = COLORS.border;
  ctx.lineWidth = 2;
  ctx.beginPath();
  const step = 6 / SIN45 / 2; // the pattern's 6 px period, measured along x
  for (let d = -h; d < w + h; d += step * 2) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

/**
 * The heatmap as a PNG blob (drawn by drawHeatmapPNG on a fresh canvas: a
 * <canvas> element where there is a document, else an OffscreenCanvas).
 * @param {object} data HeatmapData (see the module header)
 * @param {{ scale?: number }} [options] default scale 2; see pngSize()
 * @returns {Promise<Blob>} image/png of pngSize(data, options) pixels
 */
export async function heatmapPNGBlob(data, options = {}) {
  if (typeof document !== "undefined") {
    const canvas = document.createElement("canvas");
    drawHeatmapPNG(canvas, data, options);
    return new Promise((resolve, reject) => {
      canvas.toBlob(
        (blob) =>
          blob ? resolve(blob) : reject(new Error("the canvas gave no PNG")),
        "image/png",
      );
    });
  }
  if (typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(1, 1);
    drawHeatmapPNG(canvas, data, options);
    return canvas.convertToBlob({ type: "image/png" });
  }
  throw new Error("heatmapPNGBlob needs a browser (a canvas)");
}

// ---------------------------------------------------------------- saving

/**
 * A file name from free text: letters, digits, ".", "_" and "-" only
 * (anything else becomes "-"), at most 80 characters, never empty.
 * @param {string} name  e.g. "heads previous"
 * @param {string} extension  e.g. "png"
 */
export function safeFilename(name, extension) {
  const base =
    String(name ?? "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 80) || "heatmap";
  return `${base}.${extension}`;
}

/** How long an object URL lives after its download starts, in ms. */
const REVOKE_AFTER = 10000;

/**
 * Offers `blob` as a download named `filename`: a hidden <a download> with
 * an object URL is clicked, removed, and the URL revoked 10 s later.
 * @param {Blob} blob
 * @param {string} filename
 */
export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.hidden = true;
  (document.body ?? document.documentElement).append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER);
  }
}

/**
 * Offers `text` as a download named `filename`.
 * @param {string} text
 * @param {string} filename
 * @param {string} [type] MIME type (default "text/plain;charset=utf-8")
 */
export function downloadText(
  text,
  filename,
  type = "text/plain;charset=utf-8",
) {
  downloadBlob(new Blob([text], { type }), filename);
}
