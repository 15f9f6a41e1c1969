// The #your-model section's module Worker: one wasm core and one model of
// the reader's (session.js), driven by messages from the page (client.js).
// The core's work, loading 500 MB included, happens here, so the page's
// main thread stays free to draw and to answer the reader.
//
// Messages in: { id, type, payload } with type one of the session's
// methods (open, load, analyse, predict, continuation, verify), and
// { type: "cancel" }, handled at once. Out: { id, result } or
// { id, error: { code, message } }, and { id, progress } while loading.
import { createMHA } from "../../lib/mha.js";
import { createSession } from "./session.js";

/** postMessage with a transfer list (a Worker's, not a window's). */
const post = (message, transfer = []) =>
  /** @type {{ postMessage(m: unknown, t: Transferable[]): void }} */ (
    /** @type {unknown} */ (self)
  ).postMessage(message, transfer);

const METHODS = [
  "open",
  "load",
  "analyse",
  "predict",
  "continuation",
  "verify",
];

const ready = createMHA().then(createSession);
/** Requests run one at a time, in the order they came. */
let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, type, payload } = event.data ?? {};
  if (type === "cancel") {
    ready.then((session) => session.cancel());
    return;
  }
  queue = queue.then(() => run(id, type, payload));
};

async function run(id, type, payload) {
  try {
    if (!METHODS.includes(type)) throw new Error(`unknown request ${type}`);
    const session = await ready;
    const result =
      type === "load"
        ? await session.load((progress) => post({ id, progress }))
        : await session[type](payload);
    const transfer = result && result.weights ? [result.weights.buffer] : [];
    post({ id, result }, transfer);
  } catch (error) {
    post({
      id,
      error: {
        code: error?.code ?? "INTERNAL",
        message: String(error?.message ?? error),
      },
    });
  }
}
