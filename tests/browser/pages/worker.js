import { runForward } from "./api-run.js";

runForward().then(
  (r) => postMessage(r, [r.weights.buffer, r.output.buffer, r.again.buffer]),
  (e) => postMessage({ failure: String(e && e.stack ? e.stack : e) }),
);
