// A double-precision forward pass of GPT-2 and GPT-Neo, written from Hugging
// Face's modelling code (modeling_gpt2.py, modeling_gpt_neo.py; see
// README.md in this folder) and sharing no code with web/lib or cpp/. Plain
// loops, no cleverness: it is the thing the core is checked against.

/**
 * @typedef {Map<string, { dtype: string, shape: number[], data: Float64Array }>} TensorMap
 */

/**
 * The model's sizes and per-family switches, read from a HF config.json.
 * @param {Record<string, any>} config
 */
function readConfig(config) {
  const supportedActivation = (name) => {
    if (name !== "gelu_new")
      throw new Error(
        `reference: activation_function ${name} is not supported (gelu_new only)`,
      );
  };
  if (config.model_type === "gpt2") {
    supportedActivation(config.activation_function ?? "gelu_new");
    if (config.add_cross_attention)
      throw new Error("reference: add_cross_attention is not supported");
    const dModel = config.n_embd;
    const layers = config.n_layer;
    return {
      family: "gpt2",
      layers,
      heads: config.n_head,
      dModel,
      dMlp: config.n_inner ?? 4 * dModel,
      vocab: config.vocab_size,
      context: config.n_positions,
      eps: config.layer_norm_epsilon ?? 1e-5,
      scale: config.scale_attn_weights ?? true,
      inverseLayerScale: config.scale_attn_by_inverse_layer_idx ?? false,
      windows: new Array(layers).fill(0),
      tied: config.tie_word_embeddings !== false,
    };
  }
  if (config.model_type === "gpt_neo") {
    supportedActivation(config.activation_function ?? "gelu_new");
    const dModel = config.hidden_size;
    const layers = config.num_layers;
    let kinds = config.attention_layers;
    if (!kinds) {
      kinds = [];
      for (const [names, repeat] of config.attention_types)
        for (let r = 0; r < repeat; r++) kinds.push(...names);
    }
    if (kinds.length !== layers)
      throw new Error("reference: attention_layers does not match num_layers");
    const windows = kinds.map((kind) => {
      if (kind === "global") return 0;
      if (kind === "local") return config.window_size;
      throw new Error(`reference: attention type ${kind} is not supported`);
    });
    return {
      family: "gpt_neo",
      layers,
      heads: config.num_heads,
      dModel,
      dMlp: config.intermediate_size ?? 4 * dModel,
      vocab: config.vocab_size,
      context: config.max_position_embeddings,
      eps: config.layer_norm_epsilon ?? 1e-5,
      scale: false,
      inverseLayerScale: false,
      windows,
      tied: config.tie_word_embeddings !== false,
    };
  }
  throw new Error(
    `reference: model_type ${config.model_type} is not supported`,
  );
}

/**
 * A tensor getter that accepts the name with or without "transformer." and
 * checks the shape.
 * @param {TensorMap} tensors
 */
function tensorGetter(tensors) {
  const prefix = tensors.has("transformer.wte.weight") ? "transformer." : "";
  if (!tensors.has(prefix + "wte.weight"))
    throw new Error("reference: no wte.weight (with or without transformer.)");
  /** @param {string} name @param {number[]} shape @param {boolean} [bare] */
  return (name, shape, bare = false) => {
    const full = bare ? name : prefix + name;
    const t = tensors.get(full);
    if (!t) throw new Error(`reference: missing tensor ${full}`);
    if (
      t.shape.length !== shape.length ||
      t.shape.some((s, i) => s !== shape[i])
    ) {
      throw new Error(
        `reference: ${full} has shape [${t.shape}], expected [${shape}]`,
      );
    }
    return t.data;
  };
}

/**
 * y[r, o] = b[o] + Σ_i x[r, i] · W, with W stored [in, out] (HF Conv1D:
 * torch.addmm(bias, x, weight)) or [out, in] (nn.Linear: x · Wᵀ).
 * @param {Float64Array} x rows × dIn
 * @param {number} rows
 * @param {number} dIn
 * @param {number} dOut
 * @param {Float64Array} w
 * @param {Float64Array | null} b
 * @param {"conv1d" | "linear"} layout
 */
