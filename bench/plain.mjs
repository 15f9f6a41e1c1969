// Multi-head attention in plain JavaScript: straightforward loops over
// Float32Arrays, with the loop order a careful person would pick (i, k, j
// for the products, so the inner loop runs along rows) and nothing more.
// The benchmark's baseline for "no library, no wasm".

/** c (m × n) = a (m × k) · b (k × n), row-major. */
function matmul(a, b, m, k, n) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const bRow = p * n;
      const cRow = i * n;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
    }
  }
  return c;
}

/** The output of multi-head attention, n × dModel (no mask, no biases). */
export function plainAttention({ x, n, dModel, heads, wq, wk, wv, wo }) {
  const dK = dModel / heads;
  const scale = 1 / Math.sqrt(dK);
  const q = matmul(x, wq, n, dModel, dModel);
  const k = matmul(x, wk, n, dModel, dModel);
  const v = matmul(x, wv, n, dModel, dModel);
  const concat = new Float32Array(n * dModel);
  const row = new Float32Array(n);
  for (let h = 0; h < heads; h++) {
    const off = h * dK;
    for (let i = 0; i < n; i++) {
      // Scores of query i against every key, and their maximum.
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < dK; c++) {
          s += q[i * dModel + off + c] * k[j * dModel + off + c];
        }
        row[j] = s * scale;
        if (row[j] > max) max = row[j];
      }
      // Softmax, then the weighted sum of the values.
      let sum = 0;
      for (let j = 0; j < n; j++) {
        row[j] = Math.exp(row[j] - max);
        sum += row[j];
      }
      for (let j = 0; j < n; j++) {
        const w = row[j] / sum;
        for (let c = 0; c < dK; c++) {
          concat[i * dModel + off + c] += w * v[j * dModel + off + c];
        }
      }
    }
  }
  return matmul(concat, wo, n, dModel, dModel);
}
