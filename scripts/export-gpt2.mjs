// Writes the shipped trained model (the last checkpoint in web/data/model/)
// as a Hugging Face GPT-2 checkpoint in web/data/model-gpt2/: config.json
// and model.safetensors, through the core's exporter (Model.toGpt2()).
// Readers can take it to Python (GPT2LMHeadModel.from_pretrained) or load it
// back in the page with mha.loadCheckpoint. Its tokens are our 96
// characters, not GPT-2's BPE: config.json says so in "mha_vocabulary".
//
//   node scripts/export-gpt2.mjs [--check]
//
// --check writes nothing and fails when the committed files differ from
// what the exporter writes now (tests/js/exported-model.test.mjs runs it).
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createMHA } from "../web/lib/mha.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const modelDir = `${root}web/data/model/`;
const outDir = `${root}web/data/model-gpt2/`;

/** config.json and model.safetensors for the newest shipped checkpoint. */
export async function exportShippedModel() {
  const last = readdirSync(modelDir)
    .filter((f) => /^step-\d+\.bin$/.test(f))
    .sort()
    .at(-1);
  const mha = await createMHA();
  const model = mha.loadModel(readFileSync(modelDir + last));
  const vocabulary = mha.decodeTokens(
    Int32Array.from({ length: model.config.vocab }, (_, i) => i),
  );
  const files = model.toGpt2({
    mha_source: `web/data/model/${last}`,
    mha_vocabulary: vocabulary,
    mha_note:
      "Token i is character i of mha_vocabulary (newline, then ' '..'~'); attention-only, so each layer's MLP is zero (width 1) and adds nothing.",
  });
  model.dispose();
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { config, weights } = await exportShippedModel();
  if (process.argv.includes("--check")) {
    const same =
      readFileSync(outDir + "config.json", "utf8") === config &&
      Buffer.compare(readFileSync(outDir + "model.safetensors"), weights) === 0;
    if (!same) {
      console.error(
        "web/data/model-gpt2/ is out of date: run node scripts/export-gpt2.mjs",
      );
      process.exit(1);
    }
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(outDir + "config.json", config);
    writeFileSync(outDir + "model.safetensors", weights);
    console.log(
      `wrote ${outDir}config.json and model.safetensors (${weights.length} bytes)`,
    );
  }
}