function affine(x, rows, dIn, dOut, w, b, layout) {
  const y = new Float64Array(rows * dOut);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < dOut; o++) {
      let sum = b ? b[o] : 0;
      for (let i = 0; i < dIn; i++)
        sum +=
          x[r * dIn + i] *
          (layout === "conv1d" ? w[i * dOut + o] : w[o * dIn + i]);
      y[r * dOut + o] = sum;
    }
  }
  return y;
}

/** nn.LayerNorm over the last dimension: biased variance, eps inside sqrt. */
function layerNorm(x, rows, d, weight, bias, eps) {
  const y = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i];
    mean /= d;
    let variance = 0;
    for (let i = 0; i < d; i++) variance += (x[r * d + i] - mean) ** 2;
    variance /= d;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < d; i++)
      y[r * d + i] = (x[r * d + i] - mean) * inv * weight[i] + bias[i];
  }
  return y;
}

/** NewGELUActivation (activations.py): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function geluNew(x) {
  return (
    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
  );
}

/**
 * The full forward pass for one sequence.
 * @param {Record<string, any>} config a HF config.json object (gpt2 or gpt_neo)
 * @param {TensorMap} tensors the Map from readSafetensors
 * @param {number[]} ids token ids
 * @param {{ ablated?: [number, number][] }} [options] heads [layer, head]
 *   whose output is zeroed before the output projection (c_proj / out_proj)
 * @returns {{ logits: Float64Array, attention: Float64Array, n: number,
 *   vocab: number, layers: number, heads: number }} logits n × V row-major;
 *   attention L × H × n × n (layer, head, query, key)
 */
