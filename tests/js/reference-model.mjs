// An independent reference for the trained model, in plain JS and double
// precision: it parses a checkpoint file from its documented layout
// (docs/MODEL.md, "Files and formats") and runs the documented forward pass
// (pre-LayerNorm, causal attention, no MLP) with loops, sharing no code with
// the C++ core. Used to check the wasm core's loading, forward pass and loss.

/** { config, step, meta, tensors: Map(name → { shape, data }) } */
export function parseCheckpoint(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== "MHAMODL1") throw new Error(`bad magic ${magic}`);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)),
  );
  let offset = 12 + headerLength;
  const tensors = new Map();
  for (const { name, shape } of header.tensors) {
    const count = shape[0] * shape[1];
    const data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      data[i] = view.getFloat32(offset + 4 * i, true);
    }
    offset += 4 * count;
    tensors.set(name, { shape, data });
  }
  if (offset !== bytes.byteLength) throw new Error("trailing bytes");
  return {
    config: header.config,
    step: header.step,
    meta: header.meta,
    tensors,
  };
}

function layerNorm(x, rows, d, gain, bias) {
  const out = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let c = 0; c < d; c++) mean += x[r * d + c];
    mean /= d;
    let variance = 0;
    for (let c = 0; c < d; c++) variance += (x[r * d + c] - mean) ** 2;
    variance /= d;
    const s = 1 / Math.sqrt(variance + 1e-5);
    for (let c = 0; c < d; c++) {
      out[r * d + c] = (x[r * d + c] - mean) * s * gain[c] + bias[c];
    }
  }
  return out;
}

/** x (rows × k) · w (k × cols) + b (cols, optional). */
function matmul(x, rows, k, w, cols, b) {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = b ? b[c] : 0;
      for (let i = 0; i < k; i++) s += x[r * k + i] * w[i * cols + c];
      out[r * cols + c] = s;
    }
  }
  return out;
}

/**
 * The forward pass on one sequence. ablated: Set of "layer,head" keys.
 * Returns { logits (n × V), attention[layer][head] (n × n) }.
 */
export function referenceForward(model, tokens, ablated = new Set()) {
  const { vocab: V, d_model: D, heads: H, layers: L, mlp } = model.config;
  if (mlp) throw new Error("the reference has no MLP");
  const t = (name) => model.tensors.get(name).data;
  const n = tokens.length;
  const dk = D / H;
  let x = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < D; c++) {
      x[i * D + c] =
        t("token_embedding")[tokens[i] * D + c] +
        t("position_embedding")[i * D + c];
    }
  }
  const attention = [];
  for (let l = 0; l < L; l++) {
    const p = (name) => t(`layers.${l}.${name}`);
    const a = layerNorm(x, n, D, p("ln1_gain"), p("ln1_bias"));
    const q = matmul(a, n, D, p("wq"), D, p("bq"));
    const k = matmul(a, n, D, p("wk"), D, p("bk"));
    const v = matmul(a, n, D, p("wv"), D, p("bv"));
    const z = new Float64Array(n * D);
    attention.push([]);
    for (let h = 0; h < H; h++) {
      const w = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        const s = new Float64Array(i + 1);
        for (let j = 0; j <= i; j++) {
          let dot = 0;
          for (let c = 0; c < dk; c++) {
            dot += q[i * D + h * dk + c] * k[j * D + h * dk + c];
          }
          s[j] = dot / Math.sqrt(dk);
          max = Math.max(max, s[j]);
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) sum += s[j] = Math.exp(s[j] - max);
        for (let j = 0; j <= i; j++) w[i * n + j] = s[j] / sum;
        if (ablated.has(`${l},${h}`)) continue;
        for (let c = 0; c < dk; c++) {
          let acc = 0;
          for (let j = 0; j <= i; j++) {
            acc += w[i * n + j] * v[j * D + h * dk + c];
          }
          z[i * D + h * dk + c] = acc;
        }
      }
      attention[l].push(w);
    }
    const o = matmul(z, n, D, p("wo"), D, p("bo"));
    x = x.map((value, i) => value + o[i]);
  }
  const f = layerNorm(x, n, D, t("lnf_gain"), t("lnf_bias"));
  const logits = matmul(f, n, D, t("unembedding"), V);
  return { logits, attention };
}

/** Mean cross-entropy of logits (n × V) against targets, weighted. */
export function referenceLoss(logits, vocab, targets, weights) {
  let total = 0;
  let count = 0;
  targets.forEach((target, i) => {
    const w = weights ? weights[i] : 1;
    if (w === 0) return;
    let max = -Infinity;
    for (let c = 0; c < vocab; c++) max = Math.max(max, logits[i * vocab + c]);
    let sum = 0;
    for (let c = 0; c < vocab; c++)
      sum += Math.exp(logits[i * vocab + c] - max);
    total += w * (Math.log(sum) + max - logits[i * vocab + target]);
    count += w;
  });
  return total / count;
}
