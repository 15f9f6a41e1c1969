// Packs a long text into a short URL-safe string and back, synchronously,
// so that a share link for a long sentence stays well under a server's
// header limit (Node refuses request heads over 16 KB with 431).
//
// The format ("1" + base64url of the bytes below) is a small context-mixing
// compressor: each bit of the text's UTF-8 bytes is predicted from the
// preceding 1-4 bytes and the current word, the predictions are mixed and
// refined by the previous byte, and a binary arithmetic coder spends few
// bits on well-predicted ones. English prose comes out near 2.9 bits a
// character: 3,000 words of Moby-Dick (16,707 characters, 17,690
// percent-encoded) pack into 8,192 characters, where deflate-raw at level 9
// plus base64url takes 10,074. It is synchronous (CompressionStream is
// not), and every step is integer arithmetic (no Math.exp or Math.log), so
// every browser decodes exactly what another encoded.
//
//   bytes: varint(byte length) · 4-byte FNV-1a checksum · coded bits

const VERSION = "1";
/**
 * The longest text packed, in UTF-8 bytes: 128 KiB, some 23,000 words of
 * English, under a second to unpack on a slow machine. A crafted link so
 * cannot keep a page unpacking for minutes.
 */
export const MAX_PACKED_BYTES = 1 << 17;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// ---- Logistic squash and stretch on a 12-bit probability scale ----------

const SQUASH_POINTS = [
  1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047,
  2549, 2994, 3348, 3607, 3785, 3901, 3975, 4022, 4050, 4068, 4079, 4085, 4089,
  4092, 4093, 4094,
];

/** 4096/(1+e^-d/256) for d in [-2047, 2047], by interpolation. */
function squash(d) {
  if (d > 2047) return 4095;
  if (d < -2047) return 1;
  const w = d & 127;
  const i = (d >> 7) + 16;
  return (SQUASH_POINTS[i] * (128 - w) + SQUASH_POINTS[i + 1] * w + 64) >> 7;
}

const STRETCH = (() => {
  const table = new Int16Array(4096);
  let next = 0;
  for (let d = -2047; d <= 2047; d++) {
    const v = squash(d);
    for (let i = next; i <= v; i++) table[i] = d;
    next = v + 1;
  }
  for (let i = next; i < 4096; i++) table[i] = 2047;
  return table;
})();

/** Reciprocals 65536/(n+1.5): a bit counter's step after n updates. */
const STEP = Int32Array.from({ length: 64 }, (_, n) =>
  Math.floor(131072 / (2 * n + 3)),
);
const COUNT_LIMIT = 40;

// ---- The model: shared by the encoder and the decoder --------------------

const ORDERS = 6; // order 0 (this byte), orders 1-4, the current word

/** @param {number} byteLength */
function createModel(byteLength) {
  let bits = 10;
  while (bits < 20 && 1 << bits < byteLength * 16) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  const probability = new Uint16Array(size * ORDERS).fill(32768);
  const count = new Uint8Array(size * ORDERS);
  const weights = new Float64Array(ORDERS * ORDERS * 256).fill(22000);
  const hashes = new Int32Array(ORDERS);
  const slots = new Int32Array(ORDERS);
  const inputs = new Int32Array(ORDERS);
  let history = 0; // the last four bytes
  let word = 0; // a hash of the letters of the current word
  let partial = 1; // 1 followed by the bits of this byte so far
  let mixed = 2048;
  const apm = new Uint16Array(256 * 33);
  for (let i = 0; i < apm.length; i++)
    apm[i] = squash((i % 33) * 128 - 2048) * 16;
  let apmSlot = 0;
  let apmWeight = 0;
  // The mixer's weight set: how many of orders 1-5 have seen this context,
  // and the bits of this byte so far.
  let set = 0;

  function locate() {
    for (let i = 0; i < ORDERS; i++) {
      const h = Math.imul(hashes[i] + partial, 0x2f0b4ab3);
      slots[i] = i * size + ((h ^ (h >>> 15)) & mask);
    }
  }

  function byteDone(byte) {
    history = ((history << 8) | byte) >>> 0;
    const letter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122);
    word = letter
      ? Math.imul(word ^ (byte | 32), 0x01000193)
      : byte >= 128
        ? Math.imul(word ^ byte, 0x01000193)
        : 0;
    hashes[0] = 0;
    hashes[1] = Math.imul((history & 0xff) + 1, 0x9e3779b1);
    hashes[2] = Math.imul((history & 0xffff) + 2, 0x85ebca6b);
    hashes[3] = Math.imul((history & 0xffffff) + 3, 0xc2b2ae35);
    hashes[4] = Math.imul(history ^ 0x27d4eb2f, 0x165667b1) + 4;
    hashes[5] = Math.imul(word + 5, 0x7feb352d);
  }

  byteDone(0);
  locate();

  return {
    /** P(next bit is 1) on a 12-bit scale, in [1, 4095]. */
    predict() {
      let known = 0;
      for (let i = 1; i < ORDERS; i++) if (count[slots[i]] > 0) known++;
      set = (known * 256 + partial) * ORDERS;
      let dot = 0;
      for (let i = 0; i < ORDERS; i++) {
        inputs[i] = STRETCH[probability[slots[i]] >>> 4];
        dot += inputs[i] * weights[set + i];
      }
      mixed = squash(Math.floor(dot / 65536));
      // Refine by the previous byte (an adaptive probability map): 33
      // buckets over the stretched probability, interpolated, 3:1 with the
      // mixer's own.
      const st = STRETCH[Math.min(4095, Math.max(1, mixed))] + 2048;
      const lo = st >> 7;
      apmWeight = st & 127;
      apmSlot = (history & 0xff) * 33 + lo;
      const refined =
        (apm[apmSlot] * (128 - apmWeight) + apm[apmSlot + 1] * apmWeight) >> 11;
      return Math.min(4095, Math.max(1, (mixed + 3 * refined) >> 2));
    },
    /** @param {number} bit */
    update(bit) {
      const error = (bit << 12) - mixed;
      const target16 = bit ? 65535 : 0;
      const a = apmWeight < 64 ? apmSlot : apmSlot + 1;
      apm[a] += Math.floor((target16 - apm[a]) / 32);
      for (let i = 0; i < ORDERS; i++) {
        weights[set + i] += Math.floor((inputs[i] * error) / 4096);
        const s = slots[i];
        const n = count[s];
        const target = bit ? 65535 : 0;
        const p =
          probability[s] +
          Math.floor(((target - probability[s]) * STEP[n]) / 65536);
        probability[s] = Math.min(65503, Math.max(32, p));
        if (n < COUNT_LIMIT) count[s] = n + 1;
      }
      partial = (partial << 1) | bit;
      if (partial >= 256) {
        byteDone(partial & 0xff);
        partial = 1;
      }
      locate();
    },
  };
}

