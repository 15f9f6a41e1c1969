// The training loop of #training, shared by the Worker (web/sections/training/worker.js)
// and the in-page fallback (web/sections/training/runner.js): a session
// takes messages, runs the trainer in short chunks of steps, and reports
// what happens as plain messages. Between two chunks it gives the thread
// back (setTimeout), so "pause" and "reset" are handled at once.
//
//   const session = createTrainingSession(mha, (message) => …, { chunk: 25 });
//   session.handle({ type: "start", settings, steps });
//   session.handle({ type: "pause" });   // "resume", "reset"
//
// Messages out, in order: "started" { settings, steps, probe }, then
// "heads" (every head measured on the probe, at step 0 and every
// snapshotEvery steps), "progress" (after every chunk), "milestone" (the
// first time the core labels a head previous-token or induction), and
// "paused", "resumed", "reset", "done", or "error" { message }. Every
// number is the core's.
import { PLOT_EVERY, PROBE, SHOWN_PROBE, SNAPSHOT_EVERY } from "./settings.js";

/** The labels whose first appearance is reported as a milestone. */
export const MILESTONE_LABELS = Object.freeze(["previous-token", "induction"]);

/** The metric behind each milestone label. */
const LABEL_METRIC = {
  "previous-token": "previousToken",
  induction: "induction",
};

/**
 * The heads carrying each label in MILESTONE_LABELS that `seen` does not
 * hold yet: [{ kind, layer, head, score }], the best-scoring head per label.
 *
 * The head is the core's: `analysis.best(metric)` over all heads (ties go
 * to the first head, layer-major). When that head carries the label, it is
 * also the best of the labelled heads. It always does for "induction" (the
 * classifier labels a head induction exactly when its induction score
 * reaches the threshold). For "previous-token" it may not: the classifier
 * labels a head induction first, so the top previous-token scorer can be
 * an induction head while another head is labelled previous-token. The
 * core has no best over a subset, so only then the labelled heads are
 * compared here (first on a tie, as in the core).
 *
 * Call it where the analysis is (the Worker): `best` is not enumerable and
 * does not cross postMessage.
 * @param {Pick<import("../../lib/mha.js").HeadAnalysis, "heads" | "best">} analysis
 *   Model.analyze()'s result
 * @param {Set<string>} seen the labels already reported
 */
export function newMilestones(analysis, seen) {
  const found = [];
  for (const kind of MILESTONE_LABELS) {
    if (seen.has(kind)) continue;
    const best = bestLabelled(analysis, kind);
    if (best) found.push({ kind, ...best });
  }
  return found;
}

/** The best head on `kind`'s metric among those labelled `kind`, or null. */
function bestLabelled(analysis, kind) {
  const metric = LABEL_METRIC[kind];
  const top = analysis.best(metric);
  const topHead = analysis.reports.find(
    (h) => h.layer === top.layer && h.head === top.head,
  );
  if (topHead?.label === kind) {
    return { layer: top.layer, head: top.head, score: top.value };
  }
  let best = null;
  for (const h of analysis.reports) {
    if (h.label !== kind) continue;
    if (!best || h[metric] > best.score) {
      best = { layer: h.layer, head: h.head, score: h[metric] };
    }
  }
  return best;
}

/**
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {(message: object) => void} emit
 * @param {{ chunk?: number, schedule?: (fn: () => void) => unknown,
 *           cancel?: (handle: unknown) => void, now?: () => number }} [options]
 *   chunk: steps between two yields (25 in a Worker, fewer on the page).
 */
