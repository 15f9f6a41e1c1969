// Where the #real-model section's data comes from: the files of web/data/model/ (the
// checkpoints, index.json and the training logs), fetched from beside the
// page, so they come from the same site as the page.
//
// The offline build (scripts/build-dist.mjs) swaps this module for a
// generated one that carries the same files inline, with the same export:
// pages opened from file:// may not fetch().

const BASE = new URL("../../data/model/", import.meta.url);

/**
 * The bytes of one file of web/data/model/.
 * @param {string} name e.g. "index.json", "step-012000.bin"
 * @returns {Promise<Uint8Array>}
 */
export async function readModelFile(name) {
  const response = await fetch(new URL(name, BASE));
  if (!response.ok) {
    throw new Error(`could not load ${name} (HTTP ${response.status})`);
  }
  return new Uint8Array(await response.arrayBuffer());
}
