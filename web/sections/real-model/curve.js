// The #real-model section's training timeline: a slider over the shipped checkpoints and,
// beside it, the training record: the loss (log.csv, as means over 50
// steps) and the best previous-token and induction scores on the probe
// (eval.csv, every 50 steps), with the phase change (index.json) and the
// current checkpoint marked. These curves are the training log as written
// by the trainer; the numbers of the checkpoint itself are computed live.
import { el } from "../../components/dom.js";
import { renderLinePlot } from "../../components/line-plot.js";
import { binnedMeans, bestOf } from "./data.js";
import { formatStep } from "./text.js";

/** Okabe–Ito colours with at least 3:1 contrast on light and dark. */
const BLUE = "#0072b2";
const VERMILLION = "#d55e00";
const GREEN = "#009e73";
const BIN = 50;

/**
 * @param {Document} doc
 * @param {{ checkpoints: { step: number }[], phaseStep: number,
 *   start: number, onChange: (i: number) => void }} o
 * @returns {{ element: HTMLElement, setCurrent(i: number): void,
 *   drawLogs(logs: object): void, setStatus(text: string): void }}
 */
export function createTimeline(
  doc,
  { checkpoints, phaseStep, start, onChange },
) {
  const steps = checkpoints.map((c) => c.step);
  const last = steps[steps.length - 1];
  const slider = el(doc, "input", {
    type: "range",
    id: "real-model-step",
    className: "rm-timeline__slider",
    min: 0,
    max: steps.length - 1,
    step: 1,
    value: String(start),
    "aria-describedby": "real-model-step-text",
    on: { input: () => onChange(Number(slider.value)) },
  });
  const stepText = el(doc, "output", {
    id: "real-model-step-text",
    className: "rm-timeline__step",
    for: "real-model-step",
  });
  const status = el(doc, "p", {
    className: "rm-timeline__status note",
    "aria-live": "polite",
  });
  const ticks = el(
    doc,
    "ol",
    { className: "rm-timeline__ticks", "aria-hidden": "true" },
    steps.map((s) => el(doc, "li", { text: formatStep(s) })),
  );
  const lossChart = el(doc, "div", { className: "rm-timeline__chart" });
  const scoreChart = el(doc, "div", { className: "rm-timeline__chart" });
  const charts = el(doc, "div", { className: "rm-timeline__charts" }, [
    lossChart,
    scoreChart,
  ]);
  const element = el(doc, "div", { className: "rm-timeline panel" }, [
    el(doc, "label", {
      for: "real-model-step",
      text: `Training checkpoint (${steps.length} saved, step 0 to ${formatStep(last)})`,
    }),
    slider,
    ticks,
    stepText,
    status,
    charts,
  ]);

  const markersFor = (step) => [
    {
      x: phaseStep,
      label: `phase change ${formatStep(phaseStep)}`,
      className: "line-plot__marker--event",
    },
    {
      x: step,
      label: `now: ${formatStep(step)}`,
      className: "line-plot__marker--current",
      inside: true,
    },
  ];
  const plots = [];
  let current = start;

  function setCurrent(i) {
    current = i;
    const step = steps[i];
    slider.value = String(i);
    const when =
      step < phaseStep
        ? `before the phase change at step ${formatStep(phaseStep)}`
        : `after the phase change at step ${formatStep(phaseStep)}`;
    slider.setAttribute("aria-valuetext", `step ${formatStep(step)}, ${when}`);
    stepText.textContent = `Step ${formatStep(step)} of ${formatStep(last)}: ${when}.`;
    for (const p of plots) p.setMarkers(markersFor(step));
  }

  function drawLogs({ log, eval: evaluation }) {
    const bins = binnedMeans(log.rows, {
      x: "step",
      keys: ["loss", "loss_synthetic", "loss_text"],
      size: BIN,
    });
    const keepRow = (x) => x % 1000 === 0 || steps.includes(x);
    plots.length = 0;
    plots.push(
      renderLinePlot(
        lossChart,
        {
          x: bins.x,
          series: [
            {
              label: "all training data",
              values: bins.series.loss,
              color: BLUE,
            },
            {
              label: "copied letters",
              values: bins.series.loss_synthetic,
              color: VERMILLION,
              dash: "7 4",
            },
            {
              label: "English (Moby-Dick)",
              values: bins.series.loss_text,
              color: GREEN,
              dash: "2 3",
            },
          ],
        },
        {
          label: `Training loss, mean over every ${BIN} steps (log.csv)`,
          xLabel: "training step",
          yLabel: "loss (nats per character)",
          xRange: [0, last],
          formatX: formatStep,
          formatY: (v) => v.toFixed(1),
          tableFilter: keepRow,
          tableSummary: "The loss as a table",
        },
      ),
    );
    const evalRows = evaluation.rows;
    plots.push(
      renderLinePlot(
        scoreChart,
        {
          x: evalRows.map((r) => r.step),
          series: [
            {
              label: "best induction score",
              values: bestOf(evalRows, evaluation.columns, "ind_"),
              color: VERMILLION,
            },
            {
              label: "best previous-token score",
              values: bestOf(evalRows, evaluation.columns, "prev_"),
              color: BLUE,
              dash: "7 4",
            },
          ],
        },
        {
          label: "Best head scores on the probe, every 50 steps (eval.csv)",
          xLabel: "training step",
          yLabel: "score (0 to 1)",
          yRange: [0, 1],
          yTicks: [0, 0.5, 1],
          formatX: formatStep,
          formatY: (v) => v.toFixed(2),
          tableFilter: keepRow,
          tableSummary: "The scores as a table",
        },
      ),
    );
    setCurrent(current);
  }

  setCurrent(start);
  return {
    element,
    setCurrent,
    drawLogs,
    setStatus(text) {
      status.textContent = text;
    },
  };
}
