// Self-checks of the independent GPT-2 / GPT-Neo reference and the seeded
// checkpoint writer (tests/js/gpt/README.md says what each file is).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bf16Bits,
  f16Bits,
  f16Value,
  gpt2Config,
  gptNeoConfig,
  readSafetensors,
  seededTensors,
  untiedConfig,
  writeSafetensors,
} from "./checkpoint-writer.mjs";
import { geluNew, greedyReference, referenceForward } from "./reference.mjs";

const load = (config, options = {}, dtype = "F32") =>
  readSafetensors(writeSafetensors(seededTensors(config, options), { dtype }));

const maxAbsDiff = (a, b) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

test("F16 encoder: known bit patterns, subnormals, ties to even, overflow", () => {
  assert.equal(f16Bits(1), 0x3c00);
  assert.equal(f16Bits(-2), 0xc000);
  assert.equal(f16Bits(0), 0x0000);
  assert.equal(f16Bits(-0), 0x8000);
  assert.equal(f16Bits(65504), 0x7bff); // largest finite
  assert.equal(f16Bits(65519), 0x7bff); // below the halfway point to 65536
  assert.equal(f16Bits(65520), 0x7c00); // the tie goes to even: 2^16, which overflows
  assert.equal(f16Bits(Infinity), 0x7c00);
  assert.equal(f16Bits(NaN) & 0x7c00, 0x7c00);
  assert.notEqual(f16Bits(NaN) & 0x3ff, 0);
  assert.equal(f16Bits(2 ** -14), 0x0400); // smallest normal
  assert.equal(f16Bits(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(f16Bits(2 ** -25), 0x0000); // tie between 0 and 2^-24: even is 0
  assert.equal(f16Bits(3 * 2 ** -25), 0x0002); // tie between 1 and 2 units: even is 2
  assert.equal(f16Bits(1.5 * 2 ** -25), 0x0001); // above the halfway point
  assert.equal(f16Bits(1023 * 2 ** -24), 0x03ff); // largest subnormal
  assert.equal(f16Bits(1 + 2 ** -11), 0x3c00); // tie: stays on the even 0x3c00
  assert.equal(f16Bits(1 + 3 * 2 ** -11), 0x3c02); // tie: goes up to the even 0x3c02
  assert.equal(f16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01); // just above the tie
  assert.equal(f16Bits(2047 * 2 ** -11), 0x3bff); // exact: the largest value below 1
  assert.equal(f16Bits(4095 * 2 ** -12), 0x3c00); // tie: 0x3bff is odd, so up across the exponent boundary
  assert.equal(f16Value(0x0001), 2 ** -24);
  assert.equal(f16Value(0x7bff), 65504);
  assert.equal(f16Value(0xfc00), -Infinity);
});

test("BF16 encoder: the top half of the f32, round to nearest even", () => {
  assert.equal(bf16Bits(1), 0x3f80);
  assert.equal(bf16Bits(-2), 0xc000);
  assert.equal(bf16Bits(1 / 3), 0x3eab); // f32 0x3eaaaaab: low half 0xaaab > 0x8000 rounds up
  assert.equal(bf16Bits(1 + 2 ** -8), 0x3f80); // f32 0x3f808000: a tie, 0x3f80 is even
  assert.equal(bf16Bits(1 + 3 * 2 ** -8), 0x3f82); // f32 0x3f818000: a tie, up to even
  assert.equal(bf16Bits(Infinity), 0x7f80);
  assert.equal(bf16Bits(NaN) & 0x7f80, 0x7f80);
  assert.notEqual(bf16Bits(NaN) & 0x7f, 0);
});

test("F16 and BF16 round trip through readSafetensors", () => {
  const values = [
    1,
    -2,
    65504,
    2 ** -24,
    3 * 2 ** -25,
    1 + 3 * 2 ** -11,
    1 / 3,
    0.1,
    -1e-3,
  ];
  const tensors = [
    { name: "x", shape: [values.length], data: Float32Array.from(values) },
  ];
  const f16 = readSafetensors(writeSafetensors(tensors, { dtype: "F16" })).get(
    "x",
  );
  assert.equal(f16.dtype, "F16");
  assert.deepEqual(
    [...f16.data.slice(0, 6)],
    [1, -2, 65504, 2 ** -24, 2 * 2 ** -24, 1 + 4 * 2 ** -11],
  );
  for (let i = 0; i < values.length; i++)
    assert.equal(f16Bits(f16.data[i]), f16Bits(values[i]));
  const bf16 = readSafetensors(
    writeSafetensors(tensors, { dtype: "BF16" }),
  ).get("x");
  assert.equal(bf16.dtype, "BF16");
  assert.equal(bf16.data[6], 0.333984375); // 0x3eab
  for (let i = 0; i < values.length; i++) {
    assert.equal(bf16Bits(bf16.data[i]), bf16Bits(values[i]));
    assert.ok(
      Math.abs(bf16.data[i] - values[i]) <= Math.abs(values[i]) * 2 ** -8,
    );
  }
});

test("writer and reader: names, shapes, dtypes, header padding, offsets tiling the buffer", () => {
  const config = gpt2Config({
    layers: 2,
    heads: 2,
    dModel: 8,
    vocab: 11,
    context: 6,
  });
  const tensors = seededTensors(config, { maskBuffers: true, lmHead: "tied" });
  const bytes = writeSafetensors(tensors, { dtype: "F16" });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  assert.equal((8 + n) % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  assert.deepEqual(header.__metadata__, { format: "pt" });
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  assert.deepEqual(
    names,
    tensors.map((t) => t.name),
  );
  let cursor = 0;
  for (const t of tensors) {
    const info = header[t.name];
    assert.deepEqual(info.shape, t.shape);
    assert.equal(
      info.data_offsets[0],
      cursor,
      `${t.name} starts where the previous ended`,
    );
    cursor = info.data_offsets[1];
  }
  assert.equal(
    cursor,
    bytes.length - 8 - n,
    "the offsets tile the whole byte buffer",
  );
  assert.equal(header["h.0.attn.bias"].dtype, "BOOL");
  assert.equal(header["h.0.attn.masked_bias"].dtype, "F32");
  assert.deepEqual(header["h.0.attn.masked_bias"].shape, []);
  assert.equal(header["h.0.attn.c_attn.weight"].dtype, "F16");
  const read = readSafetensors(bytes);
  assert.deepEqual([...read.keys()], names);
  assert.deepEqual(read.get("h.1.attn.c_attn.weight").shape, [8, 24]);
  assert.deepEqual(read.get("h.1.mlp.c_fc.weight").shape, [8, 32]);
  assert.deepEqual(read.get("h.1.mlp.c_proj.weight").shape, [32, 8]);
  assert.deepEqual(
    [...read.get("h.1.attn.bias").data.slice(0, 12)],
    [1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0],
  );
  assert.equal(read.get("h.1.attn.masked_bias").data[0], -1e4);
  assert.deepEqual(
    read.get("lm_head.weight").data,
    read.get("wte.weight").data,
  );
  // F32 round trips exactly.
  const f32 = readSafetensors(writeSafetensors(tensors));
  for (const t of tensors)
    assert.deepEqual(f32.get(t.name).data, Float64Array.from(t.data), t.name);
  // A hole in the buffer is refused.
  const broken = bytes.slice();
  const text = new TextDecoder()
    .decode(broken.subarray(8, 8 + n))
    .replace('"data_offsets":[0,', '"data_offsets":[2,');
  broken.set(new TextEncoder().encode(text), 8);
  assert.throws(() => readSafetensors(broken), /gap|size/);
});

test("GPT-2 and GPT-Neo names follow HF's state dicts", () => {
  const neo = gptNeoConfig({
    layers: 2,
    heads: 2,
    dModel: 8,
    vocab: 11,
    context: 6,
    windowSize: 2,
  });
  assert.deepEqual(neo.attention_layers, ["global", "local"]);
  const names = seededTensors(neo, { maskBuffers: true }).map((t) => [
    t.name,
    t.shape.join("x"),
  ]);
  assert.deepEqual(names.slice(0, 14), [
    ["transformer.wte.weight", "11x8"],
    ["transformer.wpe.weight", "6x8"],
    ["transformer.h.0.ln_1.weight", "8"],
    ["transformer.h.0.ln_1.bias", "8"],
    ["transformer.h.0.attn.attention.bias", "1x1x6x6"],
    ["transformer.h.0.attn.attention.masked_bias", ""],
    ["transformer.h.0.attn.attention.k_proj.weight", "8x8"],
    ["transformer.h.0.attn.attention.v_proj.weight", "8x8"],
    ["transformer.h.0.attn.attention.q_proj.weight", "8x8"],
    ["transformer.h.0.attn.attention.out_proj.weight", "8x8"],
    ["transformer.h.0.attn.attention.out_proj.bias", "8"],
    ["transformer.h.0.ln_2.weight", "8"],
    ["transformer.h.0.ln_2.bias", "8"],
    ["transformer.h.0.mlp.c_fc.weight", "32x8"],
  ]);
  assert.deepEqual(names.at(-1), ["transformer.ln_f.bias", "8"]);
  const localMask = seededTensors(neo, { maskBuffers: true }).find(
    (t) => t.name === "transformer.h.1.attn.attention.bias",
  );
  assert.deepEqual([...localMask.data.slice(18, 24)], [0, 0, 1, 1, 0, 0]); // row 3, window 2: keys 2 and 3
  const gpt2 = gpt2Config({
    layers: 1,
    heads: 1,
    dModel: 4,
    vocab: 5,
    context: 3,
  });
  assert.ok(
    seededTensors(gpt2, { prefix: true }).every((t) =>
      t.name.startsWith("transformer."),
    ),
  );
  assert.deepEqual(
    seededTensors(gpt2)
      .map((t) => t.name)
      .slice(0, 4),
    ["wte.weight", "wpe.weight", "h.0.ln_1.weight", "h.0.ln_1.bias"],
  );
  assert.throws(
    () => seededTensors(gpt2, { lmHead: "untied" }),
    /tie_word_embeddings/,
  );
  assert.throws(
    () => gptNeoConfig({ layers: 3, heads: 1, dModel: 4, context: 4 }),
    /attention_types/,
  );
});

test("GPT-2 reference: attention rows sum to 1, causal cells are exactly 0", () => {
  const config = gpt2Config({
    layers: 2,
    heads: 2,
    dModel: 8,
    vocab: 13,
    context: 8,
  });
  const tensors = load(config, { seed: 3, std: 0.5 });
  const { attention, n, layers, heads, logits, vocab } = referenceForward(
    config,
    tensors,
    [1, 5, 2, 12, 0],
  );
  assert.equal(logits.length, n * vocab);
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const p = attention[((l * heads + h) * n + i) * n + j];
          if (j > i) assert.equal(p, 0);
          else assert.ok(p > 0);
          sum += p;
        }
        assert.ok(Math.abs(sum - 1) < 1e-14);
      }
    }
  }
});

