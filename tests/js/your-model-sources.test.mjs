// Where #your-model's checkpoint comes from (web/sections/your-model/
// sources.js): the two files out of what the reader picked or dropped,
// each missing file named in words, and ?model= folders only on the
// page's own site.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  modelFolderURLs,
  pickCheckpointFiles,
} from "../../web/sections/your-model/sources.js";

/** A File-like object as a folder picker gives it. */
const file = (name, folder = "") =>
  /** @type {File} */ (
    /** @type {unknown} */ ({
      name,
      webkitRelativePath: folder ? `${folder}/${name}` : "",
    })
  );

test("the two files are found among a Hugging Face folder's others", () => {
  const files = [
    file("README.md", "gpt2"),
    file("tokenizer.json", "gpt2"),
    file("config.json", "gpt2"),
    file("generation_config.json", "gpt2"),
    file("model.safetensors", "gpt2"),
    file("pytorch_model.bin", "gpt2"),
  ];
  const got = pickCheckpointFiles(files);
  assert.equal(got.config, files[2]);
  assert.equal(got.weights, files[4]);
  assert.equal(got.folder, "gpt2");
  assert.equal(got.ignored, 4);
  const two = pickCheckpointFiles([
    file("model.safetensors"),
    file("config.json"),
  ]);
  assert.equal(two.folder, "");
});

test("with several folders, the pair of one folder is taken, never a mix", () => {
  const files = [
    file("config.json", "models/a"),
    file("model.safetensors", "models/b"),
    file("config.json", "models/b"),
  ];
  const got = pickCheckpointFiles(files);
  assert.equal(got.folder, "models/b");
  assert.throws(
    () =>
      pickCheckpointFiles([
        file("config.json", "a"),
        file("model.safetensors", "b"),
      ]),
    { code: "SPLIT_FOLDERS" },
  );
});

test("each missing file is named, with why another will not do", () => {
  assert.throws(() => pickCheckpointFiles([file("config.json")]), {
    code: "MISSING_WEIGHTS",
    message: /model\.safetensors is missing/,
  });
  assert.throws(() => pickCheckpointFiles([file("model.safetensors")]), {
    code: "MISSING_CONFIG",
    message: /config\.json is missing/,
  });
  assert.throws(
    () => pickCheckpointFiles([file("config.json"), file("pytorch_model.bin")]),
    {
      code: "MISSING_WEIGHTS",
      message: /pytorch_model\.bin holds weights in a format/,
    },
  );
  assert.throws(
    () =>
      pickCheckpointFiles([
        file("config.json"),
        file("model-00001-of-00002.safetensors"),
        file("model-00002-of-00002.safetensors"),
      ]),
    { code: "MISSING_WEIGHTS", message: /split into 2 shards/ },
  );
  assert.throws(() => pickCheckpointFiles([]), { code: "NO_FILES" });
});

test("?model= names a folder on the page's site, with or without its slash", () => {
  const page =
    "https://school.example/course/explainer/index.html?model=x#your-model";
  for (const value of ["models/gpt2", "models/gpt2/", " models/gpt2/ "]) {
    const got = modelFolderURLs(value, page);
    assert.equal(
      got.config,
      "https://school.example/course/explainer/models/gpt2/config.json",
    );
    assert.equal(
      got.weights,
      "https://school.example/course/explainer/models/gpt2/model.safetensors",
    );
  }
  assert.equal(
    modelFolderURLs("/shared/gpt2", page).config,
    "https://school.example/shared/gpt2/config.json",
  );
  assert.equal(
    modelFolderURLs("../gpt2?v=2#x", page).weights,
    "https://school.example/course/gpt2/model.safetensors",
  );
  for (const other of [
    "https://elsewhere.example/gpt2/",
    "//elsewhere.example/gpt2",
  ]) {
    assert.throws(() => modelFolderURLs(other, page), {
      code: "BAD_MODEL_URL",
      message: /on this site \(https:\/\/school\.example\)/,
    });
  }
  assert.throws(() => modelFolderURLs("", page), { code: "BAD_MODEL_URL" });
});
