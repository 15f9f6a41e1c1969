// One model of the reader's, in the core, and everything the #your-model
// section asks of it: open (config and header checked, the summary), load
// (streamed, with progress and cancel), then on the reader's text the
// tokens, every head's weights and metrics, the top next tokens, the
// ablation of chosen heads, a greedy continuation and "Verify this file".
//
// It runs inside the section's module Worker (worker.js), so the page's
// main thread never waits on the core; it holds no DOM and is tested in
// Node as it is (tests/js/your-model-session.test.mjs). Every number comes
// from the public API of web/lib/mha.js.
import { compareContinuation, verifyCaseFor } from "./verify.js";

import {
  CONTINUATION_STEPS,
  MAX_TEXT_CHARS,
  MAX_TOKENS,
  TOP_K,
} from "./limits.js";

export { CONTINUATION_STEPS, MAX_TEXT_CHARS, MAX_TOKENS, TOP_K };

/** An error the page shows in words: a code and a message. */
export class SessionError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = "SessionError";
    this.code = code;
  }
}

/**
 * How the model's ids are read and written: GPT-2's byte-level BPE for a
 * 50,257-token vocabulary (GPT-2, distilgpt2, GPT-Neo), or the characters
 * of `mha_vocabulary` (the project's own small model, exported as GPT-2
 * files by scripts/export-gpt2.mjs).
 * @typedef {{ kind: "gpt2" | "characters", name: string,
 *   tokens(text: string): { id: number, label: string }[],
 *   label(id: number): string, decode(ids: ArrayLike<number>): string }} Tokenizer
 */

/**
 * The characters of a vocabulary as a Tokenizer.
 * @returns {Tokenizer}
 */
function characterTokenizer(vocabulary) {
  const chars = [...vocabulary];
  const index = new Map(chars.map((c, i) => [c, i]));
  const label = (id) =>
    chars[id] === " " ? "␣" : chars[id] === "\n" ? "↵" : chars[id];
  return {
    kind: "characters",
    name: `one token per character (${chars.length} characters)`,
    tokens(text) {
      const out = [];
      const unknown = new Set();
      for (const c of text) {
        const id = index.get(c);
        if (id === undefined) unknown.add(c);
        else out.push({ id, label: label(id) });
      }
      if (unknown.size > 0) {
        throw new SessionError(
          "UNKNOWN_CHARACTERS",
          `this model has no token for ${[...unknown]
            .slice(0, 8)
            .map((c) => `“${c}”`)
            .join(
              ", ",
            )}: it knows ${chars.length} characters (newline and the printable ASCII characters)`,
        );
      }
      return out;
    },
    label,
    decode: (ids) => Array.from(ids, (id) => chars[id] ?? "").join(""),
  };
}

/**
 * The tokenizer for a loaded model, from its config.json and vocabulary
 * size, or a SessionError saying why there is none.
 * @param {Record<string, unknown>} configJson
 * @param {number} vocab
 * @returns {Promise<Tokenizer>}
 */
export async function tokenizerFor(configJson, vocab) {
  const vocabulary = configJson.mha_vocabulary;
  if (typeof vocabulary === "string" && [...vocabulary].length === vocab) {
    return characterTokenizer(vocabulary);
  }
  if (vocab >= 50257) {
    const bpe = await import("../../lib/gpt2-tokenizer.js");
    /** @type {Tokenizer} */
    const gpt2 = {
      kind: "gpt2",
      name: "GPT-2's byte-level BPE (50,257 tokens)",
      tokens: (text) =>
        bpe.gpt2Tokens(text).map(({ id, label }) => ({ id, label })),
      label: (id) => (id < 50257 ? bpe.gpt2TokenLabel(id) : `#${id}`),
      decode: (ids) => bpe.decodeGpt2(Array.from(ids).filter((i) => i < 50257)),
    };
    return gpt2;
  }
  throw new SessionError(
    "NO_TOKENIZER",
    `the vocabulary has ${vocab} tokens, and this page can read text only as GPT-2's 50,257 BPE tokens (GPT-2, distilgpt2, GPT-Neo) or the characters a config.json lists as mha_vocabulary`,
  );
}