test("GPT-Neo reference: local layers see only the window, global layers everything before", () => {
  const config = gptNeoConfig({
    layers: 2,
    heads: 2,
    dModel: 8,
    vocab: 13,
    context: 8,
    windowSize: 2,
  });
  const tensors = load(config, { seed: 4, std: 0.5 });
  const { attention, n, heads } = referenceForward(
    config,
    tensors,
    [3, 1, 4, 1, 5, 9],
  );
  const cell = (l, h, i, j) => attention[((l * heads + h) * n + i) * n + j];
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < n; i++) {
      let localSum = 0;
      for (let j = 0; j < n; j++) {
        if (j > i) assert.equal(cell(0, h, i, j), 0);
        else
          assert.ok(
            cell(0, h, i, j) > 0,
            "global layer sees every earlier key",
          );
        if (j > i || j <= i - 2)
          assert.equal(cell(1, h, i, j), 0, `local cell ${i},${j}`);
        else assert.ok(cell(1, h, i, j) > 0);
        localSum += cell(1, h, i, j);
      }
      assert.ok(Math.abs(localSum - 1) < 1e-14);
    }
  }
});

test("ablation: no heads equals the plain run, one head changes the logits", () => {
  for (const config of [
    gpt2Config({ layers: 2, heads: 2, dModel: 8, vocab: 13, context: 8 }),
    gptNeoConfig({
      layers: 2,
      heads: 2,
      dModel: 8,
      vocab: 13,
      context: 8,
      windowSize: 3,
    }),
  ]) {
    const tensors = load(config, { seed: 5, std: 0.3 });
    const ids = [2, 7, 1, 8];
    const plain = referenceForward(config, tensors, ids);
    assert.deepEqual(
      referenceForward(config, tensors, ids, { ablated: [] }).logits,
      plain.logits,
    );
    const ablated = referenceForward(config, tensors, ids, {
      ablated: [[0, 1]],
    });
    assert.ok(
      maxAbsDiff(ablated.logits, plain.logits) > 1e-6,
      config.model_type,
    );
    // The ablated head's own pattern is still reported; later layers move.
    for (let i = 0; i < 2 * 4 * 4; i++)
      assert.equal(ablated.attention[i], plain.attention[i]);
    assert.throws(
      () => referenceForward(config, tensors, ids, { ablated: [[2, 0]] }),
      /no head/,
    );
  }
});

