// The #training section's two live plots (the loss on the copied letters, and the best
// previous-token and induction scores) and their text alternatives: a
// one-sentence summary in each chart and a table every 500 steps. Pure
// functions of the run's history; they never call the core.
import { el } from "../../components/dom.js";
import { renderLinePlot } from "../../components/line-plot.js";

const integer = new Intl.NumberFormat("en-US");
export const fmt = (v, digits = 2) =>
  Number.isFinite(v) ? v.toFixed(digits) : "–";

/** Colour-blind-safe (Okabe–Ito) colours, from training.css. */
const COLORS = {
  loss: "var(--training-loss)",
  previousToken: "var(--training-prev)",
  induction: "var(--training-ind)",
};

/**
 * One sentence about the loss so far.
 * @param {{ step: number, lossCopies: number }[]} points
 */
export function describeLoss(points) {
  if (points.length === 0) return "No training steps yet.";
  const first = points[0];
  const last = points[points.length - 1];
  const low = points.reduce((a, p) => (p.lossCopies < a.lossCopies ? p : a));
  return (
    `Loss on the copied letters (mean of 25 steps): ${fmt(first.lossCopies)} nats at step ${integer.format(first.step)}, ` +
    `${fmt(last.lossCopies)} at step ${integer.format(last.step)}; lowest ${fmt(low.lossCopies)} at step ${integer.format(low.step)}.`
  );
}

/**
 * One sentence about the head scores so far.
 * @param {{ step: number, previousToken: number, induction: number }[]} scores
 */
export function describeScores(scores) {
  if (scores.length === 0) return "No measurement yet.";
  const last = scores[scores.length - 1];
  return (
    `At step ${integer.format(last.step)}, the best previous-token score in layer 0 is ${fmt(last.previousToken)} ` +
    `and the best induction score in layer 1 is ${fmt(last.induction)} (a head is labelled at 0.5).`
  );
}

/**
 * Rows of the summary table: every `every` steps (and the last), the loss
 * point and the measurement at or just before that step.
 */
export function summaryRows(points, scores, every = 500) {
  const rows = [];
  const lastStep = Math.max(points.at(-1)?.step ?? 0, scores.at(-1)?.step ?? 0);
  const at = (list, step) => {
    let found = null;
    for (const item of list) if (item.step <= step) found = item;
    return found;
  };
  for (let step = 0; step <= lastStep; step += every) rows.push(step);
  if (rows.at(-1) !== lastStep) rows.push(lastStep);
  return rows.map((step) => ({
    step,
    lossCopies: step === 0 ? NaN : (at(points, step)?.lossCopies ?? NaN),
    previousToken: at(scores, step)?.previousToken ?? NaN,
    induction: at(scores, step)?.induction ?? NaN,
  }));
}

/**
 * Draws both charts and the table. Called again as the run grows, it
 * redraws only the lines, the markers and the table (the component keeps
 * the rest).
 * @param {{ loss: HTMLElement, scores: HTMLElement, table: HTMLElement }} where
 * @param {{ total: number, points: object[], scores: object[],
 *           milestones: object[], alphabetSize: number }} run
 * @param {number} width  pixels available (a narrow chart gets shorter labels)
 */
export function renderPlots(where, run, width) {
  const narrow = width < 420;
  const guess = Math.log(run.alphabetSize);
  const common = {
    caption: null, // the section's <figure> has the caption
    table: false, // one table below both charts holds their numbers
    xLabel: "training step",
    xRange: /** @type {[number, number]} */ ([0, run.total]),
    formatX: (v) => integer.format(v),
    formatY: (v) => v.toFixed(1),
  };
  renderLinePlot(
    where.loss,
    {
      series: [
        {
          label: "loss on the copied letters",
          color: COLORS.loss,
          x: run.points.map((p) => p.step),
          values: run.points.map((p) => p.lossCopies),
        },
      ],
      markers: [
        {
          y: guess,
          label: narrow
            ? `guessing: ${fmt(guess)}`
            : `guessing among ${run.alphabetSize} letters: ln ${run.alphabetSize} = ${fmt(guess)}`,
          className: "line-plot__marker--reference",
        },
        ...run.milestones.map((m) => ({
          x: m.step,
          label: `${m.kind} head`,
          className: "line-plot__marker--event",
          color:
            m.kind === "induction" ? COLORS.induction : COLORS.previousToken,
          inside: true,
        })),
      ],
    },
    {
      ...common,
      label: "Loss on the copied letters during training",
      description: describeLoss(run.points),
      yLabel: "loss (nats)",
      yRange: [0, 5],
    },
  );
  const at = run.scores.map((s) => s.step);
  renderLinePlot(
    where.scores,
    {
      series: [
        {
          label: "best previous-token score, layer 0",
          color: COLORS.previousToken,
          dash: "7 4",
          x: at,
          values: run.scores.map((s) => s.previousToken),
        },
        {
          label: "best induction score, layer 1",
          color: COLORS.induction,
          x: at,
          values: run.scores.map((s) => s.induction),
        },
      ],
      markers: [
        {
          y: 0.5,
          label: "label threshold 0.5",
          className: "line-plot__marker--reference",
        },
      ],
    },
    {
      ...common,
      label: "Best previous-token and induction scores during training",
      description: describeScores(run.scores),
      yLabel: "score (0 to 1)",
      yRange: [0, 1],
      yTicks: [0, 0.5, 1],
    },
  );
  renderTable(where.table, summaryRows(run.points, run.scores));
}

function renderTable(element, rows) {
  const doc = element.ownerDocument;
  const head = [
    "Step",
    "Loss on copies",
    "Best previous-token (layer 0)",
    "Best induction (layer 1)",
  ];
  element.replaceChildren(
    el(doc, "table", { className: "training-table" }, [
      el(doc, "caption", { text: "Loss and head scores every 500 steps" }),
      el(doc, "thead", {}, [
        el(
          doc,
          "tr",
          {},
          head.map((text) => el(doc, "th", { scope: "col", text })),
        ),
      ]),
      el(
        doc,
        "tbody",
        {},
        rows.map((r) =>
          el(doc, "tr", {}, [
            el(doc, "th", { scope: "row", text: integer.format(r.step) }),
            el(doc, "td", { text: fmt(r.lossCopies) }),
            el(doc, "td", { text: fmt(r.previousToken) }),
            el(doc, "td", { text: fmt(r.induction) }),
          ]),
        ),
      ),
    ]),
  );
}
