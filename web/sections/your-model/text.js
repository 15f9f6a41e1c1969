// The words of the #your-model section, apart from its code: the intro,
// the headings, and every message the reader may see, errors included.
import { headName } from "../../components/format.js";

export const HEADINGS = {
  bring: "Bring a model",
  text: "Your text, as the model's tokens",
  grid: "Every head at once",
  head: "One head, in full",
  predict: "What the model predicts next",
  verify: "Verify this file",
};

/**
 * The opening paragraphs.
 * @param {{ realModel: number | null }} numbers the number of section
 *   #real-model to refer to (null when the section stands alone)
 */
export function introText({ realModel }) {
  return [
    `${realModel ? `Section ${realModel}` : "Our explainer"} showed a model we trained. Here you bring one: a GPT-2 or GPT-Neo checkpoint from Hugging Face, as its two files config.json and model.safetensors. Your browser reads them from your own disk into the attention core, which runs here, on this page: nothing is uploaded anywhere, and the page works offline.`,
    "Then every head of the model looks at your text, at once: GPT-2 small has 12 layers of 12 heads. Each head's pattern, metrics and label, the top next tokens, what happens when you switch heads off, and a continuation are all computed by the core, live, from the weights in your file.",
  ];
}

export const WHERE_TO_GET =
  "Where to get a model: on huggingface.co, the “Files” tab of gpt2, distilgpt2 or EleutherAI/gpt-neo-125m offers config.json and model.safetensors. Download both into one folder, then pick or drop them here. Models up to GPT-2 medium (355 M parameters) fit in the browser's memory.";

export const DROP_TEXT =
  "Drop config.json and model.safetensors here (or their folder)";

export const TRY_TEXT = "Try it with our small model";

/**
 * Beside "Try it with our small model".
 * @param {number | null} realModel the number of section #real-model
 */
export function tryNote(realModel) {
  return `No checkpoint at hand? Our small model (${realModel ? `section ${realModel}'s: ` : ""}2 layers × 4 heads, trained by the core, text as characters) is shipped as GPT-2 files beside this page.`;
}

/** The default text: it repeats a phrase, so induction heads have something to show. */
export const DEFAULT_TEXT =
  "A red fox ran by the old mill. A red fox ran by the old mill.";

/** @param {number} bytes */
export function formatBytes(bytes) {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** @param {number} count */
function formatCount(count) {
  if (count >= 1e9) return `${(count / 1e9).toFixed(2)} billion`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)} million`;
  return count.toLocaleString("en");
}

const FAMILY = { gpt2: "GPT-2", gpt_neo: "GPT-Neo" };

/**
 * The summary shown before loading, as [term, value] pairs.
 * @param {import("../../lib/mha.js").CheckpointSummary & { architectures: string[],
 *   nameOrPath: string | null }} s
 */
export function summaryRows(s) {
  const c = s.config;
  const windows = c.attentionWindows.filter((w) => w > 0);
  const rows = [
    [
      "family",
      `${FAMILY[s.family] ?? s.family}${s.architectures.length ? ` (${s.architectures.join(", ")})` : ""}${s.nameOrPath ? `, “${s.nameOrPath}”` : ""}`,
    ],
    [
      "layers × heads",
      `${c.layers} × ${c.heads} = ${c.layers * c.heads} heads`,
    ],
    ["d_model", `${c.dModel} (each head: ${c.dK})`],
    ["vocabulary", `${c.vocab.toLocaleString("en")} tokens`],
    ["context", `${c.context.toLocaleString("en")} tokens`],
  ];
  if (windows.length) {
    rows.push([
      "local attention",
      `${windows.length} of ${c.layers} layers see only the last ${windows[0]} tokens`,
    ]);
  }
  rows.push(
    ["dtype", s.dtypes.join(", ")],
    [
      "parameters",
      `${formatCount(s.parameterCount)} (${s.parameterCount.toLocaleString("en")})`,
    ],
    [
      "memory",
      `${formatBytes(s.memoryBytes)}: ${formatBytes(s.modelBytes)} of weights as float32, plus the core's working memory`,
    ],
    ["file", `${formatBytes(s.fileBytes)}, ${s.tensors} tensors`],
  );
  if (s.skippedTensors.length) {
    rows.push([
      "not weights",
      `${s.skippedTensors.length} tensor${s.skippedTensors.length === 1 ? "" : "s"} skipped (${s.skippedTensors.slice(0, 2).join("; ")}${s.skippedTensors.length > 2 ? "; …" : ""})`,
    ]);
  }
  return rows;
}