test("GPT-2: prefix or not, tied lm_head or absent, give identical logits; untied uses lm_head", () => {
  const config = gpt2Config({
    layers: 1,
    heads: 2,
    dModel: 8,
    vocab: 17,
    context: 5,
  });
  const ids = [4, 16, 0];
  const bare = referenceForward(config, load(config, { seed: 6 }), ids).logits;
  const prefixed = referenceForward(
    config,
    load(config, { seed: 6, prefix: true, maskBuffers: true }),
    ids,
  ).logits;
  const tied = referenceForward(
    config,
    load(config, { seed: 6, lmHead: "tied" }),
    ids,
  ).logits;
  assert.deepEqual(prefixed, bare);
  assert.deepEqual(tied, bare);
  const untied = untiedConfig(config);
  const untiedLogits = referenceForward(
    untied,
    load(untied, { seed: 6, lmHead: "untied" }),
    ids,
  ).logits;
  assert.ok(maxAbsDiff(untiedLogits, bare) > 1e-4);
  assert.throws(
    () => referenceForward(untied, load(config, { seed: 6 }), ids),
    /lm_head.weight/,
  );
});

test("unsupported inputs throw", () => {
  const config = gpt2Config({
    layers: 1,
    heads: 1,
    dModel: 4,
    vocab: 5,
    context: 3,
  });
  const tensors = load(config);
  assert.throws(
    () => referenceForward(config, tensors, [0, 1, 2, 3]),
    /context/,
  );
  assert.throws(() => referenceForward(config, tensors, [5]), /out of range/);
  assert.throws(
    () =>
      referenceForward({ ...config, activation_function: "relu" }, tensors, [
        0,
      ]),
    /activation/,
  );
  assert.throws(
    () => referenceForward({ ...config, model_type: "llama" }, tensors, [0]),
    /model_type/,
  );
  assert.throws(
    () => referenceForward({ ...config, n_embd: 8 }, tensors, [0]),
    /shape/,
  );
});

