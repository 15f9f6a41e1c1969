// The fixed layout of section #training, built once from text.js: the
// opening, the controls, the progress bar, the status and milestone lines,
// the two charts and their table, and the box for the head maps, with the
// empty slots that the renderers fill.
import { el } from "../../components/dom.js";
import { TRAINING_STEPS } from "./settings.js";
import { BLANK, INTRO, LABELS, STATUS, describeProgress } from "./text.js";

/**
 * @typedef {object} TrainingLayout
 * @property {HTMLElement[]} elements the section's children, in order
 * @property {HTMLElement} controls the buttons' group (Start, Pause,
 *   Reset)
 * @property {HTMLButtonElement} startButton
 * @property {HTMLButtonElement} pauseButton
 * @property {HTMLButtonElement} resetButton
 * @property {HTMLElement} progressBox the progress bar and its text
 * @property {HTMLElement} status the status line (role="status")
 * @property {HTMLElement} where where the training runs
 * @property {HTMLElement} milestoneList
 * @property {HTMLElement} lossChart
 * @property {HTMLElement} scoresChart
 * @property {HTMLElement} table the scrollable table's box
 * @property {HTMLElement} headsBox the head maps' box
 * @property {HTMLElement} shownText the shown sequence's note
 */

/**
 * Builds the section's layout (nothing drawn in the charts or maps yet).
 * @param {Document} doc
 * @returns {TrainingLayout}
 */
export function buildLayout(doc) {
  const intro = el(
    doc,
    "div",
    { className: "training-intro" },
    INTRO.map((pieces) =>
      el(
        doc,
        "p",
        {},
        pieces.map((piece) =>
          typeof piece === "string"
            ? piece
            : el(doc, piece.tag, { text: piece.text }),
        ),
      ),
    ),
  );

  const button = (className, text, disabled) =>
    el(doc, "button", { type: "button", className, text, disabled });
  const startButton = button("training-start", LABELS.start, undefined);
  const pauseButton = button("training-pause", LABELS.pause, true);
  const resetButton = button("training-reset", LABELS.reset, true);
  const progress = el(doc, "progress", {
    id: "training-progress",
    max: TRAINING_STEPS,
    value: 0,
  });
  const progressText = el(doc, "span", {
    className: "training-progress__text",
    text: describeProgress(0, TRAINING_STEPS, 0),
  });
  const status = el(doc, "p", {
    className: "training-status",
    role: "status",
    text: STATUS.idle,
  });
  const where = el(doc, "p", { className: "note training-where", text: BLANK });
  const milestoneList = el(doc, "ul", {
    className: "training-milestones",
    "aria-live": "polite",
    "aria-label": LABELS.milestones,
  });

  const lossChart = el(doc, "div", {
    className: "training-chart training-chart--loss",
  });
  const scoresChart = el(doc, "div", {
    className: "training-chart training-chart--scores",
  });
  const table = el(doc, "div", {
    className: "training-table__scroll",
    tabindex: "0",
    role: "region",
    "aria-label": LABELS.table,
  });
  const headsBox = el(doc, "div", { className: "training-heads" });
  const shownText = el(doc, "p", {
    className: "note training-shown",
    text: BLANK,
  });

  const controls = el(
    doc,
    "div",
    {
      className: "training-controls",
      role: "group",
      "aria-label": LABELS.controls,
    },
    [startButton, pauseButton, resetButton],
  );
  const progressBox = el(doc, "div", { className: "training-progress" }, [
    el(doc, "label", { for: "training-progress", text: LABELS.progress }),
    progress,
    progressText,
  ]);

  const elements = [
    intro,
    controls,
    progressBox,
    status,
    milestoneList,
    where,
    el(doc, "div", { className: "training-plots" }, [
      el(doc, "figure", { className: "training-figure" }, [
        el(doc, "figcaption", { text: LABELS.lossCaption }),
        lossChart,
      ]),
      el(doc, "figure", { className: "training-figure" }, [
        el(doc, "figcaption", { text: LABELS.scoresCaption }),
        scoresChart,
      ]),
    ]),
    el(doc, "details", { className: "training-details" }, [
      el(doc, "summary", { text: LABELS.tableSummary }),
      table,
    ]),
    el(doc, "h3", { text: LABELS.headsTitle }),
    el(doc, "p", { text: LABELS.headsLead }),
    shownText,
    headsBox,
  ];

  return {
    elements,
    controls,
    startButton,
    pauseButton,
    resetButton,
    progressBox,
    status,
    where,
    milestoneList,
    lossChart,
    scoresChart,
    table,
    headsBox,
    shownText,
  };
}
