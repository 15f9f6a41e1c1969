// GPT-2 and GPT-Neo as an ONNX graph, built from a Hugging Face config.json
// and the checkpoint's tensors (names and layouts as in Hugging Face's
// safetensors files), so that onnxruntime-web can serve as a second,
// independent reference for the core's logits and as the baseline of
// bench/gpt.mjs.
//
// The conventions are those of transformers' modeling_gpt2.py and
// modeling_gpt_neo.py:
//   x = wte[ids] + wpe[0..n)
//   per layer (pre-LN):  x += attn(ln_1(x));  x += mlp(ln_2(x))
//   logits = ln_f(x) · wteᵀ   (lm_head.weight [V, D] when
//                              tie_word_embeddings is false)
// GPT-2: Conv1D weights [in, out] (y = x·W + b), c_attn [D, 3D] holding the
//   Q | K | V column blocks, scores scaled by 1/√dK (scale_attn_weights) and
//   by 1/(layer + 1) if scale_attn_by_inverse_layer_idx.
// GPT-Neo: nn.Linear weights [out, in] (y = x·Wᵀ + b), q/k/v without bias,
//   out_proj with bias, NO score scaling; a "local" layer (config
//   attention_layers) lets query i see keys j with i − window_size < j ≤ i.
// Both: causal; masked scores are replaced (Where) by −1e9 before Softmax,
//   as HF's masked_bias; activation "gelu_new" (tanh form) by default.
// The buffers attn.bias / attn.masked_bias are ignored when present.
//
// Graph: input "input_ids" int64 [1, n], n dynamic (the positions and the
// masks are built in the graph from n: Shape → Range); output "logits"
// float [1, n, V], or [1, 1, V] with { logits: "last" }; with
// { attention: true } also "attention.{layer}" float [1, H, n, n], the
// softmax probabilities. Operators: opset 17 (LayerNormalization, Gemm,
// MatMul, Split, Softmax, Tanh, Where, Range, ...), all in the wasm CPU
// provider of onnxruntime-web.
//
// The encoder below is lazy: a sub-message is kept as a list of byte views
// and copied once, into the final buffer, so a 124M-parameter model costs
// one copy of its weights and not one per nesting level.
import { concat, varint } from "./onnx-graph.mjs";

// ---- a protobuf message that is copied once ---------------------------------

const textEncoder = new TextEncoder();

class LazyMessage {
  /** @type {Uint8Array[]} */
  parts = [];
  length = 0;

  push(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  /** Wire type 0; non-negative values only. */
  int(field, value) {
    if (!(value >= 0)) throw new Error(`varint of negative ${value}`);
    this.push(Uint8Array.from([...varint(field << 3), ...varint(value)]));
    return this;
  }

  /** Wire type 5 (float32). */
  float(field, value) {
    const b = new Uint8Array(5);
    b[0] = (field << 3) | 5;
    new DataView(b.buffer).setFloat32(1, value, true);
    this.push(b);
    return this;
  }

  /** Wire type 2: a string, bytes (kept by reference) or a message. */
  bytes(field, value) {
    const isMessage = value instanceof LazyMessage;
    const data = typeof value === "string" ? textEncoder.encode(value) : value;
    this.push(
      Uint8Array.from([...varint((field << 3) | 2), ...varint(data.length)]),
    );
    if (isMessage) for (const p of value.parts) this.push(p);
    else this.push(data);
    return this;
  }

  encode() {
    return concat(this.parts);
  }
}

// ---- ONNX messages (field numbers of onnx/onnx.proto3) ----------------------

const FLOAT = 1; // TensorProto.DataType
const INT64 = 7;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 }; // AttributeProto.AttributeType

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
function tensorProto(name, dims, dataType, data) {
  const m = new LazyMessage();
  for (const d of dims) m.int(1, d);
  m.int(2, dataType);
  m.bytes(8, name);
  m.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return m;
}

/**
 * AttributeProto: name 1, f 2, i 3, ints 8, type 20. A number is an INT
 * unless wrapped as { float: value }.
 */
function attributeProto(name, value) {
  const m = new LazyMessage().bytes(1, name);
  if (Array.isArray(value)) {
    for (const v of value) m.int(8, v);
    m.int(20, ATTR.INTS);
  } else if (typeof value === "object") {
    m.float(2, value.float).int(20, ATTR.FLOAT);
  } else {
    m.int(3, value).int(20, ATTR.INT);
  }
  return m;
}

