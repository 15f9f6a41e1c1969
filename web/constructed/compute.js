// Runs the six constructed heads for #heads and #learn, timing the call.
// Both sections react to the same sentence store in the same frame, so the
// last run is kept and handed to whoever asks for the same text again.
import { runConstructed } from "./run.js";

let last = null;

// A view of the API whose forward() adds its own duration to `clock`.
// Methods are bound to the real instance (it keeps private fields).
function timedAPI(mha, clock) {
  return new Proxy(mha, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      if (key !== "forward") return value.bind(target);
      return (args) => {
        const start = performance.now();
        try {
          return value.call(target, args);
        } finally {
          clock.forward += performance.now() - start;
        }
      };
    },
  });
}

/**
 * Runs the constructed heads on `text` (once per distinct text in a row).
 * Never throws: a failure of the core comes back as `problem`.
 * @param {import("../lib/mha.js").MHA} mha
 * @param {string} text
 * @param {boolean} [causal] apply the causal (decoder) mask
 * @returns {{ text: string, causal: boolean, tokens: object[],
 *   count: number, problem: string | null, x?: Float32Array | null,
 *   result: import("../lib/mha.js").ForwardResult | null,
 *   totalMs: number, forwardMs: number }}
 *   x: the token vectors (n × d_model), absent when the core failed;
 *   totalMs covers tagging, token vectors and the forward pass;
 *   forwardMs the wasm forward pass alone.
 */
export function computeHeads(mha, text, causal = false) {
  if (
    last &&
    last.mha === mha &&
    last.run.text === text &&
    last.run.causal === causal
  ) {
    return last.run;
  }
  const clock = { forward: 0 };
  const start = performance.now();
  let run;
  try {
    run = runConstructed(timedAPI(mha, clock), text, { causal });
  } catch (error) {
    run = {
      tokens: [],
      count: 0,
      problem: `The attention core could not compute this text: ${error.message}`,
      result: null,
    };
  }
  run = {
    ...run,
    text,
    causal,
    totalMs: performance.now() - start,
    forwardMs: clock.forward,
  };
  last = { mha, run };
  return run;
}
