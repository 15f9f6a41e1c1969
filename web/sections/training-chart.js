// Section 9's line chart (named for the section, so as not to collide
// with other sections' charts).
// A line chart drawn as SVG: one or more series of (x, y) points over
// linear axes, optional reference lines, and a legend. Pure drawing: it
// redraws `element` from the data it is given, at the pixel size it is
// given (so its text stays the page's size at any width). Colours are CSS
// values set through the style property (allowed under a strict CSP), so
// the caller can pass "var(--something)".
//
//   renderLineChart(element, {
//     series: [{ name: "loss", points: [{ x: 25, y: 3.9 }, …], color, dash }],
//     x: { min: 0, max: 6000, label: "step" },
//     y: { min: 0, max: 5, label: "nats" },
//     rules: [{ axis: "y", value: 0.5, label: "threshold" }],
//   }, { width: 600, height: 220, label: "…", description: "…" });

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = { top: 24, right: 18, bottom: 40, left: 46 };

/**
 * About `count` round tick values covering [min, max].
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ??
    10 * power;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** The "d" of a path through the finite points, in pixels. */
export function linePath(points, sx, sy) {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function svg(doc, tag, attrs = {}, style = {}) {
  const node = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  Object.assign(node.style, style);
  return node;
}

const defaultFormat = (v) =>
  Math.abs(v) >= 1000 ? v.toLocaleString("en-US") : String(v);

/**
 * @param {HTMLElement} element  emptied and filled with the chart
 * @param {{ series: { name: string, points: {x: number, y: number}[],
 *                     color?: string, dash?: string }[],
 *           x: { min: number, max: number, label?: string, format?: (v: number) => string },
 *           y: { min: number, max: number, label?: string, format?: (v: number) => string },
 *           rules?: { axis: "x" | "y", value: number, label?: string,
 *                     color?: string, dash?: string }[] }} data
 * @param {{ width?: number, height?: number, label: string, description?: string }} options
 */
export function renderLineChart(element, data, options) {
  const doc = element.ownerDocument;
  const width = Math.max(200, Math.round(options.width ?? 600));
  const height = Math.max(120, Math.round(options.height ?? 220));
  const { x, y } = data;
  const fx = x.format ?? defaultFormat;
  const fy = y.format ?? defaultFormat;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const sx = (v) =>
    left + ((v - x.min) / (x.max - x.min || 1)) * (right - left);
  const sy = (v) =>
    clamp(
      bottom - ((v - y.min) / (y.max - y.min || 1)) * (bottom - top),
      top,
      bottom,
    );

  const root = svg(doc, "svg", {
    class: "line-chart__svg",
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": options.label,
  });
  const title = svg(doc, "title");
  title.textContent = options.label;
  root.append(title);
  if (options.description) {
    const desc = svg(doc, "desc");
    desc.textContent = options.description;
    root.append(desc);
  }

  const muted = { stroke: "var(--border)" };
  const text = { fill: "currentColor", fontSize: "12px" };
  for (const v of niceTicks(
    y.min,
    y.max,
    Math.max(2, Math.floor((bottom - top) / 40)),
  )) {
    root.append(
      svg(doc, "line", { x1: left, x2: right, y1: sy(v), y2: sy(v) }, muted),
    );
    const t = svg(
      doc,
      "text",
      { x: left - 6, y: sy(v) + 4, "text-anchor": "end" },
      text,
    );
    t.textContent = fy(v);
    root.append(t);
  }
  for (const v of niceTicks(
    x.min,
    x.max,
    Math.max(2, Math.floor((right - left) / 90)),
  )) {
    root.append(
      svg(
        doc,
        "line",
        { x1: sx(v), x2: sx(v), y1: bottom, y2: bottom + 4 },
        { stroke: "currentColor" },
      ),
    );
    // The last label ends at the axis' end, so it is never clipped.
    const anchor = sx(v) > right - 20 ? "end" : "middle";
    const t = svg(
      doc,
      "text",
      { x: sx(v), y: bottom + 17, "text-anchor": anchor },
      text,
    );
    t.textContent = fx(v);
    root.append(t);
  }
  root.append(
    svg(
      doc,
      "line",
      { x1: left, x2: right, y1: bottom, y2: bottom },
      { stroke: "currentColor" },
    ),
    svg(
      doc,
      "line",
      { x1: left, x2: left, y1: top, y2: bottom },
      { stroke: "currentColor" },
    ),
  );
  if (x.label) {
    const t = svg(
      doc,
      "text",
      { x: right, y: height - 4, "text-anchor": "end" },
      text,
    );
    t.textContent = x.label;
    root.append(t);
  }
  if (y.label) {
    const t = svg(doc, "text", { x: 4, y: 14, "text-anchor": "start" }, text);
    t.textContent = y.label;
    root.append(t);
  }

  (data.rules ?? []).forEach((rule, i) => {
    const style = {
      stroke: rule.color ?? "var(--muted)",
      strokeDasharray: rule.dash ?? "4 3",
    };
    const t = svg(
      doc,
      "text",
      {},
      { ...text, fill: rule.color ?? "var(--muted)" },
    );
    t.textContent = rule.label ?? "";
    if (rule.axis === "x") {
      const px = sx(rule.value);
      root.append(
        svg(doc, "line", { x1: px, x2: px, y1: top, y2: bottom }, style),
      );
      const nearRight = px > (left + right) / 2;
      t.setAttribute("x", String(nearRight ? px - 4 : px + 4));
      t.setAttribute("y", String(top + 12 + 15 * i));
      t.setAttribute("text-anchor", nearRight ? "end" : "start");
    } else {
      const py = sy(rule.value);
      root.append(
        svg(doc, "line", { x1: left, x2: right, y1: py, y2: py }, style),
      );
      t.setAttribute("x", String(right - 4));
      t.setAttribute("y", String(py - 4));
      t.setAttribute("text-anchor", "end");
    }
    if (rule.label) root.append(t);
  });

  for (const s of data.series) {
    root.append(
      svg(
        doc,
        "path",
        { d: linePath(s.points, sx, sy), fill: "none", "data-series": s.name },
        {
          stroke: s.color ?? "currentColor",
          strokeWidth: "2.5",
          strokeDasharray: s.dash ?? "none",
          strokeLinejoin: "round",
        },
      ),
    );
  }

  const legend = doc.createElement("ul");
  legend.className = "line-chart__legend";
  for (const s of data.series) {
    const item = doc.createElement("li");
    const swatch = svg(doc, "svg", {
      width: 28,
      height: 10,
      "aria-hidden": "true",
    });
    swatch.append(
      svg(
        doc,
        "line",
        { x1: 0, x2: 28, y1: 5, y2: 5 },
        {
          stroke: s.color ?? "currentColor",
          strokeWidth: "2.5",
          strokeDasharray: s.dash ?? "none",
        },
      ),
    );
    item.append(swatch, doc.createTextNode(` ${s.name}`));
    legend.append(item);
  }
  element.replaceChildren(root, legend);
}
