// Folders for the "your-model" section's browser tests: a reader drops a
// Hugging Face GPT-2 / GPT-Neo folder (config.json + model.safetensors, and
// whatever else HF puts there) on the page. Node writes seeded folders to
// disk here, good and bad, and computes the numbers the page must show with
// the public API (web/lib/mha.js: createMHA(), mha.loadCheckpoint()), so the
// Chromium test compares the page against the same core run in Node.
//
// The checkpoints come from tests/js/gpt/checkpoint-writer.mjs (HF's exact
// names, shapes and config fields). Token ids come from the page's own
// tokenizer (web/lib/gpt2-tokenizer.js), so Node and the page agree.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createMHA } from "../../web/lib/mha.js";
import { encodeGpt2 } from "../../web/lib/gpt2-tokenizer.js";
import {
  gpt2Config,
  gpt2HeaderOnly,
  gptNeoConfig,
  seededNormal,
  seededTensors,
  writeSafetensors,
} from "../js/gpt/checkpoint-writer.mjs";

/** GPT-2's (and GPT-Neo's) vocabulary: 50,000 merges, 256 bytes, <|endoftext|>. */
export const VOCAB = 50257;

/** The small sizes of both tiny folders. */
export const TINY = { layers: 2, heads: 4, dModel: 32, context: 128 };

/** GPT-Neo's local window in the tiny Neo folder: 4 positions, self included. */
export const NEO_WINDOW = 4;

/**
 * Weight scale of the seeded tensors. Larger than HF's 0.02 so that the
 * heads' patterns differ visibly from uniform and the top next tokens are
 * not near ties.
 */
const STD = 0.25;

/** A short text that repeats a phrase (14 GPT-2 tokens). */
export const DEFAULT_TEST_TEXT =
  "The cat sat on the mat. The cat sat on the mat.";

/**
 * The GPT-2 ids the page gives `text` (web/lib/gpt2-tokenizer.js), as a
 * plain array so that it can cross into page.evaluate().
 * @param {string} text
 * @returns {number[]}
 */
export function idsOf(text) {
  return Array.from(encodeGpt2(text));
}

/** Files a real HF folder holds beside the two the page reads. */
const EXTRA_FILES = {
  "tokenizer.json": JSON.stringify({
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [],
    model: { type: "BPE", vocab: {}, merges: [] },
    note: "a dummy: the page must ignore this file",
  }),
  "generation_config.json": JSON.stringify(
    {
      _from_model_config: true,
      bos_token_id: 50256,
      eos_token_id: 50256,
      transformers_version: "4.40.0",
    },
    null,
    2,
  ),
  "README.md":
    "---\nlicense: mit\n---\n\n# A seeded test checkpoint\n\n" +
    "Random weights written by tests/browser/your-model-fixtures.mjs.\n",
};

/**
 * Writes `files` (name → text or bytes) into `dir` (created if needed).
 * @param {string} dir
 * @param {Record<string, string | Uint8Array>} files
 * @returns {Promise<string[]>} the names written, in order
 */
async function writeFolder(dir, files) {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files))
    await writeFile(join(dir, name), content);
  return Object.keys(files);
}

/** @param {Record<string, any>} config */
const configText = (config) => JSON.stringify(config, null, 2);

/**
 * A good folder: config.json, model.safetensors (seeded, F32) and the extra
 * files.
 * @param {string} dir
 * @param {Record<string, any>} config
 * @param {number} seed
 */
async function writeGoodFolder(dir, config, seed) {
  const weights = writeSafetensors(seededTensors(config, { seed, std: STD }));
  const files = await writeFolder(dir, {
    "config.json": configText(config),
    "model.safetensors": weights,
    ...EXTRA_FILES,
  });
  return { dir, config, files, layers: TINY.layers, heads: TINY.heads };
}

/**
 * A GPT-2-layout folder (GPT2LMHeadModel's config and tensor names, no
 * "transformer." prefix, lm_head tied and absent): 2 layers, 4 heads,
 * d_model 32, context 128, GPT-2's 50,257-token vocabulary, seeded F32
 * weights (~6.5 MB). Also holds a dummy tokenizer.json,
 * generation_config.json and README.md, which the page must ignore.
 * @param {string} dir the folder to write (created if needed)
 * @param {{ seed?: number }} [options] seed of the weights (default 1)
 * @returns {Promise<{ dir: string, config: Record<string, any>,
 *   files: string[], layers: number, heads: number }>}
 */