/**
 * Where a checkpoint comes from: the reader's two files, or the URLs of a
 * folder served beside the page (?model=, or the project's small model).
 * @typedef {{ kind: "files", config: Blob, weights: Blob }
 *   | { kind: "urls", config: string, weights: string }} ModelSource
 */

/** config.json's text and the weights, from a source. */
async function readSource(source) {
  if (source.kind === "files") {
    return { configText: await source.config.text(), weights: source.weights };
  }
  const [config, weights] = await Promise.all([
    fetchOrSay(source.config, "config.json"),
    fetchOrSay(source.weights, "model.safetensors"),
  ]);
  return { configText: await config.text(), weights };
}

async function fetchOrSay(url, name) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SessionError(
      "FETCH_FAILED",
      `${name} could not be fetched from ${url}: ${error.message}`,
    );
  }
  if (!response.ok) {
    throw new SessionError(
      "FETCH_FAILED",
      `${name} could not be fetched from ${url}: the server answered HTTP ${response.status}`,
    );
  }
  return response;
}

/**
 * config.json's text parsed (an empty object when it is not JSON: the core
 * then names the problem when it reads the text).
 * @returns {Record<string, unknown>}
 */
function parseConfig(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}

/**
 * @param {import("../../lib/mha.js").MHA} mha
 */
