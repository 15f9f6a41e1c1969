// The record of one #training run: what the runner's messages have reported
// so far (steps, loss points, best head scores, milestones, the shown
// tokens). The renderers draw from it; nothing here touches the page.

/**
 * @typedef {object} TrainingRun
 * @property {string} state "starting", "running", "paused", "done" or
 *   "error"
 * @property {number} total the steps the run is set to train
 * @property {number} step the last step reported
 * @property {number} elapsedMs training time so far (ms)
 * @property {object[]} points the loss points, in step order
 * @property {{ step: number, previousToken: number, induction: number }[]}
 *   scores the best head scores at every snapshot
 * @property {import("./milestones.js").Milestone[]} milestones
 * @property {string[]} tokens the shown sequence
 * @property {number} alphabetSize
 */

/**
 * A fresh record, before the runner has reported anything.
 * @param {{ alphabet: ArrayLike<string> }} settings the training settings
 * @param {number} total the steps to train
 * @returns {TrainingRun}
 */
export function newRun(settings, total) {
  return {
    state: "starting",
    total,
    step: 0,
    elapsedMs: 0,
    points: [],
    scores: [],
    milestones: [],
    tokens: [],
    alphabetSize: settings.alphabet.length,
  };
}

/**
 * Adds what a runner message reports to `run` (messages without data for
 * the record leave it as it is; the state is set by the caller).
 * @param {TrainingRun} run
 * @param {any} message a message of the training runner
 * @param {{ layers: number }} settings the training settings
 */
export function recordMessage(run, message, settings) {
  const m = message;
  switch (m.type) {
    case "started":
      run.tokens = m.tokens;
      break;
    case "progress":
      run.step = m.step;
      run.elapsedMs = m.elapsedMs;
      run.points.push(...m.points);
      break;
    case "heads":
      run.scores.push({
        step: m.step,
        previousToken: m.best.previousToken,
        induction: m.best.induction,
      });
      break;
    case "milestone":
      run.milestones.push(m);
      break;
  }
}

/** The run's state after a message of each type (absent: unchanged). */
export const STATE_AFTER = {
  started: "running",
  paused: "paused",
  resumed: "running",
  done: "done",
  error: "error",
};