export async function writeTinyGpt2Folder(dir, { seed = 1 } = {}) {
  return writeGoodFolder(dir, gpt2Config({ ...TINY, vocab: VOCAB }), seed);
}

/**
 * A GPT-Neo-layout folder (GPTNeoForCausalLM, "transformer." names), same
 * sizes as writeTinyGpt2Folder, attention_types [[["global","local"],1]]:
 * layer 0 global, layer 1 local with window_size 4 (position i sees
 * i-3 … i), so the window shows within DEFAULT_TEST_TEXT's 14 tokens. Same
 * extra files.
 * @param {string} dir the folder to write (created if needed)
 * @param {{ seed?: number }} [options] seed of the weights (default 2)
 * @returns {Promise<{ dir: string, config: Record<string, any>,
 *   files: string[], layers: number, heads: number, window: number }>}
 */
export async function writeTinyNeoFolder(dir, { seed = 2 } = {}) {
  const config = gptNeoConfig({
    ...TINY,
    vocab: VOCAB,
    windowSize: NEO_WINDOW,
    attentionTypes: [[["global", "local"], 1]],
  });
  return { ...(await writeGoodFolder(dir, config, seed)), window: NEO_WINDOW };
}

/**
 * A small LLaMA folder (LlamaForCausalLM's config and tensor names), for
 * the wrong-family case: the core refuses its model_type.
 * @param {number} seed
 */
function llamaFolder(seed) {
  const d = 32;
  const vocab = 256;
  const config = {
    architectures: ["LlamaForCausalLM"],
    bos_token_id: 1,
    eos_token_id: 2,
    hidden_act: "silu",
    hidden_size: d,
    intermediate_size: 64,
    max_position_embeddings: 128,
    model_type: "llama",
    num_attention_heads: 4,
    num_hidden_layers: 2,
    num_key_value_heads: 4,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    tie_word_embeddings: false,
    torch_dtype: "float32",
    vocab_size: vocab,
  };
  const normal = seededNormal(seed);
  /** @param {string} name @param {number[]} shape */
  const tensor = (name, shape) => ({
    name,
    shape,
    data: Float32Array.from(
      { length: shape.reduce((a, b) => a * b, 1) },
      () => 0.02 * normal(),
    ),
  });
  const tensors = [tensor("model.embed_tokens.weight", [vocab, d])];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    for (const x of ["q", "k", "v", "o"])
      tensors.push(tensor(`${p}self_attn.${x}_proj.weight`, [d, d]));
    tensors.push(
      tensor(`${p}mlp.gate_proj.weight`, [64, d]),
      tensor(`${p}mlp.up_proj.weight`, [64, d]),
      tensor(`${p}mlp.down_proj.weight`, [d, 64]),
      tensor(`${p}input_layernorm.weight`, [d]),
      tensor(`${p}post_attention_layernorm.weight`, [d]),
    );
  }
  tensors.push(
    tensor("model.norm.weight", [d]),
    tensor("lm_head.weight", [vocab, d]),
  );
  return {
    "config.json": configText(config),
    "model.safetensors": writeSafetensors(tensors),
  };
}

/**
 * safetensors bytes whose header JSON is cut short (its closing brace and
 * the last entry's end are blanked with spaces), over the good data: the
 * 8-byte length and the file size are right, the JSON is not.
 * @param {Uint8Array} good a well-formed safetensors file
 * @returns {Uint8Array}
 */
function brokenHeader(good) {
  const out = good.slice();
  const length = Number(new DataView(out.buffer).getBigUint64(0, true));
  const header = out.subarray(8, 8 + length);
  const text = new TextDecoder().decode(header);
  const cut = text.lastIndexOf('"data_offsets"');
  header.fill(0x20, cut); // spaces from the last "data_offsets" on
  return out;
}

/**
 * A safetensors file that is only its header, declaring GPT-2 large's
 * tensors (36 layers, d_model 1280: 774 M parameters, 3.1 GB of F32) with
 * no data after it: ~40 KB on disk. The core refuses GPT-2 large from
 * config.json's sizes alone (TOO_LARGE, more than 400 M parameters) before
 * it reads any data, so the absent data is never noticed.
 * @param {Record<string, any>} config a gpt2Config
 * @returns {Uint8Array}
 */
