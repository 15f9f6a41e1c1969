// The project's own trained model as GPT-2 files (web/data/model-gpt2/,
// written by scripts/export-gpt2.mjs), for "Try it with our small model".
// The offline build (scripts/build-dist.mjs) swaps this module for one that
// carries the two files inline, with the same export: a file:// page may
// not fetch().

const FOLDER = new URL("../../data/model-gpt2/", import.meta.url);

/** @returns {import("./session.js").ModelSource} */
export function smallModelSource() {
  return {
    kind: "urls",
    config: new URL("config.json", FOLDER).href,
    weights: new URL("model.safetensors", FOLDER).href,
  };
}
