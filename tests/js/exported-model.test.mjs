// The shipped model as a Hugging Face GPT-2 checkpoint (web/data/model-gpt2/,
// written by scripts/export-gpt2.mjs through the core's exporter): the
// committed files are what the exporter writes today, and loading them back
// with loadCheckpoint gives the shipped model's logits and head metrics
// (docs/MODEL.md: L1H2 induction 0.960 on the probe). The exported numbers
// are also checked against the independent plain-JS GPT-2 reference in
// tests/js/pretrained.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createMHA } from "../../web/lib/mha.js";
import { exportShippedModel } from "../../scripts/export-gpt2.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = `${root}web/data/model-gpt2/`;
const mha = await createMHA();

test("web/data/model-gpt2/ is what the exporter writes from the shipped model", async () => {
  const { config, weights } = await exportShippedModel();
  assert.equal(readFileSync(dir + "config.json", "utf8"), config);
  assert.equal(
    Buffer.compare(readFileSync(dir + "model.safetensors"), weights),
    0,
    "model.safetensors is out of date: run node scripts/export-gpt2.mjs",
  );
});

test("the exported checkpoint loads back with the shipped model's logits and its induction head", async () => {
  const last = readdirSync(`${root}web/data/model/`)
    .filter((f) => /^step-\d+\.bin$/.test(f))
    .sort()
    .at(-1);
  const shipped = mha.loadModel(readFileSync(`${root}web/data/model/${last}`));
  const config = JSON.parse(readFileSync(dir + "config.json", "utf8"));
  const back = await mha.loadCheckpoint({
    config,
    weights: new Blob([readFileSync(dir + "model.safetensors")]),
  });
  assert.equal(back.meta.family, "gpt2");
  assert.equal(back.config.tiedUnembedding, false);
  const ids = mha.encodeText("the whale, the whale, the white whale");
  const a = shipped.forward(ids);
  const b = back.forward(ids);
  let error = 0;
  for (let i = 0; i < a.logits.length; i++) {
    error = Math.max(error, Math.abs(a.logits[i] - b.logits[i]));
  }
  assert.ok(error < 1e-4, `max |Δ logit| ${error} ≥ 1e-4`);
  // docs/MODEL.md's probe: 32 distinct letters repeated, seed 20220308.
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const probe = mha.probeSequences({ batch: 4, half: 32, alphabet: letters });
  const batch = 4;
  const x = shipped.analyze(probe, { batch });
  const y = back.analyze(probe, { batch });
  const l1h2 = shipped.config.heads + 2;
  assert.equal(x.reports[l1h2].induction.toFixed(3), "0.960");
  assert.equal(y.reports[l1h2].induction.toFixed(3), "0.960");
  assert.equal(y.reports[l1h2].label, "induction");
  for (let h = 0; h < x.reports.length; h++) {
    assert.ok(
      Math.abs(x.reports[h].induction - y.reports[h].induction) < 1e-5,
      `head ${h}: induction ${x.reports[h].induction} vs ${y.reports[h].induction}`,
    );
    assert.ok(Math.abs(x.reports[h].copying - y.reports[h].copying) < 1e-4);
  }
  shipped.dispose();
  back.dispose();
});

test("toGpt2's extra fields that JSON cannot carry are BAD_JSON, and the export still works after", () => {
  const last = readdirSync(`${root}web/data/model/`)
    .filter((f) => /^step-\d+\.bin$/.test(f))
    .sort()
    .at(-1);
  const model = mha.loadModel(readFileSync(`${root}web/data/model/${last}`));
  const throwing = {
    nested: {
      get field() {
        throw new Error("boom");
      },
    },
  };
  for (const extra of [throwing, { big: 1n }]) {
    assert.throws(
      () => model.toGpt2(extra),
      (e) =>
        e.code === "BAD_JSON" &&
        /extra cannot be written as JSON/.test(e.message),
    );
  }
  const { weights } = model.toGpt2();
  assert.equal(
    Buffer.compare(
      Buffer.from(weights),
      readFileSync(dir + "model.safetensors"),
    ),
    0,
  );
  model.dispose();
});