export function referenceForward(config, tensors, ids, { ablated = [] } = {}) {
  const c = readConfig(config);
  const { layers, heads, dModel: d, dMlp: f, vocab, eps } = c;
  if (!Number.isInteger(heads) || heads <= 0 || d % heads !== 0)
    throw new Error("reference: bad head count");
  const dk = d / heads;
  const n = ids.length;
  if (n === 0) throw new Error("reference: empty input");
  if (n > c.context)
    throw new Error(`reference: ${n} tokens exceed the context ${c.context}`);
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= vocab)
      throw new Error(`reference: token id ${id} out of range`);
  }
  const ablate = new Set();
  for (const [layer, head] of ablated) {
    if (!(layer >= 0 && layer < layers && head >= 0 && head < heads))
      throw new Error(`reference: no head ${layer}.${head}`);
    ablate.add(`${layer}.${head}`);
  }
  const get = tensorGetter(tensors);
  const conv = c.family === "gpt2";

  // Embeddings: wte[id] + wpe[position] (position_ids = arange(n)).
  const wte = get("wte.weight", [vocab, d]);
  const wpe = get("wpe.weight", [c.context, d]);
  let x = new Float64Array(n * d);
  for (let t = 0; t < n; t++)
    for (let i = 0; i < d; i++)
      x[t * d + i] = wte[ids[t] * d + i] + wpe[t * d + i];

  const attention = new Float64Array(layers * heads * n * n);
  for (let l = 0; l < layers; l++) {
    const h = `h.${l}.`;
    const a = layerNorm(
      x,
      n,
      d,
      get(h + "ln_1.weight", [d]),
      get(h + "ln_1.bias", [d]),
      eps,
    );
    let q, k, v;
    if (conv) {
      // c_attn: [D, 3D] Conv1D, then .split(D, dim=2) into Q | K | V.
      const qkv = affine(
        a,
        n,
        d,
        3 * d,
        get(h + "attn.c_attn.weight", [d, 3 * d]),
        get(h + "attn.c_attn.bias", [3 * d]),
        "conv1d",
      );
      q = new Float64Array(n * d);
      k = new Float64Array(n * d);
      v = new Float64Array(n * d);
      for (let t = 0; t < n; t++) {
        for (let i = 0; i < d; i++) {
          q[t * d + i] = qkv[t * 3 * d + i];
          k[t * d + i] = qkv[t * 3 * d + d + i];
          v[t * d + i] = qkv[t * 3 * d + 2 * d + i];
        }
      }
    } else {
      const p = h + "attn.attention.";
      q = affine(a, n, d, d, get(p + "q_proj.weight", [d, d]), null, "linear");
      k = affine(a, n, d, d, get(p + "k_proj.weight", [d, d]), null, "linear");
      v = affine(a, n, d, d, get(p + "v_proj.weight", [d, d]), null, "linear");
    }
    // _split_heads: head hd owns features hd·dk .. (hd+1)·dk − 1.
    let divisor = c.scale ? Math.sqrt(dk) : 1;
    if (c.inverseLayerScale) divisor *= l + 1;
    const window = c.windows[l];
    const merged = new Float64Array(n * d);
    for (let hd = 0; hd < heads; hd++) {
      const off = hd * dk;
      const zero = ablate.has(`${l}.${hd}`);
      for (let i = 0; i < n; i++) {
        // Allowed keys: j ≤ i (causal), and for local layers j > i − window.
        const lo = window > 0 ? Math.max(0, i - window + 1) : 0;
        const scores = new Float64Array(i + 1);
        let max = -Infinity;
        for (let j = lo; j <= i; j++) {
          let s = 0;
          for (let e = 0; e < dk; e++)
            s += q[i * d + off + e] * k[j * d + off + e];
          s /= divisor;
          scores[j] = s;
          if (s > max) max = s;
        }
        let total = 0;
        for (let j = lo; j <= i; j++)
          total += scores[j] = Math.exp(scores[j] - max);
        const row = ((l * heads + hd) * n + i) * n;
        for (let j = lo; j <= i; j++) attention[row + j] = scores[j] / total;
        if (zero) continue;
        for (let j = lo; j <= i; j++) {
          const p = attention[row + j];
          for (let e = 0; e < dk; e++)
            merged[i * d + off + e] += p * v[j * d + off + e];
        }
      }
    }
    const projected = conv
      ? affine(
          merged,
          n,
          d,
          d,
          get(h + "attn.c_proj.weight", [d, d]),
          get(h + "attn.c_proj.bias", [d]),
          "conv1d",
        )
      : affine(
          merged,
          n,
          d,
          d,
          get(h + "attn.attention.out_proj.weight", [d, d]),
          get(h + "attn.attention.out_proj.bias", [d]),
          "linear",
        );
    const afterAttention = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) afterAttention[i] = x[i] + projected[i];

    const m = layerNorm(
      afterAttention,
      n,
      d,
      get(h + "ln_2.weight", [d]),
      get(h + "ln_2.bias", [d]),
      eps,
    );
    const fcShape = conv ? [d, f] : [f, d];
    const projShape = conv ? [f, d] : [d, f];
    const layout = conv ? "conv1d" : "linear";
    const hidden = affine(
      m,
      n,
      d,
      f,
      get(h + "mlp.c_fc.weight", fcShape),
      get(h + "mlp.c_fc.bias", [f]),
      layout,
    );
    for (let i = 0; i < hidden.length; i++) hidden[i] = geluNew(hidden[i]);
    const mlp = affine(
      hidden,
      n,
      f,
      d,
      get(h + "mlp.c_proj.weight", projShape),
      get(h + "mlp.c_proj.bias", [d]),
      layout,
    );
    x = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) x[i] = afterAttention[i] + mlp[i];
  }
  const final = layerNorm(
    x,
    n,
    d,
    get("ln_f.weight", [d]),
    get("ln_f.bias", [d]),
    eps,
  );
  // lm_head: nn.Linear(D, V, bias=False), weight [V, D]; tied to wte unless
  // the config says tie_word_embeddings false.
  const head = c.tied ? wte : get("lm_head.weight", [vocab, d], true);
  const logits = affine(final, n, d, vocab, head, null, "linear");
  return { logits, attention, n, vocab, layers, heads };
}

/**
 * Greedy decoding by full re-runs: ids plus `steps` tokens, each the argmax
 * of the last row of logits (the lowest id wins ties).
 * @param {Record<string, any>} config
 * @param {TensorMap} tensors
 * @param {number[]} ids
 * @param {number} steps
 * @returns {number[]}
 */
export function greedyReference(config, tensors, ids, steps) {
  const out = [...ids];
  for (let s = 0; s < steps; s++) {
    const { logits, n, vocab } = referenceForward(config, tensors, out);
    let best = 0;
    for (let t = 1; t < vocab; t++)
      if (logits[(n - 1) * vocab + t] > logits[(n - 1) * vocab + best])
        best = t;
    out.push(best);
  }
  return out;
}
