// The words of #training: the opening paragraphs, the controls' and
// figures' labels, and the status line's sentences for every state of a
// run. The numbers in them come from settings.js or from the run's
// messages.
import { fmt } from "./plots.js";
import {
  EXPECTED_INDUCTION_STEP,
  PROBE,
  SHOWN_PROBE,
  SNAPSHOT_EVERY,
  TRAINING_SETTINGS,
} from "./settings.js";

const integer = new Intl.NumberFormat("en-US");

const settings = TRAINING_SETTINGS;
const half = settings.n / 2;

/**
 * The section's opening paragraphs, each a list of pieces: plain text, or
 * `{ tag, text }` for an emphasised word.
 * @type {(string | { tag: "em" | "strong", text: string })[][]}
 */
export const INTRO = [
  [
    `So far every model on this page came ready-made. Here you train one. It is tiny, ${settings.layers} layers of ${settings.heads} heads with d_model = ${settings.dModel}, and its task is a toy one. Each training sequence is ${settings.n} random letters (from the ${settings.alphabet.length} letters ${settings.alphabet[0]}–${settings.alphabet.at(-1)}), and somewhere in it a span of ${settings.minSpan} to ${settings.maxSpan} letters appears a second time. Random letters cannot be predicted, so only the repeated letters are scored. They can be predicted by a model that, on seeing a letter again, looks up what followed it the first time.`,
  ],
  [
    "What to watch for, in this order. First, a head in layer 0 learns to look at the ",
    { tag: "em", text: "previous" },
    " token, so every position carries its predecessor. Then a head in layer 1 learns to look at the token right ",
    { tag: "em", text: "after" },
    " an earlier copy of the current letter: an ",
    { tag: "strong", text: "induction head" },
    ". It can only find that copy through the layer-0 head. When it forms, the loss on the copies drops steeply after a long flat stretch. Olsson et al. (2022) called this sudden drop a “phase change” in much larger language models.",
  ],
  [
    `Everything runs in this tab. The C++ core that computes every other section, compiled to WebAssembly, trains the model in a background Worker (on the page itself where a Worker cannot start). Nothing is sent anywhere. Training keeps one CPU core busy, so it starts only when you press Start.`,
  ],
  [
    `Every ${SNAPSHOT_EVERY} steps the core scores each head on ${PROBE.batch} test sequences of ${half} distinct letters repeated once. The labels are the core’s classifier: a head is labelled “induction” or “previous-token” when that score reaches 0.5. With these settings the induction head appears at about step ${integer.format(EXPECTED_INDUCTION_STEP)}, some 10–30 seconds on a laptop. The previous-token score rises too, but in a model this small it is shared between the layer-0 heads and may stay under 0.5: look for the bright cells just left of the diagonal in their maps.`,
  ],
];

/** The fixed labels of the controls, figures, table and head maps. */
export const LABELS = {
  start: "Start training",
  again: "Train again",
  pause: "Pause",
  resume: "Resume",
  reset: "Reset",
  controls: "Training controls",
  progress: "Progress",
  milestones: "Heads that appeared",
  lossCaption: "Loss on the copied letters (mean of every 25 steps)",
  scoresCaption: "Best head scores on the test sequences",
  table: "Loss and head scores every 500 steps (scrollable)",
  tableSummary: "The plotted numbers as a table",
  headsTitle: "Every head, live",
  headsLead: `Each map is one head’s attention on a test sequence of ${SHOWN_PROBE.half} letters repeated once (rows: the token attending; columns: the token attended to; brighter means more). A previous-token head lights up the cells just left of the diagonal. An induction head lights up a stripe in the lower half, ${SHOWN_PROBE.half - 1} columns left of the diagonal: each repeated letter looks at the letter after its first copy.`,
};

/** A blank line that keeps its height (the "where" and shown-sequence notes). */
export const BLANK = "\u00a0";

/** The status line's fixed sentences. */
export const STATUS = {
  idle: "Press Start to train. Nothing runs until you do.",
  reset: "Reset. Press Start to train a new model from scratch.",
  starting: "Starting the core for training…",
};

/** The status line's sentence for a milestone message. */
export function describeMilestone(m) {
  const what =
    m.kind === "induction"
      ? "An induction head appeared"
      : "A previous-token head appeared";
  const metric = m.kind === "induction" ? "induction" : "previous-token";
  return `${what} at step ${integer.format(m.step)}: layer ${m.layer}, head ${m.head} (${metric} score ${fmt(m.score)}).`;
}

/** "Step 1,200 of 6,000 · 190 steps per second". */
export function describeProgress(step, total, elapsedMs) {
  const rate = elapsedMs > 0 ? Math.round((step * 1000) / elapsedMs) : 0;
  const parts = [`Step ${integer.format(step)} of ${integer.format(total)}`];
  if (step > 0) parts.push(`${integer.format(rate)} steps per second`);
  return parts.join(" · ");
}

/**
 * The status line while training: which heads have appeared so far.
 * @param {{ kind: string }[]} milestones the run's milestones so far
 */
export function describeRunning(milestones) {
  const kinds = new Set(milestones.map((m) => m.kind));
  const has = (k) => kinds.has(k);
  if (has("induction") && has("previous-token"))
    return "Training… both heads have appeared (below).";
  if (has("induction"))
    return "Training… an induction head has appeared (below).";
  if (has("previous-token"))
    return "Training… a previous-token head has appeared (below); no induction head yet.";
  return "Training… no previous-token or induction head yet.";
}

/** Where the training runs: "worker", or "page" with the reason. */
export function describeMode(mode, reason) {
  return mode === "worker"
    ? "Running in a background Worker of this tab."
    : `Running on the page’s own thread, in short bursts, because ${reason}.`;
}

/** "The shown sequence: A B C …". */
export function describeShown(tokens) {
  return `The shown sequence: ${tokens.join(" ")}`;
}

/** The status line when paused (by the reader or by a hidden tab). */
export function describePaused(step, hidden) {
  return `Paused at step ${integer.format(step)}${hidden ? " while this tab is hidden" : ""}.`;
}

/**
 * The status line at the end of a run.
 * @param {number} step the last step
 * @param {number} elapsedMs training time in milliseconds
 * @param {boolean} induction whether an induction head formed
 */
export function describeDone(step, elapsedMs, induction) {
  return (
    `Finished ${integer.format(step)} steps in ${fmt(elapsedMs / 1000, 1)} s of training. ` +
    (induction
      ? "An induction head formed."
      : "No head reached an induction score of 0.5 in this run.")
  );
}

/** The status line when the run failed. */
export function describeError(message) {
  return `Training stopped: ${message}`;
}

/**
 * The status line after a runner message, or null where it stays as it is.
 * @param {any} message a message of the training runner
 * @param {{ state: string, milestones: { kind: string }[] }} run the run's
 *   record, with the message already recorded
 * @param {boolean} hidden whether a pause was the hidden tab's
 * @returns {string | null}
 */
export function describeStatus(message, run, hidden) {
  const m = message;
  switch (m.type) {
    case "started":
    case "resumed":
      return describeRunning(run.milestones);
    case "milestone":
      return run.state === "running" ? describeRunning(run.milestones) : null;
    case "paused":
      return describePaused(m.step, hidden);
    case "done":
      return describeDone(
        m.step,
        m.elapsedMs,
        run.milestones.some((x) => x.kind === "induction"),
      );
    case "error":
      return describeError(m.message);
    default:
      return null;
  }
}
