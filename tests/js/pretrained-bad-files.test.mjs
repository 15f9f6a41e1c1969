// mha.loadCheckpoint() on bad files and bad arguments: every class of
// problem is a named MHAError (its code, and a message that names the
// problem or the tensor), and afterwards a good load returns exactly the
// logits it returned before. The bad files are built here from a good
// seeded GPT-2 checkpoint (tests/js/gpt/checkpoint-writer.mjs), by editing
// its header or its bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMHA, MHAError } from "../../web/lib/mha.js";
import {
  gpt2Config,
  gpt2HeaderOnly,
  seededTensors,
  writeSafetensors,
} from "./gpt/checkpoint-writer.mjs";

const mha = await createMHA();

const CONFIG = gpt2Config({ layers: 2, heads: 2, dModel: 16, context: 32 });
const LIST = seededTensors(CONFIG, { seed: 1, std: 0.1 });
const GOOD = writeSafetensors(LIST, { dtype: "F32" });
const IDS = [1, 2, 3, 50000, 7, 8, 13];

const HEADER_LENGTH = Number(new DataView(GOOD.buffer).getBigUint64(0, true));
const HEADER = JSON.parse(
  new TextDecoder().decode(GOOD.subarray(8, 8 + HEADER_LENGTH)),
);
const DATA = GOOD.subarray(8 + HEADER_LENGTH);

