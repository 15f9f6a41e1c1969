// Where the #your-model section's checkpoint comes from, before any of it
// is read: the reader's files (picked one by one, as a folder, or dropped),
// or a folder on the page's own site named by ?model=. Pure functions of
// file lists and URLs, tested in Node (tests/js/your-model-sources.test.mjs).

export const CONFIG_NAME = "config.json";
export const WEIGHTS_NAME = "model.safetensors";

/** A problem with what the reader brought, in words, before the core. */
export class SourceError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = "SourceError";
    this.code = code;
  }
}

/** A file's folder within what was picked ("" at the top). */
function folderOf(file) {
  const path = file.webkitRelativePath || file.name;
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut);
}

/**
 * config.json and model.safetensors out of the files the reader brought
 * (two files, or a whole Hugging Face folder: the other files are
 * ignored). With several folders, the first that holds both wins.
 * @param {ArrayLike<File>} files
 * @returns {{ kind: "files", config: File, weights: File, folder: string,
 *   ignored: number }}
 * @throws {SourceError} naming what is missing, and why another file will
 *   not do
 */
export function pickCheckpointFiles(files) {
  const list = Array.from(files);
  const byFolder = new Map();
  for (const file of list) {
    const folder = folderOf(file);
    if (!byFolder.has(folder)) byFolder.set(folder, {});
    const entry = byFolder.get(folder);
    if (file.name === CONFIG_NAME) entry.config ??= file;
    if (file.name === WEIGHTS_NAME) entry.weights ??= file;
  }
  for (const [folder, { config, weights }] of byFolder) {
    if (config && weights) {
      return {
        kind: "files",
        config,
        weights,
        folder,
        ignored: list.length - 2,
      };
    }
  }
  const names = list.map((f) => f.name);
  const hasConfig = names.includes(CONFIG_NAME);
  const hasWeights = names.includes(WEIGHTS_NAME);
  if (list.length === 0) {
    throw new SourceError("NO_FILES", "no file was given");
  }
  if (hasConfig && hasWeights) {
    throw new SourceError(
      "SPLIT_FOLDERS",
      `${CONFIG_NAME} and ${WEIGHTS_NAME} are in different folders: give the two files of one model`,
    );
  }
  if (!hasWeights) {
    const shards = names.filter((n) =>
      /^model-\d+-of-\d+\.safetensors$/.test(n),
    );
    const why = shards.length
      ? ` This checkpoint is split into ${shards.length} shards (${shards[0]}, …); this page reads one ${WEIGHTS_NAME}, as GPT-2, distilgpt2 and GPT-Neo 125M ship it.`
      : names.some((n) => /\.(bin|pt|pth|ckpt|h5|msgpack|onnx)$/.test(n))
        ? ` A ${names.find((n) => /\.(bin|pt|pth|ckpt|h5|msgpack|onnx)$/.test(n))} holds weights in a format this page does not read: the Hugging Face model page offers ${WEIGHTS_NAME} too.`
        : "";
    throw new SourceError(
      "MISSING_WEIGHTS",
      `${WEIGHTS_NAME} is missing: give it together with ${CONFIG_NAME}.${why}`,
    );
  }
  throw new SourceError(
    "MISSING_CONFIG",
    `${CONFIG_NAME} is missing: give it together with ${WEIGHTS_NAME} (it says the model's sizes; the two files sit side by side in a Hugging Face folder)`,
  );
}

/**
 * The files of a drop: the dropped files, and the files of dropped folders
 * (one level down is enough for a Hugging Face folder; deeper folders too).
 * @param {DataTransfer} transfer
 * @returns {Promise<File[]>}
 */
export async function filesFromDrop(transfer) {
  const entries = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) {
    return Array.from(transfer.files ?? []);
  }
  const files = [];
  const walk = async (entry, depth) => {
    if (entry.isFile) {
      files.push(
        await new Promise((resolve, reject) => entry.file(resolve, reject)),
      );
    } else if (entry.isDirectory && depth < 3) {
      for (const child of await readDirectory(entry))
        await walk(child, depth + 1);
    }
  };
  for (const entry of entries) await walk(entry, 0);
  return files;
}

/** Every entry of a dropped folder (readEntries gives them in batches). */
async function readDirectory(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * The URLs of config.json and model.safetensors in the folder that
 * ?model= names, relative to the page. Only a folder on the page's own
 * site: a share link must not make a reader's browser fetch from
 * anywhere else (and the page's Content-Security-Policy would refuse).
 * @param {string} value the parameter, e.g. "models/gpt2/" or "models/gpt2"
 * @param {string | URL} page the page's URL
 * @returns {{ kind: "urls", config: string, weights: string, folder: string }}
 * @throws {SourceError}
 */
export function modelFolderURLs(value, page) {
  const text = String(value ?? "").trim();
  if (!text) {
    throw new SourceError("BAD_MODEL_URL", "?model= names no folder");
  }
  let folder;
  try {
    folder = new URL(text, page);
  } catch {
    throw new SourceError("BAD_MODEL_URL", `?model=${text} is not a URL`);
  }
  const base = new URL(page);
  if (folder.origin !== base.origin) {
    throw new SourceError(
      "BAD_MODEL_URL",
      `?model= must name a folder on this site (${base.origin}), not ${folder.origin}`,
    );
  }
  folder.search = "";
  folder.hash = "";
  if (!folder.pathname.endsWith("/")) folder.pathname += "/";
  return {
    kind: "urls",
    config: new URL(CONFIG_NAME, folder).href,
    weights: new URL(WEIGHTS_NAME, folder).href,
    folder: folder.href,
  };
}
