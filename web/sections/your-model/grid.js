// The #your-model section's grid of every head: one thumbnail of each
// head's attention on the reader's text, labelled by the core's classifier
// (Model.analyze) with the chosen metric's score. Arranged by layer (the
// heads scoring highest on the metric highlighted), or as one list sorted
// by it. A roving tabindex makes it one Tab stop; the arrow keys, Home and
// End move between heads; Enter or Space picks one (or, in "ablate" mode,
// switches it off and on). Every score is also in a table.
//
// Pure drawing from what the section hands in.
import { el } from "../../components/dom.js";
import { headName } from "../../components/format.js";
import { METRICS, paintThumbnail } from "../../components/head-thumbnails.js";

/**
 * Layers of thumbnails painted (and, the first time, added to the board) per
 * frame. With GPT-2 small under 4× CPU throttling, a frame that laid out,
 * painted and committed three layers took 140–170 ms, and one layer 55–95.
 */
const ROWS_PER_FRAME = 1;

/** Share of the heads highlighted in the layer arrangement. */
const HIGHLIGHT_SHARE = 0.1;

/** The metrics the grid can sort or highlight by: [key, short, about]. */
export const GRID_METRICS = METRICS.filter(([key]) => key !== "copying");

/** A metric's value as a short text. */
export function metricText(key, value) {
  if (value === null || value === undefined) return "–";
  return key === "meanDistance" ? value.toFixed(1) : value.toFixed(2);
}

/**
 * @param {Document} doc
 * @param {{ layers: number, heads: number,
 *   onSelect: (layer: number, head: number) => void,
 *   onAblate: (layer: number, head: number) => void,
 *   rolesOf?: (layer: number, head: number) => { role: string }[] }} o
 */