/** A safetensors file of our own making: header object and data bytes. */
function build(header, data = DATA) {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** The good header, edited by `edit`, over the good data. */
function withHeader(edit) {
  const header = structuredClone(HEADER);
  edit(header);
  return build(header);
}

/** The good file with its 8-byte header length replaced. */
function withLength(length, bytes = GOOD) {
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(0, length, true);
  return out;
}

const BASELINE = await (async () => {
  const model = await mha.loadCheckpoint({ config: CONFIG, weights: GOOD });
  const r = model.forward(IDS);
  model.dispose();
  return r.logits;
})();

/** A good load now gives exactly the logits of the first one. */
async function assertStillGood(label) {
  const model = await mha.loadCheckpoint({
    config: CONFIG,
    weights: new Blob([GOOD]),
  });
  try {
    assert.deepEqual(
      model.forward(IDS).logits,
      BASELINE,
      `after ${label}: a good load gives the same logits`,
    );
  } finally {
    model.dispose();
  }
}

/** loadCheckpoint(args) rejects with MHAError `code` naming each fragment. */
async function expectLoadError(label, args, code, ...fragments) {
  await assert.rejects(
    mha.loadCheckpoint(args),
    (e) => {
      assert.ok(e instanceof MHAError, `${label}: an MHAError, got ${e}`);
      assert.equal(e.code, code, `${label}: ${e.message}`);
      for (const f of fragments) {
        assert.ok(
          f instanceof RegExp ? f.test(e.message) : e.message.includes(f),
          `${label}: "${e.message}" does not name ${f}`,
        );
      }
      return true;
    },
    label,
  );
}

const BAD_FILES = [
  ["an empty file", new Uint8Array(0), "BAD_JSON", "0 bytes", "header length"],
  [
    "a file cut inside its header",
    GOOD.subarray(0, 8 + 10),
    "BAD_JSON",
    `header of ${HEADER_LENGTH} bytes`,
    "truncated",
  ],
  [
    "a file cut inside its data",
    GOOD.subarray(0, GOOD.length - 7),
    "SHAPE_MISMATCH",
    '"ln_f.bias"',
    "data_offsets",
  ],
  [
    "a header length past the end",
    withLength(100000n, GOOD.subarray(0, 200)),
    "BAD_JSON",
    "header of 100000 bytes",
    "200-byte file",
  ],
  [
    "a header length of 2^63",
    withLength(1n << 63n),
    "TOO_LARGE",
    "9223372036854775808",
  ],
  [
    "a header that is not JSON",
    build({}, new Uint8Array(0)).fill(0x41, 8),
    "BAD_JSON",
    "header",
    "parse error",
  ],
  [
    "overlapping offsets",
    withHeader((h) => {
      h["h.0.ln_1.bias"].data_offsets = [...h["h.0.ln_1.weight"].data_offsets];
    }),
    "SHAPE_MISMATCH",
    '"h.0.ln_1.bias"',
    "overlaps",
  ],
  [
    "out-of-range offsets",
    withHeader((h) => {
      const [b, e] = h["ln_f.bias"].data_offsets;
      h["ln_f.bias"].data_offsets = [b + 1e6, e + 1e6];
    }),
    "SHAPE_MISMATCH",
    '"ln_f.bias"',
    "outside",
  ],
  [
    "a shape that does not match its bytes",
    withHeader((h) => {
      h["h.0.ln_1.bias"].shape = [17];
    }),
    "SHAPE_MISMATCH",
    '"h.0.ln_1.bias"',
    "64 bytes",
    "68",
  ],
  [
    'an unsupported dtype ("Q4")',
    withHeader((h) => {
      h["h.0.ln_1.bias"].dtype = "Q4";
    }),
    "BAD_TYPE",
    '"h.0.ln_1.bias"',
    "Q4",
  ],
  [
    "a weight stored as I64",
    withHeader((h) => {
      Object.assign(h["h.0.ln_1.bias"], { dtype: "I64", shape: [8] });
    }),
    "BAD_TYPE",
    '"h.0.ln_1.bias"',
    "I64",
  ],
  [
    "a weight stored as BOOL",
    withHeader((h) => {
      Object.assign(h["h.1.mlp.c_proj.bias"], { dtype: "BOOL", shape: [64] });
    }),
    "BAD_TYPE",
    '"h.1.mlp.c_proj.bias"',
    "BOOL",
  ],
  [
    "a missing tensor",
    writeSafetensors(LIST.filter((t) => t.name !== "h.1.mlp.c_fc.bias")),
    "SHAPE_MISMATCH",
    '"h.1.mlp.c_fc.bias"',
    "no tensor",
  ],
  [
    "a NaN inside a weight",
    writeSafetensors(
      LIST.map((t) => {
        if (t.name !== "h.1.attn.c_proj.weight") return t;
        const data = t.data.slice();
        data[5] = NaN;
        return { ...t, data };
      }),
    ),
    "NON_FINITE",
    '"h.1.attn.c_proj.weight"',
    "element 5",
  ],
];

for (const [label, bytes, code, ...fragments] of BAD_FILES) {
  test(`${label}: ${code}, then a good load still works`, async () => {
    await expectLoadError(
      label,
      { config: CONFIG, weights: bytes },
      code,
      ...fragments,
    );
    // The same through a Blob and a small chunk.
    await expectLoadError(
      `${label} (Blob)`,
      { config: CONFIG, weights: new Blob([bytes]), chunkBytes: 1024 },
      code,
      ...fragments,
    );
    await assertStillGood(label);
  });
}

const BAD_CONFIGS = [
  [
    "n_embd different from the tensors",
    { ...CONFIG, n_embd: 32 },
    "SHAPE_MISMATCH",
    '"wte.weight"',
    "[50257, 16]",
    "[50257, 32]",
  ],
  [
    "n_layer larger than the file's",
    { ...CONFIG, n_layer: 3 },
    "SHAPE_MISMATCH",
    /no tensor "h\.2\./,
  ],
  [
    "heads that do not divide d_model",
    { ...CONFIG, n_head: 3 },
    "HEADS_DO_NOT_DIVIDE",
    "16",
    "3",
  ],
  [
    'model_type "llama"',
    { ...CONFIG, model_type: "llama" },
    "UNSUPPORTED",
    "llama",
    "gpt2",
  ],
  [
    "an unsupported activation",
    { ...CONFIG, activation_function: "swish" },
    "UNSUPPORTED",
    "swish",
    "gelu_new",
  ],
  ["config text that is not JSON", "{not json", "BAD_JSON", "config.json"],
];

for (const [label, config, code, ...fragments] of BAD_CONFIGS) {
  test(`config with ${label}: ${code}`, async () => {
    await expectLoadError(label, { config, weights: GOOD }, code, ...fragments);
    await assertStillGood(label);
  });
}

test("GPT-2 large (36 layers, 1280 wide) is TOO_LARGE before any data is read", async () => {
  const config = gpt2Config({
    layers: 36,
    heads: 20,
    dModel: 1280,
    context: 1024,
  });
  const { prefix, json, dataBytes } = gpt2HeaderOnly(config);
  // A file of the right size: 3.1 GB as one 16 MiB zero Blob repeated.
  // Node's Blob copies typed-array parts (184 × 16 MiB of Uint8Array took
  // 10 s and 3 GB of memory) but only references Blob parts (instant).
  const chunk = new Blob([new Uint8Array(1 << 24)]);
  const k = Math.floor(dataBytes / chunk.size);
  const full = new Blob([
    prefix,
    json,
    ...Array(k).fill(chunk),
    new Uint8Array(dataBytes - k * chunk.size),
  ]);
  assert.equal(full.size, 8 + json.length + dataBytes);
  const headerOnly = new Blob([prefix, json, new Uint8Array(64)]);
  for (const [label, weights] of [
    ["full-size Blob", full],
    ["header-only Blob", headerOnly],
  ]) {
    const events = [];
    await expectLoadError(
      label,
      { config, weights, onProgress: (e) => events.push(e) },
      "TOO_LARGE",
      "774030080 parameters",
    );
    assert.equal(events.length, 0, `${label}: no data was read`);
  }
  await assertStillGood("TOO_LARGE");
});

test("bad arguments: config or weights missing, weights of a wrong JS type, an unknown option", async () => {
  await expectLoadError(
    "no config",
    { weights: GOOD },
    "MISSING_ARRAY",
    "config",
  );
  await expectLoadError(
    "no weights",
    { config: CONFIG },
    "MISSING_ARRAY",
    "weights",
  );
  for (const [what, weights] of [
    ["a string", "model.safetensors"],
    ["an Array", [1, 2, 3]],
    ["a number", 42],
    ["a plain object", { size: 10 }],
  ]) {
    await expectLoadError(
      `weights as ${what}`,
      { config: CONFIG, weights },
      "BAD_TYPE",
      "weights",
      "Blob",
    );
  }
  await expectLoadError(
    "an unknown option",
    { config: CONFIG, weights: GOOD, chunk: 1024 },
    "BAD_TYPE",
    '"chunk"',
  );
  await assertStillGood("bad arguments");
});

test("an AbortSignal aborted mid-load: ABORTED, no more chunks, and the next load works", async () => {
  const controller = new AbortController();
  let events = 0;
  await expectLoadError(
    "aborted mid-load",
    {
      config: CONFIG,
      weights: new Blob([GOOD]),
      chunkBytes: 1024,
      signal: controller.signal,
      onProgress: () => {
        if (++events === 5) controller.abort();
      },
    },
    "ABORTED",
    "cancelled",
  );
  assert.equal(events, 5, "no chunk is fed after the abort");
  const already = new AbortController();
  already.abort();
  await expectLoadError(
    "aborted before the load",
    { config: CONFIG, weights: GOOD, signal: already.signal },
    "ABORTED",
  );
  await assertStillGood("ABORTED");
});

test("an onProgress that throws: its error propagates and the module keeps working", async () => {
  const boom = new Error("onProgress failed on purpose");
  let events = 0;
  await assert.rejects(
    mha.loadCheckpoint({
      config: CONFIG,
      weights: GOOD,
      chunkBytes: 1024,
      onProgress: () => {
        if (++events === 3) throw boom;
      },
    }),
    (e) => e === boom,
  );
  assert.equal(events, 3);
  await assertStillGood("a throwing onProgress");
});