test("GPT-2 with the real vocabulary size and greedy decoding", () => {
  const config = gpt2Config({ layers: 1, heads: 2, dModel: 16, context: 8 });
  const tensors = load(config, { seed: 7, std: 0.2 }, "BF16");
  const ids = [50256, 464, 3290];
  const { logits, vocab } = referenceForward(config, tensors, ids);
  assert.equal(vocab, 50257);
  const out = greedyReference(config, tensors, ids, 2);
  assert.equal(out.length, 5);
  assert.deepEqual(out.slice(0, 3), ids);
  let best = 0;
  for (let t = 1; t < vocab; t++)
    if (logits[2 * vocab + t] > logits[2 * vocab + best]) best = t;
  assert.equal(out[3], best);
  // Ties go to the lowest id: a model whose logits are all equal picks 0.
  const flat = new Map(tensors);
  const wte = flat.get("wte.weight");
  flat.set("wte.weight", { ...wte, data: new Float64Array(wte.data.length) });
  assert.deepEqual(greedyReference(config, flat, [7], 1), [7, 0]);
});

test("golden: a hand-computed 1-layer, 1-head GPT-2 (D=2, V=3, T=3)", () => {
  // Weights (Conv1D weights stored [in, out]); eps = 3 so that LayerNorm of a
  // row (a, -a) with |a| = 1 is (±1/2, ∓1/2): mean 0, variance 1, √(1+3) = 2.
  //   wte = [[1,-1],[0,0],[1,0]], wpe = [[0,0],[-1,1],[5,5]], ids = [0, 1]
  //   x0 = wte0 + wpe0 = (1,-1), x1 = wte1 + wpe1 = (-1,1)
  //   ln_1 (weight 1, bias 0): a0 = (1/2,-1/2), a1 = (-1/2,1/2)
  //   c_attn: Wq = 0 with bias (c, 0), c = ln3/√2; Wk = 2·I; Wv = I
  //     q_i = (c, 0); k0 = (1,-1), k1 = (-1,1); v0 = a0, v1 = a1
  //   scores / √d_k (d_k = 2): s(1,0) = c·1/√2 = ln3/2, s(1,1) = −ln3/2
  //   softmax row 1: e^{ln3/2} / (e^{ln3/2} + e^{−ln3/2}) = 3/(3+1) = 3/4, then 1/4
  //   attention = [[1, 0], [3/4, 1/4]]
  //   heads: o0 = v0 = (1/2,-1/2); o1 = 3/4·v0 + 1/4·v1 = (1/4,-1/4)
  //   c_proj = I, bias 0: h0 = x0 + o0 = (3/2,-3/2), h1 = x1 + o1 = (-3/4,3/4)
  //   MLP (F = 4·D = 8): c_fc W = 0, bias (1,0,...,0) → hidden (g,0,...,0),
  //     g = gelu_new(1) = ½(1 + tanh(√(2/π)·1.044715)) ≈ 0.841192;
  //     c_proj row 0 = (1,-1), bias 0 → mlp = (g, -g) for both tokens
  //   y0 = (3/2+g, −3/2−g), y1 = (−3/4+g, 3/4−g): both have mean 0
  //   ln_f (weight 1, bias (1/4, 0)): u = dev/√(dev² + 3), row = (u + 1/4, −u)
  //     u0 = (3/2+g)/√((3/2+g)² + 3), u1 = (g−3/4)/√((g−3/4)² + 3)
  //   logits = row · wteᵀ: token0 (1,-1) → 2u + 1/4; token1 (0,0) → 0; token2 (1,0) → u + 1/4
  const c = Math.log(3) / Math.SQRT2;
  const config = gpt2Config({
    layers: 1,
    heads: 1,
    dModel: 2,
    vocab: 3,
    context: 3,
    eps: 3,
  });
  const f = 8;
  const zeros = (k) => new Array(k).fill(0);
  const tensors = [
    { name: "wte.weight", shape: [3, 2], data: [1, -1, 0, 0, 1, 0] },
    { name: "wpe.weight", shape: [3, 2], data: [0, 0, -1, 1, 5, 5] },
    { name: "h.0.ln_1.weight", shape: [2], data: [1, 1] },
    { name: "h.0.ln_1.bias", shape: [2], data: [0, 0] },
    {
      name: "h.0.attn.c_attn.weight",
      shape: [2, 6],
      data: [0, 0, 2, 0, 1, 0, 0, 0, 0, 2, 0, 1],
    },
    { name: "h.0.attn.c_attn.bias", shape: [6], data: [c, 0, 0, 0, 0, 0] },
    { name: "h.0.attn.c_proj.weight", shape: [2, 2], data: [1, 0, 0, 1] },
    { name: "h.0.attn.c_proj.bias", shape: [2], data: [0, 0] },
    { name: "h.0.ln_2.weight", shape: [2], data: [1, 1] },
    { name: "h.0.ln_2.bias", shape: [2], data: [0, 0] },
    { name: "h.0.mlp.c_fc.weight", shape: [2, f], data: zeros(2 * f) },
    { name: "h.0.mlp.c_fc.bias", shape: [f], data: [1, ...zeros(f - 1)] },
    {
      name: "h.0.mlp.c_proj.weight",
      shape: [f, 2],
      data: [1, -1, ...zeros(2 * f - 2)],
    },
    { name: "h.0.mlp.c_proj.bias", shape: [2], data: [0, 0] },
    { name: "ln_f.weight", shape: [2], data: [1, 1] },
    { name: "ln_f.bias", shape: [2], data: [0.25, 0] },
  ];
  const read = readSafetensors(writeSafetensors(tensors, { dtype: "F64" }));
  const { logits, attention } = referenceForward(config, read, [0, 1]);
  const g = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715));
  assert.ok(Math.abs(g - geluNew(1)) < 1e-15);
  const u0 = (1.5 + g) / Math.sqrt((1.5 + g) ** 2 + 3);
  const u1 = (g - 0.75) / Math.sqrt((g - 0.75) ** 2 + 3);
  const expected = [2 * u0 + 0.25, 0, u0 + 0.25, 2 * u1 + 0.25, 0, u1 + 0.25];
  assert.ok(
    maxAbsDiff(logits, expected) < 1e-12,
    `${[...logits]} vs ${expected}`,
  );
  assert.ok(maxAbsDiff(attention, [1, 0, 0.75, 0.25]) < 1e-12);
});

