// The #your-model section's data: GPT-2 small's published head roles
// (web/sections/your-model/roles.js) and the Hugging Face greedy
// continuations behind "Verify this file" (web/sections/your-model/verify.js).
// Every literal below is copied from the source named beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  CITATIONS,
  COMPARABLE_LABEL,
  GPT2_SMALL_ROLES,
  labelAgrees,
  looksLikeGpt2Small,
  publishedRoles,
} from "../../web/sections/your-model/roles.js";
import {
  compareContinuation,
  VERIFY_CASES,
  verifyCaseFor,
} from "../../web/sections/your-model/verify.js";
import { decodeGpt2, encodeGpt2 } from "../../web/lib/gpt2-tokenizer.js";
import { createMHA } from "../../web/lib/mha.js";

const GPT2_SMALL = {
  layers: 12,
  heads: 12,
  dModel: 768,
  vocab: 50257,
  context: 1024,
  dMlp: 3072,
  activation: "gelu",
};

const caseOf = (model) => VERIFY_CASES.find((c) => c.model === model);

test("GPT-2's expected ids are test_lm_generate_gpt2's, exactly", () => {
  // huggingface/transformers tests/models/gpt2/test_modeling_gpt2.py,
  // _test_lm_generate_gpt2_helper: input_ids [[464, 3290]] ("# The dog"),
  // expected_output_ids below, generate(do_sample=False, max_length=20).
  const gpt2 = caseOf("gpt2");
  assert.deepEqual(
    [...gpt2.ids],
    [
      464, 3290, 373, 1043, 287, 257, 2214, 1474, 262, 16246, 286, 2688, 290,
      2688, 27262, 13, 198, 198, 464, 3290,
    ],
  );
  assert.deepEqual(gpt2.ids.slice(0, gpt2.promptLength), [464, 3290]);
  assert.equal(gpt2.prompt, "The dog");
  assert.equal(gpt2.steps, 18);
  assert.equal(
    gpt2.source.test,
    "GPT2ModelLanguageGenerationTest.test_lm_generate_gpt2",
  );
});

test("distilgpt2's expected ids are test_lm_generate_distilgpt2's, exactly", () => {
  // tests/gpt2/test_modeling_tf_gpt2.py, input_ids [[464, 1893]]
  // ("# The president"), generate(do_sample=False) with the default 20.
  const distil = caseOf("distilgpt2");
  assert.deepEqual(
    [...distil.ids],
    [
      464, 1893, 286, 262, 1578, 1829, 11, 290, 262, 1893, 286, 262, 1578, 7526,
      11, 423, 587, 287, 262, 2635,
    ],
  );
  assert.deepEqual(distil.ids.slice(0, distil.promptLength), [464, 1893]);
  assert.equal(distil.prompt, "The president");
  assert.equal(distil.steps, 18);
});

test("every case: prompt and text are what GPT-2's tokenizer says, source on GitHub", () => {
  for (const c of VERIFY_CASES) {
    assert.deepEqual(
      [...encodeGpt2(c.prompt)],
      c.ids.slice(0, c.promptLength),
      c.model,
    );
    assert.equal(decodeGpt2(c.ids), c.text, c.model);
    assert.equal(c.steps, c.ids.length - c.promptLength);
    assert.equal(c.source.repo, "huggingface/transformers");
    assert.match(c.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(
      c.source.url,
      `https://github.com/huggingface/transformers/blob/${c.source.commit}/${c.source.path}`,
    );
    assert.match(c.source.call, /do_sample=False/);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.ids), c.model);
  }
});

