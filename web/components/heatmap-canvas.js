// An attention heatmap drawn on a canvas, for long texts: n × n cells in
// viridis (masked cells grey), the key tokens along the top, rotated, and
// the query tokens down the left. One fillRect per cell and one fillText
// per token: a 64-token map draws in a few milliseconds, where an HTML
// table of 4,096 cells (heatmap.js) takes over 100 ms to build and lay
// out, and the export picture (export.js, a percentage in every cell) as
// long. The caller puts the numbers in a table beside it (heatmap.js).
import { viridisRGB } from "./colormap.js";

const LUT = Array.from({ length: 256 }, (_, k) => {
  const [r, g, b] = viridisRGB(k / 255);
  return `rgb(${r}, ${g}, ${b})`;
});
const MAX_LABEL = 12;

/**
 * @param {HTMLCanvasElement} canvas sized here (CSS size and pixels)
 * @param {{ tokens: string[], weights: ArrayLike<number>,
 *   scores?: ArrayLike<number> }} data n × n, row-major; a score of
 *   -Infinity marks a masked cell
 * @param {{ cell?: number, font?: string, color?: string,
 *   masked?: string }} [o] cell size in CSS px (default 9), the label font
 *   and colour (default: the canvas's own computed style)
 */
export function paintHeatmapCanvas(canvas, data, o = {}) {
  const { tokens, weights, scores } = data;
  const n = tokens.length;
  const cell = o.cell ?? 9;
  const style =
    typeof getComputedStyle === "function" ? getComputedStyle(canvas) : null;
  const font = o.font ?? `11px ${style?.fontFamily || "sans-serif"}`;
  const color = o.color ?? (style?.color || "#1b1d21");
  const masked = o.masked ?? "rgba(128, 128, 128, 0.25)";
  const labels = tokens.map((t) =>
    t.length > MAX_LABEL ? `${t.slice(0, MAX_LABEL - 1)}…` : t,
  );

  const measure = canvas.getContext("2d");
  if (!measure) return;
  measure.font = font;
  const widest = Math.ceil(
    Math.max(0, ...labels.map((t) => measure.measureText(t).width)),
  );
  const left = widest + 6;
  const top = Math.ceil(widest * Math.SQRT1_2) + 12;
  const width = left + n * cell + 2;
  const height = top + n * cell + 2;
  const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;

  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const at = i * n + j;
      const hidden = scores ? scores[at] === -Infinity : false;
      const w = Math.min(1, Math.max(0, weights[at]));
      ctx.fillStyle = hidden ? masked : LUT[Math.round(w * 255)];
      ctx.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1);
    }
  }
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  labels.forEach((t, i) =>
    ctx.fillText(t, left - 4, top + i * cell + cell / 2),
  );
  ctx.textAlign = "left";
  labels.forEach((t, j) => {
    ctx.save();
    ctx.translate(left + j * cell + cell / 2, top - 4);
    ctx.rotate(-Math.PI / 4);
    ctx.fillText(t, 0, 0);
    ctx.restore();
  });
}
