// The #training section's training Worker: the wasm core and the training loop
// (loop.js) off the page's thread. Started by web/sections/training/runner.js:
//
//   new Worker(new URL("./worker.js", import.meta.url), { type: "module" })
//
// Messages in: start { settings, steps }, pause, resume, reset. Messages
// out: "ready" once the core has loaded, then loop.js's messages; a failure
// is { type: "error", message }.
import { createMHA } from "../../lib/mha.js";
import { createTrainingSession } from "./loop.js";

/** Steps between two yields to the message loop (about 0.1–0.2 s). */
const CHUNK = 25;

const post = (message) => self.postMessage(message);
const waiting = [];
let session = null;

self.onmessage = (event) => {
  if (session) session.handle(event.data);
  else waiting.push(event.data);
};

createMHA().then(
  (mha) => {
    session = createTrainingSession(mha, post, { chunk: CHUNK });
    post({ type: "ready" });
    for (const message of waiting.splice(0)) session.handle(message);
  },
  (error) =>
    post({
      type: "error",
      message: `The attention core could not start in the Worker: ${error.message}`,
    }),
);