test("every role: a head of GPT-2 small, a class of ours, a cited arXiv source", () => {
  const roles = new Set([
    "previous-token",
    "duplicate-token",
    "induction",
    "s-inhibition",
    "name-mover",
    "negative-name-mover",
    "backup-name-mover",
  ]);
  assert.ok(Object.isFrozen(GPT2_SMALL_ROLES));
  for (const r of GPT2_SMALL_ROLES) {
    const name = `${r.layer}.${r.head}`;
    assert.ok(Number.isInteger(r.layer) && r.layer >= 0 && r.layer <= 11, name);
    assert.ok(Number.isInteger(r.head) && r.head >= 0 && r.head <= 11, name);
    assert.ok(roles.has(r.role), `${name} ${r.role}`);
    assert.ok(r.paperRole.length > 0 && r.where.length > 0, name);
    assert.ok(Object.hasOwn(CITATIONS, r.source), `${name} ${r.source}`);
    assert.match(
      CITATIONS[r.source].url,
      /^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}$/,
    );
  }
});

test("the IOI circuit: 26 heads in 7 classes, each head once (Wang et al.'s count)", () => {
  // Abstract of arXiv:2211.00593: "26 attention heads grouped into 7 main
  // classes"; Figure 20 (Appendix K) lists each with its class.
  const ioi = GPT2_SMALL_ROLES.filter((r) => r.source === "wang2022ioi");
  assert.equal(ioi.length, 26);
  assert.equal(new Set(ioi.map((r) => r.role)).size, 7);
  assert.equal(new Set(ioi.map((r) => `${r.layer}.${r.head}`)).size, 26);
  const cite = CITATIONS.wang2022ioi;
  assert.equal(cite.url, "https://arxiv.org/abs/2211.00593");
  assert.equal(cite.year, 2022);
  for (const copy of cite.code) {
    assert.match(copy.commit, /^[0-9a-f]{40}$/);
    assert.ok(
      copy.url.startsWith(
        `https://github.com/${copy.repo}/blob/${copy.commit}/`,
      ),
    );
  }
});

test("publishedRoles: the classes the paper gives these heads", () => {
  const classes = (layer, head) =>
    publishedRoles(layer, head).map((r) => r.role);
  // §3.1: 9.6, 9.9, 10.0 Name Movers; 10.7, 11.10 Negative Name Movers.
  assert.deepEqual(classes(9, 9), ["name-mover"]);
  assert.deepEqual(classes(10, 7), ["negative-name-mover"]);
  // §3.2: 7.3, 7.9, 8.6, 8.10 S-Inhibition.
  assert.deepEqual(classes(8, 10), ["s-inhibition"]);
  // Appendix D and H: 4.11 and 2.2 Previous Token Heads.
  assert.deepEqual(classes(4, 11), ["previous-token"]);
  // Appendix H: 5.5 and 6.9 Induction Heads; Appendix I: 3.0, 0.1 Duplicate.
  assert.deepEqual(classes(5, 5), ["induction"]);
  assert.deepEqual(classes(3, 0), ["duplicate-token"]);
  // Appendix F: Backup Name Movers include 10.10 and 11.9.
  assert.deepEqual(classes(10, 10), ["backup-name-mover"]);
  assert.deepEqual(classes(11, 9), ["backup-name-mover"]);
  // Appendix C: 0.10 is the paper's "fuzzy Duplicate Token Head".
  assert.equal(
    publishedRoles(0, 10)[0].paperRole,
    "fuzzy Duplicate Token Head",
  );
  // A head no source names.
  assert.deepEqual(publishedRoles(0, 0), []);
  assert.deepEqual(publishedRoles(12, 0), []);
});

test("COMPARABLE_LABEL and labelAgrees use the core's label strings", () => {
  assert.deepEqual(
    { ...COMPARABLE_LABEL },
    { "previous-token": "previous-token", induction: "induction" },
  );
  assert.equal(labelAgrees(5, 5, "induction"), true);
  assert.equal(labelAgrees(4, 11, "previous-token"), true);
  assert.equal(labelAgrees(4, 11, "induction"), false);
  assert.equal(labelAgrees(2, 2, "sink"), false);
  assert.equal(labelAgrees(9, 9, "induction"), null); // a name mover
  assert.equal(labelAgrees(0, 0, "previous-token"), null); // no published role
});