function headerOnly(config) {
  const { prefix, json } = gpt2HeaderOnly(config);
  const out = new Uint8Array(8 + json.length);
  out.set(prefix);
  out.set(json, 8);
  return out;
}

/** Escapes `text` for use inside a RegExp source. @param {string} text */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * One sub-folder of `dir` per class of bad folder. Each entry says which
 * files it holds, the MHAError code the core gives (null where the page
 * itself must report a missing file, without calling the core) and
 * `expectText`: a RegExp source the page's message should match, taken
 * from the core's message (or naming the missing file).
 *
 * - "wrong-family": a LLaMA folder (model_type "llama"): UNSUPPORTED.
 * - "malformed-config": config.json cut in half (not JSON): BAD_JSON.
 * - "malformed-weights": model.safetensors whose header JSON is cut short
 *   (length and file size right): BAD_JSON.
 * - "too-large": GPT-2 large's config.json and a header-only
 *   model.safetensors (~40 KB): TOO_LARGE before any data is read.
 * - "disagree": config.json says d_model 32 (4 heads), the tensors are
 *   d_model 16: SHAPE_MISMATCH naming wte.weight and both shapes.
 * - "only-config" / "only-weights": one of the two files; `missing` names
 *   the other.
 * @param {string} dir the parent folder (created if needed)
 * @returns {Promise<Record<string, { dir: string, files: string[],
 *   expectCode: string | null, expectText: string, missing?: string }>>}
 */
export async function writeBadFolders(dir) {
  const config = gpt2Config({ ...TINY, vocab: VOCAB });
  const good = writeSafetensors(seededTensors(config, { seed: 3, std: STD }));
  const narrow = gpt2Config({ ...TINY, dModel: 16, vocab: VOCAB });
  const large = gpt2Config({
    layers: 36,
    heads: 20,
    dModel: 1280,
    context: 1024,
    vocab: VOCAB,
  });
  const text = configText(config);
  /** @type {Record<string, { files: Record<string, string | Uint8Array>, expectCode: string | null, expectText: string, missing?: string }>} */
  const classes = {
    "wrong-family": {
      files: llamaFolder(4),
      expectCode: "UNSUPPORTED",
      expectText: literal('model_type "llama" is not supported'),
    },
    "malformed-config": {
      files: {
        "config.json": text.slice(0, Math.floor(text.length / 2)),
        "model.safetensors": good,
      },
      expectCode: "BAD_JSON",
      expectText: literal("config.json is not JSON"),
    },
    "malformed-weights": {
      files: { "config.json": text, "model.safetensors": brokenHeader(good) },
      expectCode: "BAD_JSON",
      expectText: literal("the header: parse error"),
    },
    "too-large": {
      files: {
        "config.json": configText(large),
        "model.safetensors": headerOnly(large),
      },
      expectCode: "TOO_LARGE",
      expectText:
        literal("774030080 parameters") + ".*" + literal("above the 400000000"),
    },
    disagree: {
      files: {
        "config.json": text,
        "model.safetensors": writeSafetensors(
          seededTensors(narrow, { seed: 5, std: STD }),
        ),
      },
      expectCode: "SHAPE_MISMATCH",
      expectText:
        literal('tensor "wte.weight" has shape [50257, 16]') +
        ".*" +
        literal("needs [50257, 32]"),
    },
    "only-config": {
      files: { "config.json": text },
      expectCode: null,
      expectText: "model\\.safetensors",
      missing: "model.safetensors",
    },
    "only-weights": {
      files: { "model.safetensors": good },
      expectCode: null,
      expectText: "config\\.json",
      missing: "config.json",
    },
  };
  /** @type {Record<string, { dir: string, files: string[], expectCode: string | null, expectText: string, missing?: string }>} */
  const out = {};
  for (const [name, { files, ...expect }] of Object.entries(classes)) {
    const sub = join(dir, name);
    out[name] = { dir: sub, files: await writeFolder(sub, files), ...expect };
  }
  return out;
}

/** @type {Promise<import("../../web/lib/mha.js").MHA> | null} */
let mhaPromise = null;