// ---- Bytes, checksums, base64url -----------------------------------------

/** @param {Uint8Array} bytes */
function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/** @param {number[]} out @param {number} value */
function putVarint(out, value) {
  while (value >= 128) {
    out.push((value & 127) | 128);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

/** @param {number[] | Uint8Array} bytes */
function toBase64url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n =
      (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[n >> 18] + B64[(n >> 12) & 63];
    if (i + 1 < bytes.length) s += B64[(n >> 6) & 63];
    if (i + 2 < bytes.length) s += B64[n & 63];
  }
  return s;
}

/** @param {string} s @returns {Uint8Array | null} */
function fromBase64url(s) {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let k = 0;
  for (const ch of s) {
    const d = B64.indexOf(ch);
    if (d < 0) return null;
    value = ((value << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

// ---- Public API ------------------------------------------------------------

/**
 * Packs a text into a URL-safe string (letters, digits, "-" and "_") that
 * unpackText turns back into exactly the same text.
 * @param {string} text
 * @returns {string | null} null for a text over MAX_PACKED_BYTES
 */
export function packText(text) {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_PACKED_BYTES) return null;
  const out = [];
  putVarint(out, bytes.length);
  const sum = fnv1a(bytes);
  out.push(sum >>> 24, (sum >>> 16) & 255, (sum >>> 8) & 255, sum & 255);
  const model = createModel(bytes.length);
  // Carry-less binary arithmetic coder over a 32-bit range [low, high].
  let low = 0;
  let high = 0xffffffff;
  for (const byte of bytes) {
    for (let j = 7; j >= 0; j--) {
      const bit = (byte >> j) & 1;
      const p = model.predict();
      const mid = low + Math.floor(((high - low) * p) / 4096);
      if (bit) high = mid;
      else low = mid + 1;
      model.update(bit);
      while (((low ^ high) & 0xff000000) === 0) {
        out.push(high >>> 24);
        low = (low << 8) >>> 0;
        high = ((high << 8) | 255) >>> 0;
      }
    }
  }
  // low's first byte, then the decoder's 0xff padding, lies in [low, high].
  out.push(low >>> 24);
  return VERSION + toBase64url(out);
}

/**
 * The text a packText string holds; null if the string is not one (a
 * truncated or edited link), never a throw.
 * @param {string} packed
 * @returns {string | null}
 */
export function unpackText(packed) {
  if (typeof packed !== "string" || packed[0] !== VERSION) return null;
  const data = fromBase64url(packed.slice(1));
  if (!data) return null;
  let k = 0;
  let length = 0;
  for (let scale = 1; ; scale *= 128) {
    if (k >= data.length || scale > 2 ** 28) return null;
    const b = data[k++];
    length += (b & 127) * scale;
    if (b < 128) break;
  }
  // A coded bit costs at least 1/4096 of a bit: refuse impossible lengths.
  if (length > MAX_PACKED_BYTES || length > data.length * 4096) return null;
  if (k + 4 > data.length) return null;
  const sum =
    ((data[k] << 24) |
      (data[k + 1] << 16) |
      (data[k + 2] << 8) |
      data[k + 3]) >>>
    0;
  k += 4;
  const next = () => (k < data.length ? data[k++] : 255);
  const model = createModel(length);
  const bytes = new Uint8Array(length);
  let low = 0;
  let high = 0xffffffff;
  let x = 0;
  for (let i = 0; i < 4; i++) x = ((x << 8) | next()) >>> 0;
  for (let i = 0; i < length; i++) {
    let byte = 0;
    for (let j = 0; j < 8; j++) {
      const p = model.predict();
      const mid = low + Math.floor(((high - low) * p) / 4096);
      const bit = x <= mid ? 1 : 0;
      if (bit) high = mid;
      else low = mid + 1;
      model.update(bit);
      byte = (byte << 1) | bit;
      while (((low ^ high) & 0xff000000) === 0) {
        low = (low << 8) >>> 0;
        high = ((high << 8) | 255) >>> 0;
        x = ((x << 8) | next()) >>> 0;
      }
    }
    bytes[i] = byte;
  }
  if (fnv1a(bytes) !== sum) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
