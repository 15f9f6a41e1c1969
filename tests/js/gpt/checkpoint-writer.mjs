// Seeded random GPT-2 / GPT-Neo checkpoints in Hugging Face's exact file
// layout, and a safetensors writer and reader of our own. Shares no code with
// web/lib or cpp/: it exists so tests can check the core against an
// independent implementation (see README.md in this folder).

/**
 * A HF config.json object for GPT-2 (GPT2LMHeadModel), with HF's defaults
 * for everything not given (configuration_gpt2.py, GPT2Config.__init__).
 * @param {{ layers: number, heads: number, dModel: number, vocab?: number,
 *   context: number, dMlp?: number | null, eps?: number }} options
 * @returns {Record<string, any>}
 */
export function gpt2Config({
  layers,
  heads,
  dModel,
  vocab = 50257,
  context,
  dMlp = null,
  eps = 1e-5,
}) {
  requirePositiveInts({ layers, heads, dModel, vocab, context });
  if (dModel % heads !== 0)
    throw new Error(`dModel ${dModel} is not a multiple of heads ${heads}`);
  return {
    activation_function: "gelu_new",
    architectures: ["GPT2LMHeadModel"],
    attn_pdrop: 0.1,
    bos_token_id: 50256,
    embd_pdrop: 0.1,
    eos_token_id: 50256,
    initializer_range: 0.02,
    layer_norm_epsilon: eps,
    model_type: "gpt2",
    n_ctx: context,
    n_embd: dModel,
    n_head: heads,
    n_inner: dMlp,
    n_layer: layers,
    n_positions: context,
    reorder_and_upcast_attn: false,
    resid_pdrop: 0.1,
    scale_attn_by_inverse_layer_idx: false,
    scale_attn_weights: true,
    summary_activation: null,
    summary_first_dropout: 0.1,
    summary_proj_to_labels: true,
    summary_type: "cls_index",
    summary_use_proj: true,
    tie_word_embeddings: true,
    use_cache: true,
    vocab_size: vocab,
  };
}

/**
 * A HF config.json object for GPT-Neo (GPTNeoForCausalLM), with
 * attention_layers expanded from attention_types exactly as
 * GPTNeoConfig.expand_attention_types_params does.
 * @param {{ layers: number, heads: number, dModel: number, vocab?: number,
 *   context: number, dMlp?: number | null, eps?: number, windowSize?: number,
 *   attentionTypes?: any[] }} options
 * @returns {Record<string, any>}
 */
export function gptNeoConfig({
  layers,
  heads,
  dModel,
  vocab = 50257,
  context,
  dMlp = null,
  eps = 1e-5,
  windowSize = 256,
  attentionTypes = [[["global", "local"], layers / 2]],
}) {
  requirePositiveInts({ layers, heads, dModel, vocab, context, windowSize });
  if (dModel % heads !== 0)
    throw new Error(`dModel ${dModel} is not a multiple of heads ${heads}`);
  const attentionLayers = expandAttentionTypes(attentionTypes);
  if (attentionLayers.length !== layers) {
    throw new Error(
      `attention_types expand to ${attentionLayers.length} layers, not ${layers} (pass attentionTypes for an odd layer count)`,
    );
  }
  return {
    activation_function: "gelu_new",
    architectures: ["GPTNeoForCausalLM"],
    attention_dropout: 0,
    attention_layers: attentionLayers,
    attention_types: attentionTypes,
    bos_token_id: 50256,
    embed_dropout: 0,
    eos_token_id: 50256,
    hidden_size: dModel,
    initializer_range: 0.02,
    intermediate_size: dMlp,
    layer_norm_epsilon: eps,
    max_position_embeddings: context,
    model_type: "gpt_neo",
    num_heads: heads,
    num_layers: layers,
    resid_dropout: 0,
    tie_word_embeddings: true,
    tokenizer_class: "GPT2Tokenizer",
    use_cache: true,
    vocab_size: vocab,
    window_size: windowSize,
  };
}

/**
 * GPTNeoConfig.expand_attention_types_params: [[["global","local"],2]] →
 * ["global","local","global","local"].
 * @param {any[]} attentionTypes
 * @returns {string[]}
 */