/**
 * ValueInfoProto (name 1, type 2) of a tensor; a string dim is symbolic.
 * TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → value 1 | param 2.
 */
function valueInfoProto(name, elemType, dims) {
  const shape = new LazyMessage();
  for (const d of dims) {
    const dim = new LazyMessage();
    if (typeof d === "string") dim.bytes(2, d);
    else dim.int(1, d);
    shape.bytes(1, dim);
  }
  const tensorType = new LazyMessage().int(1, elemType).bytes(2, shape);
  return new LazyMessage()
    .bytes(1, name)
    .bytes(2, new LazyMessage().bytes(1, tensorType));
}

/** The nodes and initializers of a graph under construction. */
class GraphBuilder {
  /** @type {LazyMessage[]} */
  nodes = [];
  /** @type {LazyMessage[]} */
  initializers = [];
  #names = new Set();

  /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
  op(opType, inputs, outputs, attributes = {}) {
    const outs = Array.isArray(outputs) ? outputs : [outputs];
    const m = new LazyMessage();
    for (const i of inputs) m.bytes(1, i);
    for (const o of outs) m.bytes(2, o);
    m.bytes(3, `${opType}:${outs[0]}`);
    m.bytes(4, opType);
    for (const [k, v] of Object.entries(attributes)) {
      m.bytes(5, attributeProto(k, v));
    }
    this.nodes.push(m);
    return outs[0];
  }

  /** A float initializer (float64 data is rounded to float32). */
  float(name, dims, data) {
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    return this.#init(name, dims, FLOAT, f32);
  }

  int64(name, values) {
    return this.#init(
      name,
      [values.length],
      INT64,
      BigInt64Array.from(values.map(BigInt)),
    );
  }

  scalar(name, value, type = FLOAT) {
    const data =
      type === FLOAT ? Float32Array.of(value) : BigInt64Array.of(BigInt(value));
    return this.#init(name, [], type, data);
  }

  #init(name, dims, type, data) {
    if (this.#names.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.#names.add(name);
    this.initializers.push(tensorProto(name, dims, type, data));
    return name;
  }
}

// ---- the model's description, from config.json ---------------------------------

/**
 * The sizes and conventions the graph needs, from an HF config object.
 * @param {Record<string, any>} config
 */
export function gptShape(config) {
  const type = config.model_type;
  if (type === "gpt2") {
    const dModel = config.n_embd;
    return {
      type,
      layers: config.n_layer,
      heads: config.n_head,
      dModel,
      vocab: config.vocab_size,
      context: config.n_positions,
      dMlp: config.n_inner ?? 4 * dModel,
      eps: config.layer_norm_epsilon ?? 1e-5,
      activation: config.activation_function ?? "gelu_new",
      scaleScores: config.scale_attn_weights ?? true,
      scaleByLayer: config.scale_attn_by_inverse_layer_idx ?? false,
      attentionLayers: null,
      windowSize: null,
      tied: config.tie_word_embeddings ?? true,
    };
  }
  if (type === "gpt_neo") {
    const dModel = config.hidden_size;
    const layers = config.num_layers;
    let attentionLayers = config.attention_layers;
    if (!attentionLayers) {
      // attention_types: [[["global", "local"], 6]] → the expanded list.
      attentionLayers = [];
      for (const [kinds, repeat] of config.attention_types ?? []) {
        for (let r = 0; r < repeat; r++) attentionLayers.push(...kinds);
      }
    }
    if (attentionLayers.length !== layers) {
      throw new Error(
        `gpt_neo: attention_layers has ${attentionLayers.length} entries for ${layers} layers`,
      );
    }
    return {
      type,
      layers,
      heads: config.num_heads,
      dModel,
      vocab: config.vocab_size,
      context: config.max_position_embeddings,
      dMlp: config.intermediate_size ?? 4 * dModel,
      eps: config.layer_norm_epsilon ?? 1e-5,
      activation: config.activation_function ?? "gelu_new",
      scaleScores: false,
      scaleByLayer: false,
      attentionLayers,
      windowSize: config.window_size ?? 256,
      tied: config.tie_word_embeddings ?? true,
    };
  }
  throw new Error(`unsupported model_type ${JSON.stringify(type)}`);
}

/** Transpose of a row-major [rows, cols] matrix, as float32. */
function transposed(data, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  }
  return out;
}

// ---- the graph -------------------------------------------------------------------