/**
 * The progress line.
 * @param {import("../../lib/mha.js").LoadProgress} p
 */
export function progressText(p) {
  return `${formatBytes(p.loadedBytes)} of ${formatBytes(p.totalBytes)} read, ${p.tensors} of ${p.totalTensors} tensors`;
}

/** What to tell the reader for each code, before the core's own message. */
const ERROR_LEADS = {
  UNSUPPORTED: "This model family or option is not supported.",
  BAD_JSON: "A file is malformed.",
  SHAPE_MISMATCH: "config.json and model.safetensors do not agree.",
  TOO_LARGE: "This model is too large for the browser.",
  BAD_TYPE: "A file cannot be used.",
  NON_FINITE: "The weights hold a value that is not a number.",
  HEADS_DO_NOT_DIVIDE: "config.json's sizes do not fit together.",
  MISSING_WEIGHTS: "One of the two files is missing.",
  MISSING_CONFIG: "One of the two files is missing.",
  SPLIT_FOLDERS: "The two files are of different models.",
  NO_FILES: "No file was given.",
  FETCH_FAILED: "The model folder could not be fetched.",
  BAD_MODEL_URL: "The ?model= link cannot be used.",
  NO_TOKENIZER: "This page cannot read text for this model.",
  WORKER_FAILED: "The model's Worker stopped.",
  OUT_OF_MEMORY: "The browser ran out of memory.",
};

/**
 * A failure, in words: a lead sentence for its kind, then the details.
 * @param {{ code?: string, message: string }} error
 */
export function errorText(error) {
  const lead = ERROR_LEADS[error.code ?? ""] ?? "Something went wrong.";
  return { lead, detail: error.message };
}

export const CANCELLED_TEXT =
  "Loading was cancelled; nothing of that model is kept.";

export const FREED_TEXT = "The model shown before was freed first.";

/**
 * What the loaded model is, in a line.
 * @param {{ config: any, parameterCount: number, tokenizer: { name: string } }} info
 * @param {string} name where it came from
 */
export function loadedText(info, name) {
  const c = info.config;
  return `Loaded ${name}: ${c.layers} layers × ${c.heads} heads, d_model ${c.dModel}, ${formatCount(info.parameterCount)} parameters. Text is read as ${info.tokenizer.name}.`;
}

/**
 * The token count line, with the limit.
 * @param {{ n: number, totalTokens: number, limit: number }} run
 */
export function tokenCountText(run) {
  if (run.totalTokens > run.limit) {
    return `Your text is ${run.totalTokens} tokens; this section looks at the first ${run.limit}, its limit (so that every head's heatmap stays readable and each look at GPT-2 small takes about a second). The rest is not analysed.`;
  }
  return `${run.n} tokens (the limit is ${run.limit}).`;
}

export const GRID_INTRO =
  "Each thumbnail is one head's attention on your text (row: the token looking, column: the token looked at; brighter is more). Under it, the core's label for the head and the metric you choose. Pick a head to see it in full; arrow keys move between heads.";

/** @param {{ layer: number, head: number }} h */
export const headTitle = (h) =>
  `Layer ${h.layer}, head ${h.head} (${headName(h)})`;

export const ROLES_NOTE =
  "Published roles: this checkpoint has GPT-2 small's shape, so each head that Wang et al. (2022) place in GPT-2 small's circuit for indirect-object identification is marked with its role there. Their roles were found on their own prompts; our label is measured on your text. Compare them.";

export const ABLATION_INTRO =
  "Switch heads off (ablate them: their output is set to zero) and see what the model then predicts. Choose heads in the grid's “Ablate” mode, or with the button under the heatmap.";

export const VERIFY_INTRO =
  "Is this really GPT-2? Hugging Face's own tests say what the original weights continue a prompt with, greedily. The core runs the same prompt on your file and compares, token by token.";
