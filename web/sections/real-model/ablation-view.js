// What the ablation panel (ablation.js) draws, gathered from the section's
// kept results: the names of the heads switched off, the probe's and the
// text's ablations, the right guesses counted, the core's next characters
// and the guess lines. No DOM, no core call but decoding ids.
import { headName } from "../../components/format.js";
import { PROBE_SCOPE, countCorrect, guessLine, textScopeText } from "./text.js";

/**
 * The names of the heads flagged in `flags` ("L1H2"), in order.
 * @param {Uint8Array} flags layers × heads, 1 = switched off
 * @param {number} heads heads per layer
 * @returns {string[]}
 */
export function ablatedNames(flags, heads) {
  const names = [];
  flags.forEach((f, k) => {
    if (f)
      names.push(headName({ layer: Math.floor(k / heads), head: k % heads }));
  });
  return names;
}

/**
 * The argument of the ablation panel's draw().
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {{ names: string[], probe: object,
 *   text: ReturnType<typeof import("./run.js").runText> }} kept the heads
 *   switched off, the probe's ablation and the reader's text run
 */
export function ablationView(mha, { names, probe, text: t }) {
  const off = names.length > 0;
  const a = t?.ablation ?? null;
  const right = (predicted) => countCorrect(predicted, t.input.ids, t.weights);
  const line = (ids) => " " + guessLine(mha.decodeTokens(ids));
  const scope = textScopeText(
    t ? t.input : null,
    a ? right(a.predicted).total : 0,
  );
  return {
    ablated: names,
    decode: (id) => mha.decodeTokens([id]),
    probe,
    probeScope: PROBE_SCOPE,
    text: a,
    textWhere: scope.where,
    textScope: scope.scope,
    right: a
      ? {
          on: right(a.predicted),
          off: off ? right(a.ablatedPredicted) : null,
        }
      : null,
    next: t ? t.next : null,
    guessLines: a
      ? {
          text: guessLine(mha.decodeTokens(t.input.ids)),
          on: line(a.predicted),
          off: off ? line(a.ablatedPredicted) : null,
        }
      : null,
  };
}
