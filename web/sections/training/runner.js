// Runs the #training section's training behind one interface, wherever it can run:
// in a module Worker (web/sections/training/worker.js) when the page can start one, and
// otherwise on the page's own thread in small chunks (the offline build
// opened from file://, where module Workers cannot load). Both run the
// same loop (web/sections/training/loop.js) and report the same messages.
//
//   const runner = createTrainingRunner({ mha, onMessage });
//   runner.start(settings, steps);  runner.pause();  runner.resume();
//   runner.reset();                 // stops the Worker: no CPU is used after
import { createTrainingSession } from "./loop.js";

/** Steps between two yields on the page's thread (about 30–50 ms). */
const PAGE_CHUNK = 5;

/** Why a Worker cannot be used here, or null when it can. */
export function workerUnavailable(env = globalThis) {
  if (typeof env.Worker !== "function") return "this browser has no Workers";
  if (env.location?.protocol === "file:") {
    return "pages opened from a file cannot start module Workers";
  }
  return null;
}

/**
 * @param {{ mha: import("../../lib/mha.js").MHA,
 *           onMessage: (message: object) => void,
 *           useWorker?: boolean }} options
 *   onMessage gets loop.js's messages, plus { type: "mode", mode:
 *   "worker" | "page", reason? } when a run is given to one of the two.
 */
export function createTrainingRunner({ mha, onMessage, useWorker = true }) {
  let worker = null;
  let page = null; // the in-page session
  let unconfirmed = null; // messages sent before the Worker said "ready"
  let mode = null;

  function usePage(reason) {
    stopWorker();
    if (!page) {
      page = createTrainingSession(mha, onMessage, { chunk: PAGE_CHUNK });
    }
    mode = "page";
    onMessage({ type: "mode", mode, reason });
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
  }

  function startWorker(message) {
    unconfirmed = [message];
    worker = new Worker(new URL("./worker.js", import.meta.url), {
      type: "module",
    });
    mode = "worker";
    onMessage({ type: "mode", mode });
    worker.onmessage = (event) => {
      const data = event.data;
      if (data?.type === "ready") {
        unconfirmed = null;
        return;
      }
      onMessage(data);
    };
    worker.postMessage(message); // the Worker queues it until its core loads
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (unconfirmed) {
        // The Worker's script could not load: train on the page instead,
        // replaying what the Worker was sent.
        const replay = unconfirmed;
        unconfirmed = null;
        usePage(
          `the training Worker could not start (${event.message || "load error"})`,
        );
        for (const m of replay) page.handle(m);
      } else {
        onMessage({
          type: "error",
          message: event.message || "the training Worker failed",
        });
      }
    };
  }

  function send(message) {
    if (mode === "page") page.handle(message);
    else if (worker) {
      worker.postMessage(message);
      unconfirmed?.push(message);
    }
  }

  return {
    /** "worker", "page", or null before the first start. */
    get mode() {
      return mode;
    },
    start(settings, steps, extra = {}) {
      const message = { type: "start", settings, steps, ...extra };
      stopWorker();
      page?.handle({ type: "reset" });
      const reason = useWorker
        ? workerUnavailable()
        : "asked to run on the page";
      if (reason) {
        usePage(reason);
        page.handle(message);
        return;
      }
      try {
        startWorker(message);
      } catch (error) {
        usePage(`the training Worker could not start (${error.message})`);
        page.handle(message);
      }
    },
    pause() {
      send({ type: "pause" });
    },
    resume() {
      send({ type: "resume" });
    },
    /** Stops the run; a Worker is terminated at once, mid-chunk or not. */
    reset() {
      if (worker) {
        stopWorker();
        unconfirmed = null;
        onMessage({ type: "reset" });
      } else if (page) {
        page.handle({ type: "reset" });
      } else {
        onMessage({ type: "reset" });
      }
    },
    dispose() {
      stopWorker();
      page?.dispose();
      page = null;
    },
  };
}