/** The one MHA instance of this process, created on first use. */
function getMha() {
  mhaPromise ??= createMHA();
  return mhaPromise;
}

/**
 * Loads a folder's config.json and model.safetensors with
 * mha.loadCheckpoint(), as the page does. The caller disposes the model.
 * Rejects with the core's MHAError for a bad folder.
 * @param {string} dir
 * @returns {Promise<import("../../web/lib/model.js").Model>}
 */
export async function loadFolder(dir) {
  const mha = await getMha();
  const [config, weights] = await Promise.all([
    readFile(join(dir, "config.json"), "utf8"),
    readFile(join(dir, "model.safetensors")),
  ]);
  return mha.loadCheckpoint({ config, weights: new Uint8Array(weights) });
}

/**
 * The numbers the page must show for a folder on `ids`, computed in Node
 * with the same core (one MHA per process; the model is disposed).
 *
 * - weights: head (layer, head)'s n × n attention, row-major.
 * - topNext / ablatedTopNext: model.topNext(ids, { k: 5 }) at the last
 *   position, intact and with `ablate`.
 * - loss / ablatedLoss: model.ablation({ sequences: ids, batch: 1, ablate })
 *   — one sequence of n ids, scoring the prediction of ids[1..] from
 *   ids[..n-2], mean cross-entropy in nats.
 * - generate: model.generate(ids, { steps: 8 }): ids then 8 greedy tokens.
 * @param {string} dir a folder written by writeTinyGpt2Folder or writeTinyNeoFolder
 * @param {ArrayLike<number>} ids token ids (e.g. idsOf(DEFAULT_TEST_TEXT)), at least 2
 * @param {{ layer?: number, head?: number,
 *   ablate?: { layer: number, head: number }[] }} [options]
 *   layer, head: the head whose weights are returned (default 0, 0);
 *   ablate: the heads to zero (default: that head)
 * @returns {Promise<{ n: number, weights: number[],
 *   topNext: { ids: number[], probabilities: number[] },
 *   ablatedTopNext: { ids: number[], probabilities: number[] },
 *   loss: number, ablatedLoss: number, generate: number[] }>}
 */
export async function expectedFor(
  dir,
  ids,
  { layer = 0, head = 0, ablate = [{ layer, head }] } = {},
) {
  const list = Array.from(ids);
  const model = await loadFolder(dir);
  try {
    const forward = model.forward(list, { logits: "none" });
    /** @param {{ ids: Int32Array, probabilities: Float32Array }} top */
    const plain = (top) => ({
      ids: Array.from(top.ids),
      probabilities: Array.from(top.probabilities),
    });
    const { loss, ablatedLoss } = model.ablation({
      sequences: list,
      batch: 1,
      ablate,
    });
    return {
      n: list.length,
      weights: Array.from(forward.headWeights(layer, head)),
      topNext: plain(model.topNext(list, { k: 5 })),
      ablatedTopNext: plain(model.topNext(list, { k: 5, ablate })),
      loss,
      ablatedLoss,
      generate: Array.from(model.generate(list, { steps: 8 })),
    };
  } finally {
    model.dispose();
  }
}

/**
 * The `mounts` for tests/browser/browser.mjs launch({ root: ".", mounts }):
 * each folder served under `${base}${name}/`, e.g. { "tiny-gpt2": dir } →
 * { "/models/tiny-gpt2/": dir }, so the page fetches
 * /models/tiny-gpt2/config.json. A value may be the folder's path or an
 * object with `dir` (what the write* functions return), so
 * serveMounts({ ...await writeBadFolders(d), "tiny-gpt2": gpt2 }) works.
 * @param {Record<string, string | { dir: string }>} folders name → folder
 * @param {{ base?: string }} [options] URL prefix (default "/models/")
 * @returns {Record<string, string>}
 */
export function serveMounts(folders, { base = "/models/" } = {}) {
  if (!base.startsWith("/") || !base.endsWith("/"))
    throw new Error(`base must start and end with "/", got ${base}`);
  /** @type {Record<string, string>} */
  const mounts = {};
  for (const [name, folder] of Object.entries(folders)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name === "." || name === "..")
      throw new Error(`a mount name is one URL-safe segment, got ${name}`);
    mounts[`${base}${name}/`] =
      typeof folder === "string" ? folder : folder.dir;
  }
  return mounts;
}
