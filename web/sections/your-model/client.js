// The page's side of the #your-model Worker: each request a promise, the
// load's progress as a callback, cancel() at once. A Worker that fails to
// start, or dies, rejects what was waiting with an Error that says so.
import { startWorker } from "./start-worker.js";

/** An error from the Worker, with its code (the core's, or the session's). */
export class ModelWorkerError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = "ModelWorkerError";
    this.code = code;
  }
}

/**
 * @param {() => Worker} [start] how to start the Worker (tests may pass
 *   their own)
 */
export function createModelWorker(start = startWorker) {
  const worker = start();
  let next = 0;
  /** @type {Map<number, { resolve: Function, reject: Function, onProgress?: Function }>} */
  const waiting = new Map();
  let dead = null;

  const failAll = (error) => {
    dead = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.onmessage = ({ data }) => {
    const w = waiting.get(data.id);
    if (!w) return;
    if (data.progress) {
      w.onProgress?.(data.progress);
      return;
    }
    waiting.delete(data.id);
    if (data.error)
      w.reject(new ModelWorkerError(data.error.code, data.error.message));
    else w.resolve(data.result);
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    failAll(
      new ModelWorkerError(
        "WORKER_FAILED",
        `the model's Worker stopped: ${event.message || "it could not start"}`,
      ),
    );
  };

  return {
    /**
     * @param {string} type a session method (session.js)
     * @param {unknown} [payload]
     * @param {{ onProgress?: (p: any) => void }} [o]
     * @returns {Promise<any>}
     */
    call(type, payload, { onProgress } = {}) {
      if (dead) return Promise.reject(dead);
      const id = ++next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, onProgress });
        worker.postMessage({ id, type, payload });
      });
    },
    /** Stops a load between chunks. */
    cancel() {
      worker.postMessage({ type: "cancel" });
    },
    /** Ends the Worker and everything its core held. */
    terminate() {
      worker.terminate();
      failAll(new ModelWorkerError("ABORTED", "this model was replaced"));
    },
  };
}