export function expandAttentionTypes(attentionTypes) {
  const out = [];
  for (const [kinds, repeat] of attentionTypes) {
    if (!Number.isInteger(repeat) || repeat < 0)
      throw new Error(`bad attention_types repeat ${repeat}`);
    for (let r = 0; r < repeat; r++) out.push(...kinds);
  }
  return out;
}

/**
 * A copy of a config that says the output embedding is NOT tied to wte; use
 * it with seededTensors(..., { lmHead: "untied" }).
 * @param {Record<string, any>} config
 * @returns {Record<string, any>}
 */
export function untiedConfig(config) {
  return { ...config, tie_word_embeddings: false };
}

/** @param {Record<string, number>} values */
function requirePositiveInts(values) {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer, got ${value}`);
  }
}

/**
 * mulberry32: a small 32-bit seeded PRNG, uniform in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal samples by Box-Muller over mulberry32.
 * @param {number} seed
 * @returns {() => number}
 */
export function seededNormal(seed) {
  const uniform = mulberry32(seed);
  let spare = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/**
 * Seeded random tensors named and shaped as HF's state dict for the config's
 * model_type ("gpt2" or "gpt_neo"), in HF's module order.
 *
 * - Matrices and embeddings: std · N(0,1). LayerNorm weights 1 + 0.1·N(0,1),
 *   every bias std · N(0,1) (non-zero so that they matter).
 * - prefix: GPT-2 defaults to false ("h.0.attn.c_attn.weight", the layout of
 *   the original openai-community/gpt2 files); true gives "transformer.h.0...".
 *   GPT-Neo always uses "transformer." (an explicit prefix: false throws).
 * - maskBuffers: also write the registered buffers old checkpoints hold:
 *   GPT-2 "h.{i}.attn.bias" BOOL [1,1,T,T] lower-triangular and
 *   "h.{i}.attn.masked_bias" F32 [] = -1e4; GPT-Neo
 *   "transformer.h.{i}.attn.attention.bias" BOOL [1,1,T,T] (banded for local
 *   layers; HF's buffer is uint8) and ".masked_bias" F32 [] = -1e9.
 * - lmHead: "absent" (HF's save_pretrained drops the tied copy), "tied"
 *   (lm_head.weight equal to wte) or "untied" (a different random matrix; the
 *   config must say tie_word_embeddings false — see untiedConfig — or this
 *   throws). lm_head.weight never has the "transformer." prefix.
 * @param {Record<string, any>} config
 * @param {{ seed?: number, std?: number, prefix?: boolean,
 *   maskBuffers?: boolean, lmHead?: "absent" | "tied" | "untied" }} [options]
 * @returns {{ name: string, shape: number[], data: Float32Array, dtype?: "BOOL" | "F32" }[]}
 */
export function seededTensors(
  config,
  { seed = 1, std = 0.02, prefix, maskBuffers = false, lmHead = "absent" } = {},
) {
  if (!["absent", "tied", "untied"].includes(lmHead))
    throw new Error(`lmHead must be absent, tied or untied`);
  if (lmHead === "untied" && config.tie_word_embeddings !== false) {
    throw new Error(
      'lmHead "untied" needs config.tie_word_embeddings === false (use untiedConfig(config))',
    );
  }
  const normal = seededNormal(seed);
  /** @param {number[]} shape @param {(z: number) => number} map */
  const random = (shape, map) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = map(normal());
    return data;
  };
  /** @type {{ name: string, shape: number[], data: Float32Array, dtype?: "BOOL" | "F32" }[]} */
  const tensors = [];
  let pre;
  const add = (name, shape, map = (z) => std * z) => {
    const entry = { name: pre + name, shape, data: random(shape, map) };
    tensors.push(entry);
    return entry;
  };
  const addWeight = (name, shape) => add(name, shape);
  const addBias = (name, shape) => add(name, shape);
  const addLayerNorm = (name, d) => {
    add(`${name}.weight`, [d], (z) => 1 + 0.1 * z);
    addBias(`${name}.bias`, [d]);
  };
  const addMask = (name, t, window) => {
    const data = new Float32Array(t * t);
    for (let i = 0; i < t; i++)
      for (let j = 0; j <= i; j++)
        if (window === 0 || j > i - window) data[i * t + j] = 1;
    tensors.push({
      name: pre + name,
      shape: [1, 1, t, t],
      data,
      dtype: "BOOL",
    });
  };
  const addScalar = (name, value) =>
    tensors.push({
      name: pre + name,
      shape: [],
      data: new Float32Array([value]),
      dtype: "F32",
    });

  let vocab, dModel;
  if (config.model_type === "gpt2") {
    pre = prefix ? "transformer." : "";
    vocab = config.vocab_size;
    dModel = config.n_embd;
    const t = config.n_positions;
    const f = config.n_inner ?? 4 * dModel;
    addWeight("wte.weight", [vocab, dModel]);
    addWeight("wpe.weight", [t, dModel]);
    for (let i = 0; i < config.n_layer; i++) {
      const h = `h.${i}.`;
      addLayerNorm(h + "ln_1", dModel);
      if (maskBuffers) {
        addMask(h + "attn.bias", t, 0);
        addScalar(h + "attn.masked_bias", -1e4);
      }
      addWeight(h + "attn.c_attn.weight", [dModel, 3 * dModel]);
      addBias(h + "attn.c_attn.bias", [3 * dModel]);
      addWeight(h + "attn.c_proj.weight", [dModel, dModel]);
      addBias(h + "attn.c_proj.bias", [dModel]);
      addLayerNorm(h + "ln_2", dModel);
      addWeight(h + "mlp.c_fc.weight", [dModel, f]);
      addBias(h + "mlp.c_fc.bias", [f]);
      addWeight(h + "mlp.c_proj.weight", [f, dModel]);
      addBias(h + "mlp.c_proj.bias", [dModel]);
    }
    addLayerNorm("ln_f", dModel);
  } else if (config.model_type === "gpt_neo") {
    if (prefix === false)
      throw new Error(
        'GPT-Neo checkpoints always use the "transformer." prefix',
      );
    pre = "transformer.";
    vocab = config.vocab_size;
    dModel = config.hidden_size;
    const t = config.max_position_embeddings;
    const f = config.intermediate_size ?? 4 * dModel;
    const kinds =
      config.attention_layers ?? expandAttentionTypes(config.attention_types);
    addWeight("wte.weight", [vocab, dModel]);
    addWeight("wpe.weight", [t, dModel]);
    for (let i = 0; i < config.num_layers; i++) {
      const h = `h.${i}.`;
      addLayerNorm(h + "ln_1", dModel);
      if (maskBuffers) {
        addMask(
          h + "attn.attention.bias",
          t,
          kinds[i] === "local" ? config.window_size : 0,
        );
        addScalar(h + "attn.attention.masked_bias", -1e9);
      }
      addWeight(h + "attn.attention.k_proj.weight", [dModel, dModel]);
      addWeight(h + "attn.attention.v_proj.weight", [dModel, dModel]);
      addWeight(h + "attn.attention.q_proj.weight", [dModel, dModel]);
      addWeight(h + "attn.attention.out_proj.weight", [dModel, dModel]);
      addBias(h + "attn.attention.out_proj.bias", [dModel]);
      addLayerNorm(h + "ln_2", dModel);
      addWeight(h + "mlp.c_fc.weight", [f, dModel]);
      addBias(h + "mlp.c_fc.bias", [f]);
      addWeight(h + "mlp.c_proj.weight", [dModel, f]);
      addBias(h + "mlp.c_proj.bias", [dModel]);
    }
    addLayerNorm("ln_f", dModel);
  } else {
    throw new Error(`unsupported model_type ${config.model_type}`);
  }
  if (lmHead === "tied") {
    tensors.push({
      name: "lm_head.weight",
      shape: [vocab, dModel],
      data: tensors[0].data.slice(),
    });
  } else if (lmHead === "untied") {
    pre = "";
    addWeight("lm_head.weight", [vocab, dModel]);
  }
  return tensors;
}

// ---------------------------------------------------------------------------
// safetensors: 8-byte little-endian u64 header length N, N bytes of UTF-8
// JSON { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__ },
// then the byte buffer; offsets are relative to the buffer's start.

const BYTES = { F64: 8, F32: 4, F16: 2, BF16: 2, BOOL: 1, U8: 1 };

const scratch = new DataView(new ArrayBuffer(4));

/**
 * IEEE binary16 bits of a float32 value (the value is first rounded to f32),
 * round to nearest, ties to even, with subnormals, overflow to ±Infinity.
 * @param {number} value
 * @returns {number}
 */
export function f16Bits(value) {
  scratch.setFloat32(0, value);
  const x = scratch.getUint32(0);
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e >= 1) {
    // Normal: keep 10 of 23 mantissa bits; a carry rolls into the exponent
    // (and up to 0x7c00 = Infinity), which is what binary16 wants.
    let half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
    return sign | half;
  }
  // Subnormal (or zero): the value in units of 2^-24 is full · 2^(e-14).
  const shift = 14 - e;
  if (shift > 24) return sign;
  const full = exp === 0 ? 0 : mant | 0x800000; // f32 subnormals are < 2^-126: zero
  let m = full >>> shift;
  const rest = full & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && m & 1)) m++;
  return sign | m;
}

/**
 * bfloat16 bits of a float32 value: the top 16 bits of the f32, rounded to
 * nearest, ties to even (NaN stays a quiet NaN).
 * @param {number} value
 * @returns {number}
 */
export function bf16Bits(value) {
  scratch.setFloat32(0, value);
  const x = scratch.getUint32(0);
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return (x >>> 16) | 0x40;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** @param {number} bits @returns {number} */
export function f16Value(bits) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** @param {number} bits @returns {number} */
export function bf16Value(bits) {
  scratch.setUint32(0, (bits & 0xffff) << 16);
  return scratch.getFloat32(0);
}

/**
 * Serialize tensors to safetensors bytes. Float tensors are written as
 * `dtype` ("F32", "F16", "BF16" or "F64"); a tensor's own `dtype` wins
 * ("BOOL" and "U8" write one byte per element, "F32" keeps a buffer in f32
 * inside an F16 file). The header is padded with spaces so that 8 + N is a
 * multiple of 8; data is contiguous in the order given.
 * @param {{ name: string, shape: number[], data: ArrayLike<number>, dtype?: string }[]} tensors
 * @param {{ dtype?: string, metadata?: Record<string, string> | null }} [options]
 * @returns {Uint8Array}
 */
export function writeSafetensors(
  tensors,
  { dtype = "F32", metadata = { format: "pt" } } = {},
) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const plan = [];
  for (const t of tensors) {
    const kind = t.dtype ?? dtype;
    if (!(kind in BYTES)) throw new Error(`unsupported dtype ${kind}`);
    if (t.name === "__metadata__" || t.name in header)
      throw new Error(`duplicate or reserved name ${t.name}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(
        `${t.name}: shape ${t.shape} holds ${count}, data has ${t.data.length}`,
      );
    const size = count * BYTES[kind];
    header[t.name] = {
      dtype: kind,
      shape: t.shape,
      data_offsets: [offset, offset + size],
    };
    plan.push({ t, kind, offset });
    offset += size;
  }
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  json += " ".repeat(padded - headerBytes.length);
  headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  for (const { t, kind, offset: start } of plan) {
    let p = base + start;
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i];
      if (kind === "F32") view.setFloat32(p, v, true);
      else if (kind === "F64") view.setFloat64(p, v, true);
      else if (kind === "F16") view.setUint16(p, f16Bits(v), true);
      else if (kind === "BF16") view.setUint16(p, bf16Bits(v), true);
      else if (kind === "BOOL") view.setUint8(p, v ? 1 : 0);
      else view.setUint8(p, v);
      p += BYTES[kind];
    }
  }
  return out;
}

