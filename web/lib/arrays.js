// Checking and converting the arrays callers pass in, before anything
// reaches the wasm heap. Every failure is an MHAError naming the argument.
import { MHAError } from "./errors.js";

function withArticle(noun) {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

// The intrinsic accessors of typed arrays and ArrayBuffers, taken once at
// load. A subclass or an own property cannot override them, and they throw
// (or give undefined) on a Proxy or a look-alike, so what they report is the
// memory that is really there.
const TYPED_PROTO = Object.getPrototypeOf(Int8Array.prototype);
/** @param {object} proto @param {PropertyKey} key */
function intrinsicGetter(proto, key) {
  const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
  if (!get) throw new Error(`no intrinsic getter ${String(key)}`);
  return get;
}
const TYPED_KIND = intrinsicGetter(TYPED_PROTO, Symbol.toStringTag);
const TYPED_LENGTH = intrinsicGetter(TYPED_PROTO, "length");
const TYPED_BUFFER = intrinsicGetter(TYPED_PROTO, "buffer");
const TYPED_OFFSET = intrinsicGetter(TYPED_PROTO, "byteOffset");
const TYPED_BYTES = intrinsicGetter(TYPED_PROTO, "byteLength");
const BUFFER_BYTES = intrinsicGetter(ArrayBuffer.prototype, "byteLength");
const VIEW_BUFFER = intrinsicGetter(DataView.prototype, "buffer");
const VIEW_OFFSET = intrinsicGetter(DataView.prototype, "byteOffset");
const VIEW_BYTES = intrinsicGetter(DataView.prototype, "byteLength");

/** The constructors of the typed arrays the API reads, by kind. */
const VIEWS = Object.freeze({
  Float32Array,
  Float64Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint8Array,
  Uint16Array,
});

/**
 * The kind of a genuine typed array ("Float32Array", …), read through the
 * intrinsic getter; undefined for anything else (a Proxy of a typed array,
 * a look-alike object, a DataView).
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function typedArrayKind(value) {
  return TYPED_KIND.call(value);
}

/**
 * A fresh view of exactly the memory of a genuine typed array: its buffer,
 * offset and length read through the intrinsic getters, so a subclass that
 * overrides `length` or `byteLength` cannot make the copy into the wasm heap
 * longer or shorter than the array. A detached buffer is BAD_TYPE.
 * @template {ArrayBufferView} T
 * @param {string} name how the message refers to the argument
 * @param {T} value a typed array of one of the VIEWS kinds
 * @returns {T} a view of the same kind
 */
export function realView(name, value) {
  const kind = /** @type {keyof typeof VIEWS} */ (typedArrayKind(value));
  const View = VIEWS[kind];
  if (!View) {
    throw new MHAError(
      "BAD_TYPE",
      `${name} is not a typed array the API reads (got ${describe(value)})`,
    );
  }
  const buffer = TYPED_BUFFER.call(value);
  const length = TYPED_LENGTH.call(value);
  const offset = TYPED_OFFSET.call(value);
  try {
    return /** @type {T} */ (
      /** @type {unknown} */ (new View(buffer, offset, length))
    );
  } catch {
    throw new MHAError("BAD_TYPE", `${name}'s buffer is detached`);
  }
}

/**
 * The length of a genuine typed array (intrinsic getter) or of an Array;
 * undefined for anything else.
 * @param {unknown} value
 * @returns {number | undefined}
 */
export function realLength(value) {
  if (typedArrayKind(value) !== undefined) return TYPED_LENGTH.call(value);
  if (Array.isArray(value)) {
    try {
      return /** @type {unknown[]} */ (value).length;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The bytes of an ArrayBuffer, a typed array or a DataView, as a fresh
 * Uint8Array over the same memory, measured by the intrinsic getters; null
 * when `value` is none of these. A detached buffer is BAD_TYPE.
 * @param {string} name
 * @param {unknown} value
 * @returns {Uint8Array | null}
 */
export function realBytes(name, value) {
  /** @type {[ArrayBufferLike, number, number] | null} */
  let span = null;
  if (typedArrayKind(value) !== undefined) {
    span = [
      TYPED_BUFFER.call(value),
      TYPED_OFFSET.call(value),
      TYPED_BYTES.call(value),
    ];
  } else {
    for (const read of [
      () => [value, 0, BUFFER_BYTES.call(value)],
      () => [
        VIEW_BUFFER.call(value),
        VIEW_OFFSET.call(value),
        VIEW_BYTES.call(value),
      ],
    ]) {
      try {
        span = /** @type {[ArrayBufferLike, number, number]} */ (read());
        break;
      } catch {
        // Not this kind (or a detached DataView): try the next.
      }
    }
  }
  if (span === null) return null;
  try {
    return new Uint8Array(span[0], span[1], span[2]);
  } catch {
    throw new MHAError("BAD_TYPE", `${name}'s buffer is detached`);
  }
}

/**
 * The elements of a plain Array (or a Proxy of one), read once each, in
 * order: a getter that throws is BAD_TYPE, and what was read is what is
 * checked and used.
 * @param {string} name
 * @param {unknown[]} value
 * @returns {unknown[]}
 */
function readOnce(name, value) {
  try {
    return Array.prototype.slice.call(value);
  } catch (e) {
    throw new MHAError(
      "BAD_TYPE",
      `reading ${name} threw: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * What a value is, in a few words for a message ("a Float64Array", "an
 * Array", "nothing"): never its contents, which may be huge.
 * @param {unknown} value
 */
export function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an Array";
  const kind = typedArrayKind(value);
  if (kind !== undefined) return withArticle(kind);
  return withArticle(typeof value);
}

/**
 * An integer argument, within [min, max] (by default the 32-bit range: the
 * core's ints, so no value is ever wrapped on its way in).
 * @param {string} name
 * @param {unknown} value
 * @param {number} [min]
 * @param {number} [max]
 */
export function integerArg(name, value, min = -0x80000000, max = 0x7fffffff) {
  if (value === undefined || value === null) {
    throw new MHAError("BAD_TYPE", `${name} is missing: expected an integer`);
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new MHAError(
      "BAD_TYPE",
      `${name} must be an integer, got ${describe(value)}` +
        (typeof value === "number" ? ` (${value})` : ""),
    );
  }
  if (value < min || value > max) {
    throw new MHAError(
      "OUT_OF_RANGE",
      `${name} must be in [${min}, ${max}], got ${value}`,
    );
  }
  return value;
}

/**
 * A Float32Array of exactly `length` numbers. A Float64Array or a plain Array
 * of numbers is accepted and converted; anything else is refused.
 * @param {string} name how the message refers to the argument
 * @param {unknown} value
 * @param {number} length expected number of values
 * @param {string} shape how the message explains `length`, e.g. "n × dModel = 4 × 8"
 * @param {boolean} required false for optional arrays (undefined/null allowed)
 * @returns {Float32Array | null}
 */
export function floatArray(name, value, length, shape, required = true) {
  if (value === undefined || value === null) {
    if (!required) return null;
    throw new MHAError(
      "MISSING_ARRAY",
      `${name} is missing: expected a Float32Array of ${length} numbers (${shape})`,
    );
  }
  let array;
  const kind = typedArrayKind(value);
  if (kind === "Float32Array") {
    array = realView(name, /** @type {Float32Array} */ (value));
  } else if (kind === "Float64Array") {
    array = Float32Array.from(
      realView(name, /** @type {Float64Array} */ (value)),
    );
  } else if (Array.isArray(value)) {
    const items = readOnce(name, value);
    const bad = items.findIndex((v) => typeof v !== "number");
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `${name}[${bad}] is ${describe(items[bad])}, not a number`,
      );
    }
    array = Float32Array.from(/** @type {number[]} */ (items));
  } else {
    throw new MHAError(
      "BAD_TYPE",
      `${name} must be a Float32Array (or an Array of numbers), got ${describe(value)}`,
    );
  }
  if (array.length !== length) {
    throw new MHAError(
      "SHAPE_MISMATCH",
      `${name} has length ${array.length}, expected ${length} (${shape})`,
    );
  }
  return array;
}

/**
 * Optional key-padding flags: a Uint8Array, or an Array of numbers/booleans,
 * of length n. Any non-zero (truthy) entry keeps the key.
 * @returns {Uint8Array | null}
 */
export function keepArray(value, n) {
  if (value === undefined || value === null) return null;
  let flags;
  if (typedArrayKind(value) === "Uint8Array") {
    flags = realView("keep", /** @type {Uint8Array} */ (value));
  } else if (Array.isArray(value)) {
    const items = readOnce("keep", value);
    const bad = items.findIndex(
      (v) => typeof v !== "number" && typeof v !== "boolean",
    );
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `keep[${bad}] is ${describe(items[bad])}, not a number or boolean`,
      );
    }
    flags = Uint8Array.from(items, (v) => (v ? 1 : 0));
  } else {
    throw new MHAError(
      "BAD_TYPE",
      `keep must be a Uint8Array (or an Array of 0/1), got ${describe(value)}`,
    );
  }
  if (flags.length !== n) {
    throw new MHAError(
      "SHAPE_MISMATCH",
      `keep has length ${flags.length}, expected ${n} (n)`,
    );
  }
  return flags;
}

/**
 * Integer ids (tokens): an Int32Array, another integer typed array, or an
 * Array of integers. Always returns an Int32Array.
 * @param {string} name
 * @param {unknown} value
 * @returns {Int32Array}
 */
export function intArray(name, value) {
  if (value === undefined || value === null) {
    throw new MHAError(
      "MISSING_ARRAY",
      `${name} is missing: expected an Int32Array (or an Array of integers)`,
    );
  }
  const kind = typedArrayKind(value);
  if (kind === "Int32Array") {
    return /** @type {Int32Array} */ (
      realView(name, /** @type {Int32Array} */ (value))
    );
  }
  if (
    kind === "Uint8Array" ||
    kind === "Uint16Array" ||
    kind === "Int16Array" ||
    kind === "Int8Array"
  ) {
    return Int32Array.from(realView(name, /** @type {Uint8Array} */ (value)));
  }
  if (Array.isArray(value)) {
    const items = readOnce(name, value);
    const bad = items.findIndex(
      (v) =>
        typeof v !== "number" ||
        !Number.isInteger(v) ||
        v < -0x80000000 ||
        v > 0x7fffffff,
    );
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `${name}[${bad}] is ${describe(items[bad])}` +
          (typeof items[bad] === "number" ? ` (${items[bad]})` : "") +
          ", not a 32-bit integer",
      );
    }
    return Int32Array.from(/** @type {number[]} */ (items));
  }
  throw new MHAError(
    "BAD_TYPE",
    `${name} must be an Int32Array (or an Array of integers), got ${describe(value)}`,
  );
}

/**
 * The own enumerable fields of an argument object, each read once, into a
 * plain object: inherited fields are not read, and a getter (or a Proxy
 * trap) that throws is BAD_TYPE naming the field, not a stray TypeError.
 * @param {string} name how the message refers to the argument
 * @param {unknown} value
 * @returns {Record<string, any>}
 */
export function ownFields(name, value) {
  if (typeof value !== "object" || value === null) {
    throw new MHAError("BAD_TYPE", `${name} must be an object`);
  }
  /** @type {Record<string, any>} */
  const out = {};
  let key = "";
  try {
    for (key of Object.keys(value)) {
      out[key] = /** @type {Record<string, unknown>} */ (value)[key];
    }
  } catch (e) {
    throw new MHAError(
      "BAD_TYPE",
      `reading ${name}${key ? `.${key}` : ""} threw: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return out;
}

/**
 * A value for a message: JSON where it can be, else its type (a BigInt, a
 * Symbol or a cyclic object never makes the message itself throw).
 * @param {unknown} value
 */
export function shown(value) {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch {
    // BigInt, cycles, throwing toJSON: fall through.
  }
  return typeof value === "bigint" ? `${String(value)}n` : describe(value);
}

/**
 * An object argument as JSON text: its own fields (ownFields), then
 * JSON.stringify, whose failures (a nested getter that throws, a BigInt, a
 * cycle) are BAD_JSON naming the argument, not a stray TypeError.
 * @param {string} name how the message refers to the argument
 * @param {unknown} value
 * @returns {string}
 */
export function jsonText(name, value) {
  const fields = ownFields(name, value);
  try {
    return JSON.stringify(fields);
  } catch (e) {
    throw new MHAError(
      "BAD_JSON",
      `${name} cannot be written as JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}
