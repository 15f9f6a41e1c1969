// The methods of a forward() result. They live on a shared prototype, so a
// result's own properties stay plain data: structuredClone, postMessage and
// JSON see only the sizes and the arrays.
import { MHAError } from "./errors.js";

/** One head's n × n block of a H × n × n array, as a view (no copy). */
function headBlock(result, array, name, h) {
  if (!Number.isInteger(h) || h < 0 || h >= result.headCount) {
    throw new MHAError(
      "OUT_OF_RANGE",
      `${name}(h): h must be an integer from 0 to ${result.headCount - 1}, got ${String(h)}`,
    );
  }
  const size = result.n * result.n;
  return array.subarray(h * size, (h + 1) * size);
}

export const FORWARD_RESULT_PROTOTYPE = Object.freeze(
  Object.create(Object.prototype, {
    /** Head h's attention weights, n × n, query rows: a view of `weights`. */
    headWeights: {
      value(h) {
        return headBlock(this, this.weights, "headWeights", h);
      },
    },
    /** Head h's scaled scores, n × n, query rows: a view of `scores`. */
    headScores: {
      value(h) {
        return headBlock(this, this.scores, "headScores", h);
      },
    },
    /** @deprecated the old name of `headOutputs`; removed in the next minor release. */
    heads: {
      get() {
        return this.headOutputs;
      },
    },
  }),
);

/**
 * The methods of a Model.forward() result (layers × headCount heads), and
 * the deprecated old names of its fields.
 */
export const MODEL_FORWARD_RESULT_PROTOTYPE = Object.freeze(
  Object.create(Object.prototype, {
    /** Head `head` of layer `layer`: n × n, query rows, a view of `weights`. */
    headWeights: {
      value(layer, head) {
        for (const [name, value, count] of [
          ["layer", layer, this.layers],
          ["head", head, this.headCount],
        ]) {
          if (!Number.isInteger(value) || value < 0 || value >= count) {
            throw new MHAError(
              "OUT_OF_RANGE",
              `headWeights(layer, head): ${name} must be an integer from 0 to ${count - 1}, got ${String(value)}`,
            );
          }
        }
        if (this.weights.length === 0) {
          throw new MHAError(
            "OUT_OF_RANGE",
            "headWeights(layer, head): this forward() ran with attention: false",
          );
        }
        const size = this.n * this.n;
        const at = (layer * this.headCount + head) * size;
        return this.weights.subarray(at, at + size);
      },
    },
    /** @deprecated the old name of `headCount`; removed in the next minor release. */
    heads: {
      get() {
        return this.headCount;
      },
    },
    /** @deprecated the old name of `weights`; removed in the next minor release. */
    attention: {
      get() {
        return this.weights;
      },
    },
  }),
);