export function createGrid(doc, o) {
  const { layers, heads } = o;
  const count = layers * heads;
  let metric = "induction";
  let arrange = "layers";
  let mode = "show"; // or "ablate"
  let selected = 0;
  let reports = null;
  let flags = new Uint8Array(count);

  const metricSelect = el(
    doc,
    "select",
    {
      id: "ym-metric",
      on: {
        change: () => {
          metric = metricSelect.value;
          draw();
        },
      },
    },
    GRID_METRICS.map(([key, short]) =>
      el(doc, "option", { value: key, text: short, selected: key === metric }),
    ),
  );
  const arrangeSelect = el(
    doc,
    "select",
    {
      id: "ym-arrange",
      on: {
        change: () => {
          arrange = arrangeSelect.value;
          draw();
        },
      },
    },
    [
      el(doc, "option", {
        value: "layers",
        text: "by layer, highlighting the highest",
      }),
      el(doc, "option", { value: "sorted", text: "sorted, highest first" }),
    ],
  );
  const modeButton = el(doc, "button", {
    type: "button",
    className: "ym-button ym-grid__mode",
    "aria-pressed": "false",
    text: "Ablate mode",
    on: {
      click: () => {
        mode = mode === "show" ? "ablate" : "show";
        modeButton.setAttribute("aria-pressed", String(mode === "ablate"));
        board.classList.toggle("ym-grid__board--ablate", mode === "ablate");
        hint.textContent = HINTS[mode];
      },
    },
  });
  const HINTS = {
    show: "Choosing a head shows it in full below.",
    ablate:
      "Ablate mode: choosing a head switches it off (or on again); the predictions below follow.",
  };
  const hint = el(doc, "p", { className: "ym-grid__hint", text: HINTS.show });
  const controls = el(doc, "div", { className: "ym-grid__controls" }, [
    el(doc, "label", { for: "ym-metric", text: "Metric " }),
    metricSelect,
    el(doc, "label", { for: "ym-arrange", text: " Arrange " }),
    arrangeSelect,
    " ",
    modeButton,
  ]);

  const buttons = [];
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const index = buttons.length;
      buttons.push(
        el(
          doc,
          "button",
          {
            type: "button",
            className: "ym-thumb",
            tabindex: index === 0 ? 0 : -1,
            "data-head": headName({ layer: l, head: h }),
            "data-layer": l,
            "data-index-in-layer": h,
            on: { click: () => choose(index) },
          },
          [
            el(doc, "span", {
              className: "ym-thumb__name",
              text: headName({ layer: l, head: h }),
            }),
            el(doc, "canvas", {
              className: "ym-thumb__map head-thumbnail",
              width: 1,
              height: 1,
              "aria-hidden": "true",
            }),
            el(doc, "span", { className: "ym-thumb__label" }),
            el(doc, "span", { className: "ym-thumb__score" }),
            el(doc, "span", { className: "ym-thumb__role" }),
            el(doc, "span", { className: "ym-thumb__spoken visually-hidden" }),
          ],
        ),
      );
    }
  }
  const board = el(doc, "div", {
    className: "ym-grid__board",
    role: "group",
    "aria-label": `${count} heads: ${layers} layers of ${heads}`,
    on: { keydown: onKey },
  });
  // A CSSOM property, not a style attribute: the strict CSP allows it.
  board.style.setProperty("--ym-heads", String(heads));
  const tableBox = el(doc, "div", { className: "ym-scores__box" });
  const details = el(doc, "details", { className: "ym-scores" }, [
    el(doc, "summary", { text: "Every score of every head, as a table" }),
    tableBox,
  ]);
  let tableStale = true;
  const drawTable = () => {
    if (!reports || !tableStale) return;
    tableStale = false;
    tableBox.replaceChildren(scoresTable(doc, reports, o.rolesOf));
  };
  details.addEventListener("toggle", () => {
    if (details.open) drawTable();
  });
  const element = el(doc, "div", { className: "ym-grid" }, [
    controls,
    hint,
    el(doc, "div", { className: "ym-grid__scroll" }, [board]),
    details,
  ]);

  function choose(index) {
    selected = index;
    focusOnly(index);
    const l = Math.floor(index / heads);
    const h = index % heads;
    if (mode === "ablate") o.onAblate(l, h);
    else o.onSelect(l, h);
  }

  function focusOnly(index) {
    buttons.forEach((b, i) => (b.tabIndex = i === index ? 0 : -1));
  }

  /** The order the buttons are shown in. */
  function order() {
    const all = buttons.map((_, i) => i);
    if (arrange !== "sorted" || !reports) return all;
    return all.sort(
      (a, b) =>
        (reports[b][metric] ?? -Infinity) - (reports[a][metric] ?? -Infinity) ||
        a - b,
    );
  }

  function onKey(event) {
    const shown = order();
    const at = shown.indexOf(
      buttons.indexOf(/** @type {any} */ (event.target)),
    );
    if (at < 0) return;
    const perRow = arrange === "sorted" ? columnsShown() : heads;
    const moves = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      ArrowDown: at + perRow,
      ArrowUp: at - perRow,
      Home: event.ctrlKey ? 0 : at - (at % perRow),
      End: event.ctrlKey
        ? shown.length - 1
        : Math.min(shown.length - 1, at - (at % perRow) + perRow - 1),
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const to = Math.max(0, Math.min(shown.length - 1, moves[event.key]));
    focusOnly(shown[to]);
    buttons[shown[to]].focus();
  }

  /** Thumbnails per row of the sorted list, as laid out now. */
  function columnsShown() {
    const first = buttons[order()[0]].getBoundingClientRect();
    const row = order().filter(
      (i) => Math.abs(buttons[i].getBoundingClientRect().top - first.top) < 2,
    );
    return Math.max(1, row.length);
  }

  /** @type {{ n: number, weights: Float32Array } | null} what to paint */
  let pattern = null;
  /** 1 where a layer's thumbnails do not show `pattern` yet. */
  const unpainted = new Uint8Array(layers);
  let painting = 0;

  /** Paints layer l's thumbnails from `pattern`, unless done already. */
  function paintLayer(l) {
    if (!pattern || !unpainted[l]) return;
    unpainted[l] = 0;
    const { n, weights } = pattern;
    for (let i = l * heads; i < (l + 1) * heads; i++)
      paintThumbnail(
        buttons[i].querySelector("canvas"),
        weights.subarray(i * n * n, (i + 1) * n * n),
        n,
      );
  }

  /** @type {HTMLElement[] | null} one group per layer, made once */
  let layerRows = null;

  let showing = 0;

  /** @returns {Promise<void>} resolved once every head is in the board */
  function draw() {
    if (!reports) return Promise.resolve();
    let shown = Promise.resolve();
    const values = reports.map((r) => r[metric] ?? -Infinity);
    const cut = [...values].sort((a, b) => b - a)[
      Math.max(0, Math.ceil(count * HIGHLIGHT_SHARE) - 1)
    ];
    const [, short] = GRID_METRICS.find(([key]) => key === metric);
    reports.forEach((r, i) => {
      const b = buttons[i];
      const value = metricText(metric, r[metric]);
      b.querySelector(".ym-thumb__score").textContent = `${short} ${value}`;
      b.dataset.metric = String(r[metric]);
      b.classList.toggle(
        "ym-thumb--high",
        arrange === "layers" && values[i] >= cut && Number.isFinite(values[i]),
      );
    });
    if (arrange === "sorted") {
      showing++;
      board.replaceChildren(...order().map((i) => buttons[i]));
      board.classList.add("ym-grid__board--sorted");
    } else {
      layerRows ??= Array.from({ length: layers }, (_, l) =>
        el(
          doc,
          "div",
          {
            className: "ym-grid__layer",
            role: "group",
            "aria-label": `Layer ${l}`,
          },
          [
            el(doc, "span", {
              className: "ym-grid__layer-name",
              "aria-hidden": "true",
              text: `L${l}`,
            }),
          ],
        ),
      );
      layerRows.forEach((row, l) =>
        row.append(...buttons.slice(l * heads, (l + 1) * heads)),
      );
      board.classList.remove("ym-grid__board--sorted");
      if (
        board.children.length !== layers ||
        [...board.children].some((row, l) => row !== layerRows[l])
      ) {
        shown = showRows(layerRows);
      }
    }
    spoken();
    return shown;
  }

  /**
   * Puts the layers' rows in the board a few per frame, painting each just
   * before: the first layout of GPT-2 small's 144 thumbnails in one task
   * took 66–115 ms.
   * @param {HTMLElement[]} rows
   * @returns {Promise<void>}
   */
  function showRows(rows) {
    board.replaceChildren();
    const token = ++showing;
    return inFrames(
      rows.length,
      () => token === showing,
      (from, to) => {
        for (let l = from; l < to; l++) paintLayer(l);
        board.append(...rows.slice(from, to));
      },
    );
  }

  /** Paints the layers still unpainted, a few per frame. */
  function paintRest() {
    const token = ++painting;
    return inFrames(
      layers,
      () => token === painting,
      (from, to) => {
        for (let l = from; l < to; l++) paintLayer(l);
      },
    );
  }

  /**
   * Calls step(from, to) over [0, total), ROWS_PER_FRAME at a time and one
   * call per frame, while current() holds (a newer call has not taken over).
   * @param {number} total
   * @param {() => boolean} current
   * @param {(from: number, to: number) => void} step
   * @returns {Promise<void>}
   */
  function inFrames(total, current, step) {
    return new Promise((resolve) => {
      let next = 0;
      const run = () => {
        if (!current()) return resolve();
        step(next, Math.min(total, next + ROWS_PER_FRAME));
        next += ROWS_PER_FRAME;
        if (next >= total) return resolve();
        requestAnimationFrame(() => setTimeout(run, 0));
      };
      run();
    });
  }

  function spoken() {
    reports.forEach((r, i) => {
      const b = buttons[i];
      const [, short] = GRID_METRICS.find(([key]) => key === metric);
      const off = flags[i] ? ", switched off" : "";
      const roles = o.rolesOf?.(r.layer, r.head) ?? [];
      const role = roles.length
        ? `, published role ${roles.map((x) => x.role).join(", ")}`
        : "";
      b.querySelector(".ym-thumb__spoken").textContent =
        ` (${short} score ${metricText(metric, r[metric])}${role}${off})`;
      b.setAttribute(
        "aria-pressed",
        mode === "ablate" ? String(flags[i] === 1) : String(i === selected),
      );
    });
  }

  return {
    element,
    /**
     * Draws every head's thumbnail and label from the run.
     * @param {{ n: number, weights: Float32Array, reports: any[] }} run
     */
    update(run) {
      const { n, weights } = run;
      reports = run.reports;
      reports.forEach((r, i) => {
        const b = buttons[i];
        b.dataset.label = r.label;
        b.querySelector(".ym-thumb__label").textContent = r.label;
        const roles = o.rolesOf?.(r.layer, r.head) ?? [];
        b.querySelector(".ym-thumb__role").textContent = roles.length
          ? `★ ${roles[0].role}`
          : "";
        b.classList.toggle("ym-thumb--role", roles.length > 0);
      });
      pattern = { n, weights };
      unpainted.fill(1);
      // The table of every score is built when it is open: 144 rows in the
      // same task as 144 thumbnails passed 50 ms.
      tableStale = true;
      if (details.open) drawTable();
      return draw().then(paintRest);
    },
    /** Marks the head shown in full. */
    select(layer, head) {
      selected = layer * heads + head;
      focusOnly(selected);
      if (reports) spoken();
    },
    /** Marks the ablated heads (L·H flags). */
    setFlags(next) {
      flags = next;
      buttons.forEach((b, i) =>
        b.classList.toggle("ym-thumb--off", flags[i] === 1),
      );
      if (reports) spoken();
    },
  };
}

