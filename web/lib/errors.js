// The one error type the API throws. `code` is stable and machine-readable;
// `message` names the problem for a person.

/**
 * Codes from the C++ core (see cpp/include/mha/status.h) and from the JS layer.
 * @type {readonly string[]}
 */
export const ERROR_CODES = Object.freeze([
  "HEADS_DO_NOT_DIVIDE",
  "ZERO_SIZE",
  "SHAPE_MISMATCH",
  "NON_FINITE",
  "TOO_LARGE",
  "BAD_JSON",
  "MISSING_ARRAY",
  "BAD_TYPE",
  "OUT_OF_MEMORY",
  "OUT_OF_RANGE",
  "DISPOSED",
  "INTERNAL",
  "UNSUPPORTED",
  "ABORTED",
]);

export class MHAError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = "MHAError";
    this.code = code;
  }
}

/**
 * Throws the MHAError a core status names; an "OK" status passes.
 * @param {{ code: string, message: string }} status  one result of the core
 */
export function throwIfFailed(status) {
  if (status.code !== "OK") throw new MHAError(status.code, status.message);
}
