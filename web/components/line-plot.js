// A line chart: several series over one x axis, with marker lines (an
// event, the current position, a reference level), drawn as SVG, plus the
// same numbers as a table for screen readers and for anyone who wants them
// (in a <details>). #real-model plots the shipped training log with it and
// #training the run the reader trains, redrawn as it grows.
//
// The plot is an SVG whose viewBox stretches to the box it is given
// (preserveAspectRatio="none") with strokes that do not stretch
// (vector-effect), and every text (ticks, marker labels) is HTML placed by
// percentages over it. So the chart follows its container from phone to
// desktop without shrinking the text and without measuring the layout.
// Series differ by dash pattern as well as by colour. Colours are set
// through the style property (allowed under a strict CSP, and it accepts
// "var(--something)", which an SVG attribute does not).
//
// renderLinePlot(element, data, options) is pure drawing: data in, DOM out.
// Called again on the same element with the same frame (ranges, ticks,
// labels, series), it only redraws the lines, the markers and the table,
// so a chart that grows while training runs stays cheap to redraw.
// Styles: components/line-plot.css.
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 1000; // viewBox units across
const H = 1000; // and down
/** Marker labels inside the plot are stacked this far apart, in rem. */
const ROW_REM = 0.95;

/**
 * @typedef {object} Series
 * @property {string} label
 * @property {number[]} values   one per x; NaN leaves a gap
 * @property {number[]} [x]      this series' own x values (default: data.x),
 *   for series measured at different steps
 * @property {string} color      any CSS colour, "var(--name)" included
 * @property {string} [dash]     an SVG stroke-dasharray in px, e.g. "6 3"
 *
 * @typedef {object} Marker  a vertical line at x, or a horizontal one at y
 * @property {number} [x]
 * @property {number} [y]        set instead of x for a reference level
 * @property {string} label      a vertical line's label is above the plot
 *   (or inside it, see `inside`); a horizontal one's sits on the line, at
 *   the right
 * @property {string} [className] e.g. "line-plot__marker--current",
 *   "line-plot__marker--event" (dashed), "line-plot__marker--reference"
 * @property {string} [color]    the line's and the label's colour
 * @property {boolean} [inside]  a vertical line's label goes inside the
 *   plot, at the top; several are stacked in order
 *
 * @typedef {object} LinePlotOptions
 * @property {string} label       what the chart shows (the image's name)
 * @property {string | null} [caption] visible caption (defaults to label;
 *   null for none, when the caller's own <figure> has one)
 * @property {string} [description] a sentence about the data, read after
 *   the image's name (e.g. where the curve stands now)
 * @property {string} xLabel      e.g. "training step"
 * @property {string} yLabel      e.g. "loss (nats)"
 * @property {[number, number]} [xRange]  default: the smallest to the largest x
 * @property {[number, number]} [yRange]  default: 0 .. the largest value;
 *   values outside it are drawn at its edge
 * @property {number[]} [xTicks]
 * @property {number[]} [yTicks]
 * @property {(v: number) => string} [formatX]
 * @property {(v: number) => string} [formatY]
 * @property {boolean} [table]    false: no table (the caller shows the
 *   numbers in one of its own, below the chart)
 * @property {(x: number, i: number) => boolean} [tableFilter]  which x get
 *   a table row (default: every one; the last is always kept)
 * @property {string} [tableSummary] the <summary> text of the table
 */

/** Evenly spaced "nice" ticks from lo to hi, about `count` of them. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * An SVG path through the points, broken at NaN values.
 * @param {ArrayLike<number>} xs
 * @param {ArrayLike<number>} ys
 * @param {(x: number) => number} sx
 * @param {(y: number) => number} sy
 */