/**
 * Parse safetensors bytes (our own parser, independent of the core's):
 * Map name → { dtype, shape, data: Float64Array } (BOOL as 0/1). Checks the
 * header's bounds, each tensor's byte size against its shape and dtype, and
 * that the offsets tile the byte buffer with no gap or overlap. The map also
 * carries the metadata as map.metadata (not an entry).
 * @param {Uint8Array} bytes
 * @returns {Map<string, { dtype: string, shape: number[], data: Float64Array }> & { metadata?: Record<string, string> }}
 */
export function readSafetensors(bytes) {
  if (bytes.length < 8)
    throw new Error("safetensors: shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length)
    throw new Error(`safetensors: header length ${n} runs past the file`);
  const json = new TextDecoder("utf-8", { fatal: true }).decode(
    bytes.subarray(8, 8 + n),
  );
  if (!json.startsWith("{"))
    throw new Error("safetensors: header does not start with {");
  const header = JSON.parse(json);
  const base = 8 + n;
  const bufferLength = bytes.length - base;
  /** @type {any} */
  const out = new Map();
  const spans = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") {
      out.metadata = info;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = info;
    if (!(dtype in BYTES))
      throw new Error(`safetensors: ${name} has unsupported dtype ${dtype}`);
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets;
    if (!(begin <= end && end <= bufferLength))
      throw new Error(`safetensors: ${name} offsets out of range`);
    if (end - begin !== count * BYTES[dtype])
      throw new Error(`safetensors: ${name} size does not match its shape`);
    spans.push([begin, end, name]);
    const data = new Float64Array(count);
    let p = base + begin;
    for (let i = 0; i < count; i++, p += BYTES[dtype]) {
      if (dtype === "F32") data[i] = view.getFloat32(p, true);
      else if (dtype === "F64") data[i] = view.getFloat64(p, true);
      else if (dtype === "F16") data[i] = f16Value(view.getUint16(p, true));
      else if (dtype === "BF16") data[i] = bf16Value(view.getUint16(p, true));
      else if (dtype === "BOOL") data[i] = view.getUint8(p) ? 1 : 0;
      else data[i] = view.getUint8(p);
    }
    out.set(name, { dtype, shape: [...shape], data });
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== cursor)
      throw new Error(
        `safetensors: ${name} leaves a gap or overlaps at byte ${cursor}`,
      );
    cursor = end;
  }
  if (cursor !== bufferLength)
    throw new Error(
      "safetensors: the byte buffer has unindexed bytes at its end",
    );
  return out;
}

