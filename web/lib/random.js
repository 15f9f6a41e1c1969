// Reproducible pseudo-random numbers for example weights and embeddings.
// mulberry32: a tiny 32-bit generator, good enough for illustrations and
// identical in every browser and in Node.

/**
 * A generator of uniform floats in [0, 1), fully determined by `seed`.
 * @param {number} seed any integer
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `length` uniform values in [-scale, scale), reproducible from `seed`.
 * @returns {Float32Array}
 */
export function seededUniform(length, seed, scale = 1) {
  const next = seededRandom(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}

/**
 * Random multi-head attention weights, as a fresh model would have before
 * training (uniform in ±1/√dModel, no biases).
 * @param {number} dModel
 * @param {number} heads
 * @param {number} seed
 */
export function seededWeights(dModel, heads, seed = 1) {
  const scale = 1 / Math.sqrt(dModel);
  const size = dModel * dModel;
  return {
    dModel,
    heads,
    wq: seededUniform(size, seed * 4 + 1, scale),
    wk: seededUniform(size, seed * 4 + 2, scale),
    wv: seededUniform(size, seed * 4 + 3, scale),
    wo: seededUniform(size, seed * 4 + 4, scale),
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to seed per-word vectors. */
export function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