export function createSession(mha) {
  /** @type {import("../../lib/mha.js").PendingCheckpoint | null} */
  let pending = null;
  /** @type {Record<string, unknown>} */
  let configJson = {};
  /** @type {import("../../lib/mha.js").Model | null} */
  let model = null;
  /** @type {Tokenizer | null} */
  let tokenizer = null;
  /** @type {Int32Array | null} the ids of the last analysed text */
  let ids = null;
  /** @type {{ id: number, label: string, probability: number }[] | null} */
  let intactTop = null;
  /** @type {AbortController | null} */
  let loading = null;

  const needModel = () => {
    if (!model) throw new SessionError("NO_MODEL", "no model is loaded");
    return model;
  };
  const needIds = () => {
    if (!ids) throw new SessionError("NO_TEXT", "no text was analysed yet");
    return ids;
  };

  return {
    /**
     * Reads config.json and the safetensors header, and checks them.
     * @param {ModelSource} source
     */
    async open(source) {
      pending?.cancel();
      pending = null;
      const { configText, weights } = await readSource(source);
      configJson = parseConfig(configText);
      pending = await mha.openCheckpoint({ config: configText, weights });
      const s = pending.summary;
      return {
        ...s,
        config: { ...s.config },
        dtypes: [...s.dtypes],
        skippedTensors: [...s.skippedTensors],
        architectures: Array.isArray(configJson.architectures)
          ? configJson.architectures.map(String)
          : [],
        nameOrPath:
          typeof configJson._name_or_path === "string"
            ? configJson._name_or_path
            : null,
      };
    },

    /**
     * Streams the opened checkpoint into the core; the model loaded before
     * is freed first. Resolves with what the page needs to know of it.
     * @param {(p: import("../../lib/mha.js").LoadProgress) => void} onProgress
     */
    async load(onProgress) {
      if (!pending) throw new SessionError("NO_MODEL", "open a model first");
      model?.dispose();
      model = null;
      ids = null;
      intactTop = null;
      loading = new AbortController();
      const opened = pending;
      pending = null;
      const heapBefore = mha.heapBytes();
      try {
        model = await opened.load({ onProgress, signal: loading.signal });
      } finally {
        loading = null;
      }
      tokenizer = await tokenizerFor(configJson, model.config.vocab);
      const verify = verifyCaseFor(model.config);
      return {
        config: { ...model.config },
        parameterCount: model.parameterCount,
        meta: model.meta,
        // The wasm heap around the load: the weights and one chunk.
        heapBefore,
        heapAfter: mha.heapBytes(),
        tokenizer: { kind: tokenizer.kind, name: tokenizer.name },
        maxTokens: Math.min(MAX_TOKENS, model.config.context),
        verify: verify && {
          model: verify.model,
          prompt: verify.prompt,
          ids: [...verify.ids],
        },
      };
    },

    /** Stops a load between chunks (the load then fails with ABORTED). */
    cancel() {
      loading?.abort();
      pending?.cancel();
      pending = null;
    },

    /**
     * Tokenises the text and runs it: every head's weights (L × H × n × n)
     * and every head's metrics and label.
     * @param {string} text
     */
    analyse(text) {
      const m = needModel();
      if (typeof text !== "string" || text.length > MAX_TEXT_CHARS) {
        throw new SessionError(
          "TEXT_TOO_LONG",
          `the text may hold at most ${MAX_TEXT_CHARS} characters`,
        );
      }
      const all = tokenizer.tokens(text);
      const limit = Math.min(MAX_TOKENS, m.config.context);
      if (all.length < 2) {
        throw new SessionError(
          "TEXT_TOO_SHORT",
          `the text is ${all.length} token${all.length === 1 ? "" : "s"}; a head needs at least 2 to attend between`,
        );
      }
      const tokens = all.slice(0, limit);
      ids = Int32Array.from(tokens, (t) => t.id);
      intactTop = null;
      const forward = m.forward(ids, { logits: "none" });
      const analysis = m.analyze(ids, { copying: false });
      return {
        tokens,
        totalTokens: all.length,
        limit,
        n: ids.length,
        weights: forward.weights,
        reports: analysis.reports.map((r) => ({ ...r })),
      };
    },

    /**
     * The top next tokens after the text, the loss on it, with the heads
     * of `ablate` (L·H flags) zeroed and without.
     * @param {Uint8Array} ablate
     */
    predict(ablate) {
      const m = needModel();
      const x = needIds();
      const any = ablate.some((f) => f !== 0);
      const top = (flags) => {
        const r = m.topNext(x, { k: TOP_K, ablate: flags });
        return Array.from(r.ids, (id, k) => ({
          id,
          label: tokenizer.label(id),
          probability: r.probabilities[k],
        }));
      };
      const loss = m.ablation({ sequences: x, ablate });
      // The intact top tokens depend on the text only: computed once per
      // text, not again on every change of the ablated heads.
      intactTop ??= top(undefined);
      return {
        intact: intactTop,
        ablated: any ? top(ablate) : null,
        loss: loss.loss,
        ablatedLoss: any ? loss.ablatedLoss : null,
        delta: any ? loss.delta : null,
        changedPredictions: any ? loss.changedPredictions : null,
      };
    },

    /**
     * A greedy continuation of the text by the core, ablated or not.
     * @param {Uint8Array} ablate
     */
    continuation(ablate) {
      const m = needModel();
      const x = needIds();
      const steps = Math.min(CONTINUATION_STEPS, m.config.context - x.length);
      if (steps <= 0) return { ids: [], text: "", labels: [] };
      const out = m.generate(x, { steps, ablate });
      const added = Array.from(out.subarray(x.length));
      return {
        ids: added,
        text: tokenizer.decode(added),
        labels: added.map((id) => tokenizer.label(id)),
      };
    },

    /**
     * "Verify this file": the greedy continuation of Hugging Face's test
     * prompt, compared with the ids their test expects.
     */
    verify() {
      const m = needModel();
      const c = verifyCaseFor(m.config);
      if (!c) {
        throw new SessionError(
          "NO_VERIFY_CASE",
          "only GPT-2 small and distilgpt2 have published continuations to check against",
        );
      }
      const prompt = c.ids.slice(0, c.promptLength);
      const got = Array.from(
        m.generate(prompt, { steps: c.ids.length - c.promptLength }),
      );
      const result = compareContinuation(c.ids, got);
      return {
        ...result,
        model: c.model,
        prompt: c.prompt,
        expectedIds: [...c.ids],
        gotIds: got,
        expectedText: tokenizer.decode(c.ids),
        gotText: tokenizer.decode(got),
        source: { ...c.source },
      };
    },

    /** Frees everything held in the core. */
    dispose() {
      pending?.cancel();
      pending = null;
      model?.dispose();
      model = null;
    },
  };
}