/**
 * Only the safetensors header of a GPT-2 checkpoint for `config` (every
 * tensor F32, in Hugging Face's order, offsets tiling the data), without
 * the data: for files too large to write, which the core must refuse from
 * the header and config alone.
 * @param {Record<string, any>} config a gpt2Config
 * @returns {{ prefix: Uint8Array, json: Uint8Array, dataBytes: number }}
 *   the 8-byte length, the header's JSON, and the bytes its data would take
 */
export function gpt2HeaderOnly(config) {
  const d = config.n_embd;
  const inner = config.n_inner ?? 4 * d;
  /** @type {[string, number[]][]} */
  const shapes = [
    ["wte.weight", [config.vocab_size, d]],
    ["wpe.weight", [config.n_positions, d]],
  ];
  for (let i = 0; i < config.n_layer; i++) {
    const h = `h.${i}.`;
    shapes.push(
      [h + "ln_1.weight", [d]],
      [h + "ln_1.bias", [d]],
      [h + "attn.c_attn.weight", [d, 3 * d]],
      [h + "attn.c_attn.bias", [3 * d]],
      [h + "attn.c_proj.weight", [d, d]],
      [h + "attn.c_proj.bias", [d]],
      [h + "ln_2.weight", [d]],
      [h + "ln_2.bias", [d]],
      [h + "mlp.c_fc.weight", [d, inner]],
      [h + "mlp.c_fc.bias", [inner]],
      [h + "mlp.c_proj.weight", [inner, d]],
      [h + "mlp.c_proj.bias", [d]],
    );
  }
  shapes.push(["ln_f.weight", [d]], ["ln_f.bias", [d]]);
  /** @type {Record<string, any>} */
  const header = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = {
      dtype: "F32",
      shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
  return { prefix, json, dataBytes: offset };
}