test("GPT-Neo with global layers equals a GPT-2 built from its transposed weights (queries × √d_k)", () => {
  // Cross-checks the two layouts against each other: nn.Linear [out, in]
  // versus Conv1D [in, out], q|k|v blocks in c_attn, and Neo's missing
  // 1/√d_k (folded into GPT-2's query weights here).
  const size = {
    layers: 2,
    heads: 2,
    dModel: 8,
    vocab: 13,
    context: 8,
    dMlp: 12,
  };
  const neoConfig = gptNeoConfig({
    ...size,
    attentionTypes: [[["global"], 2]],
  });
  const neo = load(neoConfig, { seed: 8, std: 0.4 });
  const d = 8;
  const f = 12;
  const sqrtDk = Math.sqrt(d / 2);
  /** W stored [rows, cols] → its transpose [cols, rows], times a factor. */
  const transpose = (w, rows, cols, factor = 1) => {
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[c * rows + r] = factor * w[r * cols + c];
    return out;
  };
  const gpt2 = new Map();
  const put = (name, shape, data) =>
    gpt2.set(name, { dtype: "F64", shape, data });
  const get = (name) => neo.get("transformer." + name).data;
  put("wte.weight", [13, d], get("wte.weight"));
  put("wpe.weight", [8, d], get("wpe.weight"));
  put("ln_f.weight", [d], get("ln_f.weight"));
  put("ln_f.bias", [d], get("ln_f.bias"));
  for (let l = 0; l < 2; l++) {
    const h = `h.${l}.`;
    for (const ln of ["ln_1", "ln_2"]) {
      put(h + ln + ".weight", [d], get(h + ln + ".weight"));
      put(h + ln + ".bias", [d], get(h + ln + ".bias"));
    }
    const q = transpose(get(h + "attn.attention.q_proj.weight"), d, d, sqrtDk);
    const k = transpose(get(h + "attn.attention.k_proj.weight"), d, d);
    const v = transpose(get(h + "attn.attention.v_proj.weight"), d, d);
    const cAttn = new Float64Array(d * 3 * d);
    for (let i = 0; i < d; i++) {
      for (let o = 0; o < d; o++) {
        cAttn[i * 3 * d + o] = q[i * d + o];
        cAttn[i * 3 * d + d + o] = k[i * d + o];
        cAttn[i * 3 * d + 2 * d + o] = v[i * d + o];
      }
    }
    put(h + "attn.c_attn.weight", [d, 3 * d], cAttn);
    put(h + "attn.c_attn.bias", [3 * d], new Float64Array(3 * d));
    put(
      h + "attn.c_proj.weight",
      [d, d],
      transpose(get(h + "attn.attention.out_proj.weight"), d, d),
    );
    put(h + "attn.c_proj.bias", [d], get(h + "attn.attention.out_proj.bias"));
    put(
      h + "mlp.c_fc.weight",
      [d, f],
      transpose(get(h + "mlp.c_fc.weight"), f, d),
    );
    put(h + "mlp.c_fc.bias", [f], get(h + "mlp.c_fc.bias"));
    put(
      h + "mlp.c_proj.weight",
      [f, d],
      transpose(get(h + "mlp.c_proj.weight"), d, f),
    );
    put(h + "mlp.c_proj.bias", [d], get(h + "mlp.c_proj.bias"));
  }
  const ids = [1, 12, 5, 5, 0, 7];
  const a = referenceForward(neoConfig, neo, ids);
  const b = referenceForward(gpt2Config(size), gpt2, ids);
  assert.ok(maxAbsDiff(a.logits, b.logits) < 1e-12);
  assert.ok(maxAbsDiff(a.attention, b.attention) < 1e-12);
});