export function createTrainingSession(mha, emit, options = {}) {
  const chunk = options.chunk ?? 25;
  const schedule = options.schedule ?? ((fn) => setTimeout(fn, 0));
  const cancel =
    options.cancel ??
    ((h) => clearTimeout(/** @type {ReturnType<typeof setTimeout>} */ (h)));
  const now = options.now ?? (() => performance.now());

  let run = null; // the current run's state, or null

  function stop() {
    if (!run) return;
    if (run.timer !== null) cancel(run.timer);
    run.trainer.dispose();
    run = null;
  }

  function fail(error) {
    stop();
    emit({ type: "error", message: error?.message ?? String(error) });
  }

  function start({ settings, steps, snapshotEvery = SNAPSHOT_EVERY }) {
    stop();
    const trainer = mha.createTrainer(settings);
    const s = trainer.settings;
    const half = Math.floor(s.n / 2);
    const probe = mha.probeSequences({ ...PROBE, half, alphabet: s.alphabet });
    const shown = mha.probeSequences({
      batch: 1,
      ...SHOWN_PROBE,
      alphabet: s.alphabet,
    });
    run = {
      trainer,
      total: steps,
      snapshotEvery,
      probe,
      shown,
      step: 0,
      paused: false,
      timer: null,
      elapsed: 0, // ms spent training, pauses left out
      seen: new Set(),
      bin: { count: 0, loss: 0, lossCopies: 0 },
    };
    emit({
      type: "started",
      settings: { ...s },
      steps,
      probe: { batch: PROBE.batch, half, seed: PROBE.seed },
      tokens: [...mha.decodeTokens(shown)],
    });
    measure();
    next();
  }

  /** Snapshot, analysis on the probe, weights on the shown sequence. */
  function measure() {
    const model = run.trainer.snapshot();
    try {
      const analysis = model.analyze(run.probe, { batch: PROBE.batch });
      const forward = model.forward(run.shown);
      const heads = analysis.reports.map((h) => ({ ...h }));
      const weights = heads.map((h) =>
        Float32Array.from(forward.headWeights(h.layer, h.head)),
      );
      // The plotted scores: the core's best head of the first layer on the
      // previous token, and of the last layer on induction.
      const best = {
        previousToken: analysis.best("previousToken", { layer: 0 }).value,
        induction: analysis.best("induction", {
          layer: heads.at(-1)?.layer ?? 0,
        }).value,
      };
      emit({
        type: "heads",
        step: run.step,
        n: forward.n,
        heads,
        weights,
        best,
      });
      for (const m of newMilestones(analysis, run.seen)) {
        run.seen.add(m.kind);
        emit({ type: "milestone", step: run.step, ...m });
      }
    } finally {
      model.dispose();
    }
  }

  function next() {
    run.timer = schedule(tick);
  }

  function tick() {
    if (!run) return;
    run.timer = null;
    if (run.paused) return;
    try {
      const t0 = now();
      const until = Math.min(
        run.total,
        run.step + chunk,
        // stop exactly on a measurement step
        (Math.floor(run.step / run.snapshotEvery) + 1) * run.snapshotEvery,
      );
      // In calls of at most maxStepsPerCall steps (the API's bound).
      const stats = [];
      for (let at = run.step; at < until; ) {
        const count = Math.min(until - at, run.trainer.maxStepsPerCall);
        stats.push(...run.trainer.step(count));
        at += count;
      }
      const points = [];
      for (const st of stats) {
        const b = run.bin;
        b.count += 1;
        b.loss += st.loss;
        b.lossCopies += st.lossSynthetic;
        if (b.count === PLOT_EVERY || st.step === run.total) {
          points.push({
            step: st.step,
            loss: b.loss / b.count,
            lossCopies: b.lossCopies / b.count,
          });
          run.bin = { count: 0, loss: 0, lossCopies: 0 };
        }
      }
      run.step = until;
      run.elapsed += now() - t0;
      const last = stats[stats.length - 1];
      emit({
        type: "progress",
        step: run.step,
        total: run.total,
        elapsedMs: run.elapsed,
        lr: last.lr,
        loss: last.loss,
        points,
      });
      if (run.step % run.snapshotEvery === 0 || run.step === run.total) {
        measure();
      }
      if (run.step >= run.total) {
        const { step, elapsed } = run;
        stop();
        emit({ type: "done", step, elapsedMs: elapsed });
        return;
      }
      next();
    } catch (error) {
      fail(error);
    }
  }

  function handle(message) {
    try {
      switch (message?.type) {
        case "start":
          start(message);
          break;
        case "pause":
          if (run && !run.paused) {
            run.paused = true;
            if (run.timer !== null) cancel(run.timer);
            run.timer = null;
            emit({ type: "paused", step: run.step });
          }
          break;
        case "resume":
          if (run && run.paused) {
            run.paused = false;
            emit({ type: "resumed", step: run.step });
            next();
          }
          break;
        case "reset":
          stop();
          emit({ type: "reset" });
          break;
        default:
          throw new Error(`unknown message type "${message?.type}"`);
      }
    } catch (error) {
      fail(error);
    }
  }

  return {
    handle,
    /** True while a run exists (running or paused). */
    get active() {
      return run !== null;
    },
    dispose: stop,
  };
}