/**
 * The ONNX ModelProto (bytes) of a GPT-2 or GPT-Neo checkpoint.
 * @param {Record<string, any>} config  HF config.json (model_type "gpt2" or "gpt_neo")
 * @param {Map<string, { shape: number[], data: Float32Array | Float64Array }>} tensors
 *   HF names, with or without the "transformer." prefix
 * @param {{ logits?: "all" | "last", attention?: boolean }} [options]
 *   logits "last": only the last position's row, [1, 1, V];
 *   attention: also output "attention.{layer}" [1, H, n, n]
 * @returns {Uint8Array}
 */
export function gptOnnxModel(config, tensors, options = {}) {
  const { logits: logitsMode = "all", attention = false } = options;
  if (logitsMode !== "all" && logitsMode !== "last") {
    throw new Error(`logits must be "all" or "last", not ${logitsMode}`);
  }
  const s = gptShape(config);
  const { dModel: D, heads: H, dMlp, vocab: V } = s;
  if (D % H !== 0) throw new Error(`dModel ${D} is not a multiple of ${H}`);
  const dK = D / H;
  const g = new GraphBuilder();

  /** A checkpoint tensor of the expected shape (with or without prefix). */
  const weight = (name, shape) => {
    const t = tensors.get(name) ?? tensors.get(`transformer.${name}`);
    if (!t) throw new Error(`checkpoint has no tensor ${name}`);
    if (t.shape.join(",") !== shape.join(",")) {
      throw new Error(
        `${name} has shape [${t.shape}], expected [${shape}] for this config`,
      );
    }
    return t.data;
  };
  const init = (name, shape) => g.float(name, shape, weight(name, shape));

  // Constants.
  g.int64("axes_0", [0]);
  g.int64("axes_1", [1]);
  g.int64("split_heads", [1, -1, H, dK]);
  g.int64("merge_heads", [1, -1, D]);
  g.int64("rows_D", [-1, D]);
  g.int64("logits_shape", [1, -1, V]);
  g.scalar("zero", 0, INT64);
  g.scalar("one", 1, INT64);
  g.scalar("masked", -1e9);
  g.scalar("half", 0.5);
  g.scalar("one_f", 1);
  g.scalar("gelu_a", 0.044715);
  g.scalar("gelu_b", Math.sqrt(2 / Math.PI));

  // Embeddings: x = wte[ids] + wpe[0..n).
  init("wte.weight", [V, D]);
  init("wpe.weight", [s.context, D]);
  g.op("Shape", ["input_ids"], "ids_shape");
  g.op("Gather", ["ids_shape", "one"], "n", { axis: 0 });
  g.op("Range", ["zero", "n", "one"], "positions");
  g.op("Gather", ["wte.weight", "input_ids"], "tok_emb", { axis: 0 });
  g.op("Gather", ["wpe.weight", "positions"], "pos_emb", { axis: 0 });
  let x = g.op("Add", ["tok_emb", "pos_emb"], "h0");

  // Masks [n, n]: query i (row) sees key j iff 0 ≤ i − j (< window if local).
  g.op("Unsqueeze", ["positions", "axes_1"], "pos_col");
  g.op("Unsqueeze", ["positions", "axes_0"], "pos_row");
  g.op("Sub", ["pos_col", "pos_row"], "distance");
  g.op("GreaterOrEqual", ["distance", "zero"], "mask_global");
  if (s.attentionLayers?.includes("local")) {
    g.scalar("window", s.windowSize, INT64);
    g.op("Less", ["distance", "window"], "in_window");
    g.op("And", ["mask_global", "in_window"], "mask_local");
  }

  const layerNorm = (input, prefix, out) => {
    init(`${prefix}.weight`, [D]);
    init(`${prefix}.bias`, [D]);
    return g.op(
      "LayerNormalization",
      [input, `${prefix}.weight`, `${prefix}.bias`],
      out,
      { axis: 2, epsilon: { float: s.eps } },
    );
  };

  const activation = (input, out) => {
    const a = s.activation;
    if (a === "gelu_new" || a === "gelu_pytorch_tanh" || a === "gelu_fast") {
      // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const x2 = g.op("Mul", [input, input], `${out}_x2`);
      const x3 = g.op("Mul", [x2, input], `${out}_x3`);
      const ax3 = g.op("Mul", [x3, "gelu_a"], `${out}_ax3`);
      const inner = g.op("Add", [input, ax3], `${out}_inner`);
      const scaled = g.op("Mul", [inner, "gelu_b"], `${out}_scaled`);
      const t = g.op("Tanh", [scaled], `${out}_tanh`);
      const t1 = g.op("Add", [t, "one_f"], `${out}_t1`);
      const hx = g.op("Mul", [input, "half"], `${out}_hx`);
      return g.op("Mul", [hx, t1], out);
    }
    if (a === "gelu") {
      // 0.5·x·(1 + erf(x/√2))
      g.scalar(`${out}_rsqrt2`, Math.SQRT1_2);
      const xs = g.op("Mul", [input, `${out}_rsqrt2`], `${out}_xs`);
      const e = g.op("Erf", [xs], `${out}_erf`);
      const e1 = g.op("Add", [e, "one_f"], `${out}_e1`);
      const hx = g.op("Mul", [input, "half"], `${out}_hx`);
      return g.op("Mul", [hx, e1], out);
    }
    if (a === "relu") return g.op("Relu", [input], out);
    throw new Error(`unsupported activation_function ${a}`);
  };

  /** y = input·W + b, W [in, out] already; b optional. */
  const dense = (input, w, b, out) => {
    if (!b) return g.op("MatMul", [input, w], out);
    const xw = g.op("MatMul", [input, w], `${out}_xw`);
    return g.op("Add", [xw, b], out);
  };

  const attentionOutputs = [];
  for (let l = 0; l < s.layers; l++) {
    const p = `h.${l}`;
    const ln1 = layerNorm(x, `${p}.ln_1`, `${p}.ln_1.out`);

    // The fused [D, 3D] projection, split into Q | K | V.
    let qkv;
    let wOut;
    let bOut;
    if (s.type === "gpt2") {
      init(`${p}.attn.c_attn.weight`, [D, 3 * D]);
      init(`${p}.attn.c_attn.bias`, [3 * D]);
      init(`${p}.attn.c_proj.weight`, [D, D]);
      init(`${p}.attn.c_proj.bias`, [D]);
      qkv = dense(
        ln1,
        `${p}.attn.c_attn.weight`,
        `${p}.attn.c_attn.bias`,
        `${p}.qkv`,
      );
      wOut = `${p}.attn.c_proj.weight`;
      bOut = `${p}.attn.c_proj.bias`;
    } else {
      const a = `${p}.attn.attention`;
      const fused = new Float32Array(D * 3 * D);
      ["q_proj", "k_proj", "v_proj"].forEach((name, block) => {
        const w = weight(`${a}.${name}.weight`, [D, D]); // [out, in]
        for (let o = 0; o < D; o++) {
          for (let i = 0; i < D; i++) {
            fused[i * 3 * D + block * D + o] = w[o * D + i];
          }
        }
      });
      g.float(`${a}.qkv.weight_t`, [D, 3 * D], fused);
      g.float(
        `${a}.out_proj.weight_t`,
        [D, D],
        transposed(weight(`${a}.out_proj.weight`, [D, D]), D, D),
      );
      init(`${a}.out_proj.bias`, [D]);
      qkv = dense(ln1, `${a}.qkv.weight_t`, null, `${p}.qkv`);
      wOut = `${a}.out_proj.weight_t`;
      bOut = `${a}.out_proj.bias`;
    }
    g.op("Split", [qkv], [`${p}.q`, `${p}.k`, `${p}.v`], { axis: 2 });
    // [1, n, D] → [1, n, H, dK] → Q, V [1, H, n, dK] and Kᵀ [1, H, dK, n].
    for (const t of ["q", "k", "v"]) {
      g.op("Reshape", [`${p}.${t}`, "split_heads"], `${p}.${t}_split`);
    }
    g.op("Transpose", [`${p}.q_split`], `${p}.q_heads`, { perm: [0, 2, 1, 3] });
    g.op("Transpose", [`${p}.k_split`], `${p}.k_heads_t`, {
      perm: [0, 2, 3, 1],
    });
    g.op("Transpose", [`${p}.v_split`], `${p}.v_heads`, { perm: [0, 2, 1, 3] });
    let scores = g.op(
      "MatMul",
      [`${p}.q_heads`, `${p}.k_heads_t`],
      `${p}.scores_raw`,
    );
    let scale = s.scaleScores ? 1 / Math.sqrt(dK) : 1;
    if (s.scaleByLayer) scale /= l + 1;
    if (scale !== 1) {
      g.scalar(`${p}.scale`, scale);
      scores = g.op("Mul", [scores, `${p}.scale`], `${p}.scores`);
    }
    const mask =
      s.attentionLayers?.[l] === "local" ? "mask_local" : "mask_global";
    g.op("Where", [mask, scores, "masked"], `${p}.scores_masked`);
    const probs = attention ? `attention.${l}` : `${p}.probs`;
    g.op("Softmax", [`${p}.scores_masked`], probs, { axis: 3 });
    if (attention) attentionOutputs.push(probs);
    g.op("MatMul", [probs, `${p}.v_heads`], `${p}.heads_out`);
    g.op("Transpose", [`${p}.heads_out`], `${p}.heads_t`, {
      perm: [0, 2, 1, 3],
    });
    g.op("Reshape", [`${p}.heads_t`, "merge_heads"], `${p}.concat`);
    const attnOut = dense(`${p}.concat`, wOut, bOut, `${p}.attn_out`);
    const mid = g.op("Add", [x, attnOut], `${p}.mid`);

    // MLP.
    const ln2 = layerNorm(mid, `${p}.ln_2`, `${p}.ln_2.out`);
    const fc = `${p}.mlp.c_fc`;
    const proj = `${p}.mlp.c_proj`;
    if (s.type === "gpt2") {
      init(`${fc}.weight`, [D, dMlp]);
      init(`${proj}.weight`, [dMlp, D]);
    } else {
      const wFc = weight(`${fc}.weight`, [dMlp, D]);
      const wProj = weight(`${proj}.weight`, [D, dMlp]);
      g.float(`${fc}.weight`, [D, dMlp], transposed(wFc, dMlp, D));
      g.float(`${proj}.weight`, [dMlp, D], transposed(wProj, D, dMlp));
    }
    init(`${fc}.bias`, [dMlp]);
    init(`${proj}.bias`, [D]);
    const hidden = dense(ln2, `${fc}.weight`, `${fc}.bias`, `${p}.mlp.fc`);
    const act = activation(hidden, `${p}.mlp.act`);
    const mlpOut = dense(act, `${proj}.weight`, `${proj}.bias`, `${p}.mlp.out`);
    x = g.op("Add", [mid, mlpOut], `h${l + 1}`);
  }

  // Final norm and the tied (or separate) output matrix, [V, D]: Gemm with
  // transB reads it as it is stored.
  if (logitsMode === "last") {
    g.int64("last_start", [-1]);
    g.int64("last_end", [Number.MAX_SAFE_INTEGER]);
    x = g.op("Slice", [x, "last_start", "last_end", "axes_1"], "h_last");
  }
  const lnf = layerNorm(x, "ln_f", "ln_f.out");
  g.op("Reshape", [lnf, "rows_D"], "ln_f.rows");
  let unembed = "wte.weight";
  if (!s.tied) unembed = init("lm_head.weight", [V, D]);
  g.op("Gemm", ["ln_f.rows", unembed], "logits_rows", { transB: 1 });
  g.op("Reshape", ["logits_rows", "logits_shape"], "logits");

  const graph = new LazyMessage();
  for (const nd of g.nodes) graph.bytes(1, nd);
  graph.bytes(2, `${s.type} (mha-explainer bench)`);
  for (const t of g.initializers) graph.bytes(5, t);
  graph.bytes(11, valueInfoProto("input_ids", INT64, [1, "n"]));
  const rows = logitsMode === "last" ? 1 : "n";
  graph.bytes(12, valueInfoProto("logits", FLOAT, [1, rows, V]));
  for (const name of attentionOutputs) {
    graph.bytes(12, valueInfoProto(name, FLOAT, [1, H, "n", "n"]));
  }

  const opset = new LazyMessage().bytes(1, "").int(2, 17);
  const model = new LazyMessage()
    .int(1, 8) // ir_version
    .bytes(2, "mha-explainer bench") // producer_name
    .bytes(7, graph)
    .bytes(8, opset);
  return model.encode();
}

/**
 * Runs a session of gptOnnxModel's graph on one sequence of token ids and
 * returns its outputs. `ort` is the onnxruntime-web module, passed in so
 * that this file imports nothing and loads in a page as well as in Node.
 * @param {any} ort
 * @param {any} session
 * @param {ArrayLike<number>} ids
 */
export function runGptSession(ort, session, ids) {
  const input = new ort.Tensor(
    "int64",
    BigInt64Array.from(ids, (v) => BigInt(v)),
    [1, ids.length],
  );
  return session.run({ input_ids: input });
}