function scoresTable(doc, reports, rolesOf) {
  return el(doc, "table", { className: "ym-scores__table" }, [
    el(doc, "caption", {
      text: "Every head's scores on your text, computed by the core",
    }),
    el(doc, "thead", {}, [
      el(doc, "tr", {}, [
        el(doc, "th", { scope: "col", text: "head" }),
        el(doc, "th", { scope: "col", text: "label" }),
        ...(rolesOf
          ? [el(doc, "th", { scope: "col", text: "published role" })]
          : []),
        ...GRID_METRICS.map(([, short, about]) =>
          el(doc, "th", { scope: "col", title: about, text: short }),
        ),
      ]),
    ]),
    el(
      doc,
      "tbody",
      {},
      reports.map((r) =>
        el(doc, "tr", {}, [
          el(doc, "th", { scope: "row", text: headName(r) }),
          el(doc, "td", { text: r.label }),
          ...(rolesOf
            ? [
                el(doc, "td", {
                  text:
                    rolesOf(r.layer, r.head)
                      .map((x) => x.role)
                      .join(", ") || "–",
                }),
              ]
            : []),
          ...GRID_METRICS.map(([key]) =>
            el(doc, "td", { text: metricText(key, r[key]) }),
          ),
        ]),
      ),
    ),
  ]);
}
