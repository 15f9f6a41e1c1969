// Checking and converting the arrays callers pass in, before anything
// reaches the wasm heap. Every failure is an MHAError naming the argument.
import { MHAError } from "./errors.js";

function withArticle(noun) {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an Array";
  if (ArrayBuffer.isView(value)) return withArticle(value.constructor.name);
  return withArticle(typeof value);
}

/**
 * An integer size argument.
 * @param {string} name
 * @param {unknown} value
 */
export function integerArg(name, value) {
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
  if (value instanceof Float32Array) {
    array = value;
  } else if (value instanceof Float64Array) {
    array = Float32Array.from(value);
  } else if (Array.isArray(value)) {
    const bad = value.findIndex((v) => typeof v !== "number");
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `${name}[${bad}] is ${describe(value[bad])}, not a number`,
      );
    }
    array = Float32Array.from(value);
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
  if (value instanceof Uint8Array) {
    flags = value;
  } else if (Array.isArray(value)) {
    const bad = value.findIndex(
      (v) => typeof v !== "number" && typeof v !== "boolean",
    );
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `keep[${bad}] is ${describe(value[bad])}, not a number or boolean`,
      );
    }
    flags = Uint8Array.from(value, (v) => (v ? 1 : 0));
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
  if (value instanceof Int32Array) return value;
  if (
    value instanceof Uint8Array ||
    value instanceof Uint16Array ||
    value instanceof Int16Array ||
    value instanceof Int8Array
  ) {
    return Int32Array.from(value);
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex(
      (v) =>
        typeof v !== "number" ||
        !Number.isInteger(v) ||
        v < -0x80000000 ||
        v > 0x7fffffff,
    );
    if (bad >= 0) {
      throw new MHAError(
        "BAD_TYPE",
        `${name}[${bad}] is ${describe(value[bad])}` +
          (typeof value[bad] === "number" ? ` (${value[bad]})` : "") +
          ", not a 32-bit integer",
      );
    }
    return Int32Array.from(value);
  }
  throw new MHAError(
    "BAD_TYPE",
    `${name} must be an Int32Array (or an Array of integers), got ${describe(value)}`,
  );
}
