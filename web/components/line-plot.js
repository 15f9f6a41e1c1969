// A line chart: several series over one x axis, with vertical markers (an
// event, the current position), drawn as SVG, plus the same numbers as a
// table for screen readers and for anyone who wants them (in a <details>).
//
// The plot is an SVG whose viewBox stretches to the box it is given
// (preserveAspectRatio="none") with strokes that do not stretch
// (vector-effect), and every text (ticks, marker labels) is HTML placed by
// percentages over it. So the chart follows its container from phone to
// desktop without shrinking the text and without measuring the layout.
// Series differ by dash pattern as well as by colour.
//
// renderLinePlot(element, data, options) is pure drawing: data in, DOM out.
// Styles: .line-plot* in sections/real-model.css (the page links it).
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 1000; // viewBox units across
const H = 1000; // and down

/**
 * @typedef {object} Series
 * @property {string} label
 * @property {number[]} values   one per x; NaN leaves a gap
 * @property {string} color      any CSS colour
 * @property {string} [dash]     an SVG stroke-dasharray in px, e.g. "6 3"
 *
 * @typedef {object} Marker
 * @property {number} x
 * @property {string} label      shown at the top of the line
 * @property {string} [className] e.g. "line-plot__marker--current"
 *
 * @typedef {object} LinePlotOptions
 * @property {string} label       what the chart shows (the image's name)
 * @property {string} [caption]   visible caption (defaults to label)
 * @property {string} xLabel      e.g. "training step"
 * @property {string} yLabel      e.g. "loss (nats)"
 * @property {[number, number]} [xRange]  default: the smallest to the largest x
 * @property {[number, number]} [yRange]  default: 0 .. the largest value
 * @property {number[]} [xTicks]
 * @property {number[]} [yTicks]
 * @property {(v: number) => string} [formatX]
 * @property {(v: number) => string} [formatY]
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
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {(x: number) => number} sx
 * @param {(y: number) => number} sy
 */
export function linePath(xs, ys, sx, sy) {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
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
 * @param {HTMLElement} element  emptied and filled with the chart
 * @param {{ x: number[], series: Series[], markers?: Marker[] }} data
 * @param {LinePlotOptions} options
 * @returns {{ setMarkers(markers: Marker[]): void }} moves the markers
 *   without redrawing the lines
 */
export function renderLinePlot(element, data, options) {
  const doc = element.ownerDocument;
  const fx = options.formatX ?? String;
  const fy = options.formatY ?? ((v) => v.toFixed(2));
  const xs = data.x;
  const [x0, x1] = options.xRange ?? [Math.min(...xs), Math.max(...xs)];
  const values = data.series.flatMap((s) => s.values.filter(Number.isFinite));
  const [y0, y1] = options.yRange ?? [0, Math.max(...values)];
  const sx = (x) => ((x - x0) / (x1 - x0 || 1)) * W;
  const sy = (y) => H - ((y - y0) / (y1 - y0 || 1)) * H;
  const left = (x) => `${(sx(x) / W) * 100}%`;
  const top = (y) => `${(sy(y) / H) * 100}%`;

  const svgEl = (name, attributes) => {
    const node = doc.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes))
      node.setAttribute(k, String(v));
    return node;
  };

  const svg = svgEl("svg", {
    class: "line-plot__svg",
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": `${options.label}: ${options.yLabel} against ${options.xLabel}, from ${fx(x0)} to ${fx(x1)}. The numbers are in the table below.`,
  });
  const yTicks = options.yTicks ?? niceTicks(y0, y1, 4);
  const xTicks = options.xTicks ?? niceTicks(x0, x1, 5);
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
  for (const s of data.series) {
    const path = svgEl("path", {
      d: linePath(xs, s.values, sx, sy),
      fill: "none",
      stroke: s.color,
      "stroke-width": 2,
      "stroke-linejoin": "round",
      class: "line-plot__line",
      "vector-effect": "non-scaling-stroke",
    });
    if (s.dash) path.setAttribute("stroke-dasharray", s.dash);
    svg.append(path);
  }
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
    plot.append(t);
  }
  plot.append(labels);

  function setMarkers(markers) {
    markerLayer.replaceChildren();
    labels.replaceChildren();
    for (const m of markers ?? []) {
      if (!(m.x >= x0 && m.x <= x1)) continue;
      markerLayer.append(
        svgEl("line", {
          x1: sx(m.x),
          x2: sx(m.x),
          y1: 0,
          y2: H,
          class: `line-plot__marker ${m.className ?? ""}`.trim(),
          "vector-effect": "non-scaling-stroke",
        }),
      );
      const label = el(doc, "span", {
        className: `line-plot__marker-label ${m.className ?? ""}`.trim(),
        text: m.label,
      });
      label.style.left = left(m.x);
      // A label past the middle hangs to the left of its line.
      if (sx(m.x) > W / 2) label.classList.add("line-plot__marker-label--end");
      labels.append(label);
    }
  }
  setMarkers(data.markers);

  const legend = el(
    doc,
    "ul",
    { className: "line-plot__legend", "aria-hidden": "true" },
    data.series.map((s) => {
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
        stroke: s.color,
        "stroke-width": 2.5,
      });
      if (s.dash) line.setAttribute("stroke-dasharray", s.dash);
      sample.append(line);
      return el(doc, "li", {}, [sample, s.label]);
    }),
  );

  // The numbers, at the x the filter keeps, and the last.
  const keep = options.tableFilter ?? (() => true);
  const rowsAt = xs
    .map((_, i) => i)
    .filter((i) => keep(xs[i], i) || i === xs.length - 1);
  const table = el(doc, "table", { className: "line-plot__table" }, [
    el(doc, "caption", { text: options.label }),
    el(doc, "thead", {}, [
      el(doc, "tr", {}, [
        el(doc, "th", { scope: "col", text: options.xLabel }),
        ...data.series.map((s) =>
          el(doc, "th", { scope: "col", text: s.label }),
        ),
      ]),
    ]),
    el(
      doc,
      "tbody",
      {},
      rowsAt.map((i) =>
        el(doc, "tr", {}, [
          el(doc, "th", { scope: "row", text: fx(xs[i]) }),
          ...data.series.map((s) =>
            el(doc, "td", {
              text: Number.isFinite(s.values[i]) ? fy(s.values[i]) : "—",
            }),
          ),
        ]),
      ),
    ),
  ]);
  const details = el(doc, "details", { className: "line-plot__details" }, [
    el(doc, "summary", {
      text: options.tableSummary ?? "Show the numbers as a table",
    }),
    el(doc, "div", { className: "line-plot__table-box" }, [table]),
  ]);

  const figure = el(doc, "figure", { className: "line-plot" }, [
    el(doc, "figcaption", {
      className: "line-plot__caption",
      text: options.caption ?? options.label,
    }),
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
    details,
  ]);
  element.replaceChildren(figure);
  return { setMarkers };
}