test("looksLikeGpt2Small: GPT-2 small's sizes only", () => {
  assert.equal(looksLikeGpt2Small(GPT2_SMALL), true);
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, family: "gpt2" }), true);
  const { activation, ...noActivation } = GPT2_SMALL;
  assert.equal(activation, "gelu");
  assert.equal(looksLikeGpt2Small(noActivation), true);
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, layers: 6 }), false); // distilgpt2
  assert.equal(
    looksLikeGpt2Small({ ...GPT2_SMALL, layers: 24, dModel: 1024 }),
    false,
  );
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, context: 2048 }), false); // GPT-Neo 125M
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, family: "gpt_neo" }), false);
  assert.equal(
    looksLikeGpt2Small({ ...GPT2_SMALL, activation: "relu" }),
    false,
  );
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, dMlp: 1536 }), false);
  assert.equal(looksLikeGpt2Small({ ...GPT2_SMALL, vocab: 96 }), false);
  assert.equal(looksLikeGpt2Small(null), false);
  assert.equal(looksLikeGpt2Small(undefined), false);
});

test("verifyCaseFor: GPT-2 small, distilgpt2, else null", () => {
  assert.equal(verifyCaseFor(GPT2_SMALL).model, "gpt2");
  assert.equal(verifyCaseFor({ ...GPT2_SMALL, layers: 6 }).model, "distilgpt2");
  assert.equal(verifyCaseFor({ ...GPT2_SMALL, layers: 4 }), null);
  assert.equal(verifyCaseFor({ ...GPT2_SMALL, context: 2048 }), null);
  assert.equal(verifyCaseFor({ ...GPT2_SMALL, family: "gpt_neo" }), null);
  assert.equal(verifyCaseFor(null), null);
});

test("compareContinuation: pass, first difference, shorter, longer", () => {
  const want = caseOf("gpt2").ids;
  assert.deepEqual(compareContinuation(want, Int32Array.from(want)), {
    pass: true,
    firstDifference: -1,
    expected: -1,
    got: -1,
  });
  const wrong = [...want];
  wrong[5] = 1;
  wrong[9] = 2;
  assert.deepEqual(compareContinuation(want, wrong), {
    pass: false,
    firstDifference: 5,
    expected: 257,
    got: 1,
  });
  assert.deepEqual(compareContinuation(want, want.slice(0, 12)), {
    pass: false,
    firstDifference: 12,
    expected: 290,
    got: -1,
  });
  assert.deepEqual(compareContinuation(want, [...want, 373]), {
    pass: false,
    firstDifference: 20,
    expected: -1,
    got: 373,
  });
  assert.deepEqual(compareContinuation([], []), {
    pass: true,
    firstDifference: -1,
    expected: -1,
    got: -1,
  });
});

test("a loaded checkpoint's model.config has the fields these read", async () => {
  // The shipped GPT-2-format model (2 layers, 4 heads, 96 characters): not
  // GPT-2 small, but its config is the object the section will pass.
  const dir = new URL("../../web/data/model-gpt2/", import.meta.url);
  const mha = await createMHA();
  const model = await mha.loadCheckpoint({
    config: await readFile(new URL("config.json", dir), "utf8"),
    weights: await readFile(new URL("model.safetensors", dir)),
  });
  try {
    const config = { ...model.config, family: model.meta.family };
    assert.equal(config.family, "gpt2");
    assert.equal(config.activation, "gelu");
    assert.equal(looksLikeGpt2Small(config), false);
    assert.equal(verifyCaseFor(config), null);
    // The same object with GPT-2 small's sizes passes: the names match.
    const sized = { ...config, layers: 12, heads: 12, dModel: 768 };
    Object.assign(sized, { vocab: 50257, context: 1024, dMlp: 3072 });
    assert.equal(looksLikeGpt2Small(sized), true);
    assert.equal(verifyCaseFor({ ...sized, layers: 6 }).model, "distilgpt2");
  } finally {
    model.dispose();
  }
});
