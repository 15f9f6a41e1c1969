// One Worker of a head pool (head-pool.js): its own wasm module (createMHA,
// the same loader and kernel choice as the main thread), holding one slice
// of a layer's heads and running its partial forward. Runs as a browser
// module Worker or a Node worker_threads Worker.
//
// Messages in:  { id, type: "init", options } | { id, type: "slice",
//   weights, firstHead, headCount } | { id, type: "forward", x, n, causal,
//   keep }
// Messages out: { id, result } or { id, error: { code, message } }; a
// forward's result is { output: Float32Array }, its buffer transferred.
import { createMHA, MHAError } from "./mha.js";

/** @type {Promise<any> | null} */
let mha = null;

/**
 * @param {any} message
 * @returns {Promise<{ result: any, transfer: ArrayBuffer[] }>}
 */
async function handle(message) {
  if (message.type === "init") {
    mha = createMHA(message.options);
    const m = await mha;
    return { result: { kernels: m.kernels }, transfer: [] };
  }
  if (mha === null) {
    throw new MHAError("INTERNAL", "head worker used before init");
  }
  const m = await mha;
  if (message.type === "slice") {
    m.setHeadSlice(message.weights, message.firstHead, message.headCount);
    return { result: null, transfer: [] };
  }
  if (message.type === "forward") {
    const { output } = m.forwardHeadSlice({
      x: message.x,
      n: message.n,
      causal: message.causal,
      keep: message.keep,
    });
    return { result: { output }, transfer: [output.buffer] };
  }
  throw new MHAError("INTERNAL", `unknown head worker message ${message.type}`);
}

/**
 * Answers each message in order of arrival.
 * @param {(reply: any, transfer: ArrayBuffer[]) => void} post
 */
function serve(post) {
  /** @param {any} message */
  return async (message) => {
    try {
      const { result, transfer } = await handle(message);
      post({ id: message.id, result }, transfer);
    } catch (error) {
      const e = /** @type {any} */ (error);
      post(
        {
          id: message.id,
          error: {
            code: typeof e?.code === "string" ? e.code : "INTERNAL",
            message: String(e?.message ?? e),
          },
        },
        [],
      );
    }
  };
}

const inNode =
  typeof process === "object" &&
  typeof process.versions?.node === "string" &&
  typeof self === "undefined";

if (inNode) {
  // No top-level await: the offline bundle makes this a classic script.
  // The port queues messages until the listener is attached.
  import("node:worker_threads").then(({ parentPort }) => {
    const answer = serve((reply, transfer) =>
      parentPort.postMessage(reply, transfer),
    );
    parentPort.on("message", answer);
  });
} else {
  const scope = /** @type {any} */ (self);
  const answer = serve((reply, transfer) => scope.postMessage(reply, transfer));
  scope.onmessage = (/** @type {MessageEvent} */ event) => answer(event.data);
}