export function linePath(xs, ys, sx, sy) {
  let d = "";
  let pen = false;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ys[i]) || !Number.isFinite(xs[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${sx(xs[i]).toFixed(1)} ${sy(ys[i]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/**
 * The series side by side, one row per x: the shared x as it is when no
 * series has its own, else every series' x in increasing order, with NaN
 * where a series has no value at that x.
 * @param {{ values: ArrayLike<number>, x?: ArrayLike<number> }[]} series
 * @param {ArrayLike<number>} [x] the shared x
 * @returns {{ x: number[], values: number[][] }} values[s][row]
 */
export function alignSeries(series, x = []) {
  if (series.every((s) => !s.x)) {
    return {
      x: Array.from(x),
      values: series.map((s) => Array.from(x, (_, i) => s.values[i] ?? NaN)),
    };
  }
  const xsOf = (s) => s.x ?? x;
  const all = [...new Set(series.flatMap((s) => Array.from(xsOf(s))))]
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const values = series.map((s) => {
    const at = new Map();
    Array.from(xsOf(s)).forEach((v, i) => at.set(v, s.values[i]));
    return all.map((v) => at.get(v) ?? NaN);
  });
  return { x: all, values };
}

/** [smallest, largest] finite value of the arrays ([NaN, NaN] if none). */
function extent(arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays)
    for (const v of a)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** What each chart drawn on an element was drawn with, to redraw cheaply. */
const drawn = new WeakMap();

/**
 * @param {HTMLElement} element  emptied and filled with the chart
 * @param {{ x?: number[], series: Series[], markers?: Marker[] }} data
 * @param {LinePlotOptions} options
 * @returns {{ setMarkers(markers: Marker[]): void }} moves the markers
 *   without redrawing the lines
 */
export function renderLinePlot(element, data, options) {
  const fx = options.formatX ?? String;
  const fy = options.formatY ?? ((v) => v.toFixed(2));
  const xOf = (s) => s.x ?? data.x ?? [];
  const [xMin, xMax] = extent(data.series.map(xOf));
  const [x0, x1] = options.xRange ?? [xMin || 0, xMax || 1];
  const [y0, y1] = options.yRange ?? [
    0,
    extent(data.series.map((s) => s.values))[1] || 1,
  ];
  const yTicks = options.yTicks ?? niceTicks(y0, y1, 4);
  const xTicks = options.xTicks ?? niceTicks(x0, x1, 5);
  const withTable = options.table ?? true;
  const caption =
    options.caption === undefined ? options.label : options.caption;
  const frame = JSON.stringify([
    options.label,
    caption,
    options.xLabel,
    options.yLabel,
    [x0, x1, y0, y1],
    xTicks.map(fx),
    yTicks.map(fy),
    data.series.map((s) => [s.label, s.color, s.dash]),
    withTable,
    options.tableSummary,
  ]);
  const scale = {
    sx: (x) => ((x - x0) / (x1 - x0 || 1)) * W,
    // Values outside the y range are drawn at its edge.
    sy: (y) => H - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0 || 1)) * H,
  };
  const ariaLabel = [
    `${options.label}: ${options.yLabel} against ${options.xLabel}, from ${fx(x0)} to ${fx(x1)}.`,
    options.description,
    "The numbers are in the table below.",
  ]
    .filter(Boolean)
    .join(" ");

  let chart = drawn.get(element);
  if (!chart || chart.frame !== frame || chart.root.parentNode !== element) {
    chart = build(element, data.series, options, {
      caption,
      fx,
      fy,
      xTicks,
      yTicks,
      scale,
      withTable,
    });
    chart.frame = frame;
    drawn.set(element, chart);
  }
  // What changes from one call to the next: the lines, the sentence, the
  // markers and the table.
  chart.svg.setAttribute("aria-label", ariaLabel);
  data.series.forEach((s, i) =>
    chart.paths[i].setAttribute(
      "d",
      linePath(xOf(s), s.values, scale.sx, scale.sy),
    ),
  );
  chart.setMarkers(data.markers, [x0, x1, y0, y1]);
  if (withTable) chart.fillTable(data, fx, fy);
  return { setMarkers: (markers) => chart.setMarkers(markers) };
}

/** Builds the chart's frame: everything but the lines' shapes. */
function build(
  element,
  series,
  options,
  { caption, fx, fy, xTicks, yTicks, scale, withTable },
) {
  const doc = element.ownerDocument;
  const { sx, sy } = scale;
  const left = (x) => `${(sx(x) / W) * 100}%`;
  const top = (y) => `${(sy(y) / H) * 100}%`;
  const svgEl = (name, attributes) => {
    const node = doc.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes))
      node.setAttribute(k, String(v));
    return node;
  };
  const stroke = (node, { color, dash }) => {
    node.style.stroke = color;
    if (dash) node.style.strokeDasharray = dash;
    return node;
  };

  const svg = svgEl("svg", {
    class: "line-plot__svg",
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: "none",
    role: "img",
  });
  for (const y of yTicks) {
    svg.append(
      svgEl("line", {
        x1: 0,
        x2: W,
        y1: sy(y),
        y2: sy(y),
        class: "line-plot__grid",
        "vector-effect": "non-scaling-stroke",
      }),
    );
  }
  const paths = series.map((s) => {
    const path = svgEl("path", {
      fill: "none",
      "stroke-width": 2,
      "stroke-linejoin": "round",
      class: "line-plot__line",
      "vector-effect": "non-scaling-stroke",
    });
    svg.append(stroke(path, s));
    return path;
  });
  const markerLayer = svgEl("g", { class: "line-plot__markers" });
  svg.append(markerLayer);

  const plot = el(doc, "div", { className: "line-plot__plot" }, [svg]);
  const labels = el(doc, "div", {
    className: "line-plot__marker-labels",
    "aria-hidden": "true",
  });
  for (const y of yTicks) {
    const t = el(doc, "span", {
      className: "line-plot__ytick",
      text: fy(y),
      "aria-hidden": "true",
    });
    t.style.top = top(y);
    plot.append(t);
  }
  for (const x of xTicks) {
    const t = el(doc, "span", {
      className: "line-plot__xtick",
      text: fx(x),
      "aria-hidden": "true",
    });
    t.style.left = left(x);
    // A tick at the very end ends there, so it is never cut off.
    if (sx(x) > W * 0.97) t.classList.add("line-plot__xtick--end");
    plot.append(t);
  }
  plot.append(labels);

  let range = null;
  function setMarkers(markers, newRange = range) {
    range = newRange;
    const [x0, x1, y0, y1] = range;
    markerLayer.replaceChildren();
    labels.replaceChildren();
    let row = 0;
    for (const m of markers ?? []) {
      const across = m.y !== undefined;
      const at = across ? m.y : m.x;
      if (!(across ? at >= y0 && at <= y1 : at >= x0 && at <= x1)) continue;
      const extra = m.className ?? "";
      const line = svgEl("line", {
        ...(across
          ? { x1: 0, x2: W, y1: sy(at), y2: sy(at) }
          : { x1: sx(at), x2: sx(at), y1: 0, y2: H }),
        class: `line-plot__marker ${extra}`.trim(),
        "vector-effect": "non-scaling-stroke",
      });
      if (m.color) line.style.stroke = m.color;
      markerLayer.append(line);
      if (!m.label) continue;
      const label = el(doc, "span", {
        className: `line-plot__marker-label ${extra}`.trim(),
        text: m.label,
      });
      if (m.color) label.style.color = m.color;
      if (across) {
        label.classList.add("line-plot__marker-label--y");
        label.style.top = top(at);
      } else {
        label.style.left = left(at);
        // A label past the middle hangs to the left of its line.
        if (sx(at) > W / 2) label.classList.add("line-plot__marker-label--end");
        if (m.inside) {
          label.classList.add("line-plot__marker-label--inside");
          label.style.top = `${0.2 + ROW_REM * row++}rem`;
        }
      }
      labels.append(label);
    }
  }

  const legend = el(
    doc,
    "ul",
    { className: "line-plot__legend", "aria-hidden": "true" },
    series.map((s) => {
      const sample = svgEl("svg", {
        class: "line-plot__sample",
        width: 28,
        height: 10,
        viewBox: "0 0 28 10",
      });
      const line = svgEl("line", {
        x1: 1,
        x2: 27,
        y1: 5,
        y2: 5,
        "stroke-width": 2.5,
      });
      sample.append(stroke(line, s));
      return el(doc, "li", {}, [sample, s.label]);
    }),
  );

  const tbody = el(doc, "tbody");
  const details = el(doc, "details", { className: "line-plot__details" }, [
    el(doc, "summary", {
      text: options.tableSummary ?? "Show the numbers as a table",
    }),
    el(doc, "div", { className: "line-plot__table-box" }, [
      el(doc, "table", { className: "line-plot__table" }, [
        el(doc, "caption", { text: options.label }),
        el(doc, "thead", {}, [
          el(doc, "tr", {}, [
            el(doc, "th", { scope: "col", text: options.xLabel }),
            ...series.map((s) =>
              el(doc, "th", { scope: "col", text: s.label }),
            ),
          ]),
        ]),
        tbody,
      ]),
    ]),
  ]);
  // The numbers, at the x the filter keeps, and the last.
  function fillTable(data, fx, fy) {
    const keep = options.tableFilter ?? (() => true);
    const { x, values } = alignSeries(data.series, data.x);
    const rows = [];
    x.forEach((v, i) => {
      if (!keep(v, i) && i !== x.length - 1) return;
      rows.push(
        el(doc, "tr", {}, [
          el(doc, "th", { scope: "row", text: fx(v) }),
          ...values.map((column) =>
            el(doc, "td", {
              text: Number.isFinite(column[i]) ? fy(column[i]) : "—",
            }),
          ),
        ]),
      );
    });
    tbody.replaceChildren(...rows);
  }

  const root = el(
    doc,
    caption === null ? "div" : "figure",
    { className: "line-plot" },
    [
      ...(caption === null
        ? []
        : [
            el(doc, "figcaption", {
              className: "line-plot__caption",
              text: caption,
            }),
          ]),
      legend,
      el(doc, "div", { className: "line-plot__frame" }, [
        el(doc, "span", {
          className: "line-plot__ylabel",
          text: options.yLabel,
          "aria-hidden": "true",
        }),
        plot,
      ]),
      el(doc, "p", {
        className: "line-plot__xlabel",
        text: options.xLabel,
        "aria-hidden": "true",
      }),
      ...(withTable ? [details] : []),
    ],
  );
  element.replaceChildren(root);
  return { root, svg, paths, setMarkers, fillTable };
}
