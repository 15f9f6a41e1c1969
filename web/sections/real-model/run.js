// What #real-model asks of the core, as plain results for the renderers:
// the probe and its analysis per checkpoint (Model.analyze, Model.forward),
// the ablations (Model.ablation) and the run on the reader's text with the
// next characters the model guesses (Model.forward, Model.topNext). No DOM.
import { PROBE, composeInput, displayChar, textLossWeights } from "./text.js";

/** How many next characters the section lists. */
export const NEXT_COUNT = 5;

/**
 * The probe every checkpoint is analysed on: its sequences, the loss
 * weights of its repeated halves, and its first string.
 * @param {import("../../lib/mha.js").MHA} mha
 */
export function createProbe(mha) {
  const sequences = mha.probeSequences(PROBE);
  const length = 2 * PROBE.half;
  const first = sequences.subarray(0, length);
  return {
    sequences,
    length,
    first,
    weights: mha.repeatedHalfWeights(PROBE.batch, PROBE.half),
    text: mha.decodeTokens(first),
  };
}

/**
 * One checkpoint on the probe: every head's metrics and label, and the
 * forward run on the first probe string (for the thumbnails).
 * @param {import("../../lib/model.js").Model} model
 * @param {ReturnType<typeof createProbe>} probe
 */
export function analyzeCheckpoint(model, probe) {
  return {
    analysis: model.analyze(probe.sequences, { batch: PROBE.batch }),
    probeRun: model.forward(probe.first),
  };
}

/** The head with the highest induction score (the first on a tie). */
export function bestInductionHead(analysis) {
  const { layer, head } = analysis.best("induction");
  return { layer, head };
}

/**
 * The probe's loss with and without the heads flagged in `flags`.
 * @param {import("../../lib/model.js").Model} model
 * @param {ReturnType<typeof createProbe>} probe
 * @param {Uint8Array} flags layers × heads, 1 = switched off
 */
export function probeAblation(model, probe, flags) {
  return model.ablation({
    sequences: probe.sequences,
    batch: PROBE.batch,
    lossWeights: probe.weights,
    ablate: flags,
  });
}

/**
 * The model's most likely next characters after all of `ids`, from the
 * core (Model.topNext), as the ablation panel lists them.
 * @param {import("../../lib/model.js").Model} model
 * @param {Int32Array} ids
 * @param {Uint8Array | undefined} ablate
 * @returns {{ id: number, p: number }[]}
 */
export function nextCharacters(model, ids, ablate) {
  const { ids: top, probabilities } = model.topNext(ids, {
    k: NEXT_COUNT,
    position: ids.length - 1,
    ...(ablate ? { ablate } : {}),
  });
  return Array.from(top, (id, i) => ({ id, p: probabilities[i] }));
}

/**
 * Runs the model on the reader's text with the switched-off heads: the
 * ids it reads, their characters, the forward run (for the heatmap), the
 * ablation of the text and the next characters with every head on and with
 * the heads off. Null when there is nothing to read.
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {import("../../lib/model.js").Model} model
 * @param {{ text: string, repeat: boolean, flags: Uint8Array }} o
 */
export function runText(mha, model, { text, repeat, flags }) {
  // The copies follow each other directly: the model learned to copy on
  // strings of letters with no separator, and a space reads as English.
  const input = composeInput(mha.encodeText(text), {
    repeat,
    context: model.config.context,
    separator: [],
  });
  if (input.ids.length === 0) return null;
  const off = flags.some((f) => f);
  const weights = textLossWeights(input);
  const scored = !weights || weights.some((w) => w > 0);
  return {
    input,
    tokens: [...mha.decodeTokens(input.ids)].map(displayChar),
    forward: model.forward(input.ids, off ? { ablate: flags } : undefined),
    weights,
    next: {
      on: nextCharacters(model, input.ids, undefined),
      off: off ? nextCharacters(model, input.ids, flags) : null,
    },
    ablation:
      input.ids.length >= 2 && scored
        ? model.ablation({
            sequences: input.ids,
            batch: 1,
            lossWeights: weights ?? undefined,
            ablate: flags,
          })
        : null,
  };
}
