// Section #examples: one constructed head at a time on a sentence chosen to show
// its specialty. The cells a head of that kind should attend to are found
// by a rule from the tokens (rules.js) and outlined; the share of
// attention that actually lands there comes from the core's weights (for the
// previous-token rule, from the core's own metric, mha.patternMetrics).
//
// This file is the wiring only: the layout (layout.js, words in text.js) is
// built once; the core runs (run.js) when the example or its sentence
// changes; the panel redraws from the kept result through map.js.
import { CONSTRUCTED_HEADS } from "../../constructed/run.js";
import { buildLayout } from "./layout.js";
import { renderExampleMap, renderExampleText, renderShare } from "./map.js";
import { characteristicCells } from "./rules.js";
import { outlinedShare, runExample } from "./run.js";
import { EXAMPLES, problemText } from "./text.js";

/**
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const { mha } = context;
  const state = {
    current: 0,
    /** The sentence per example, as the reader left it. */
    sentences: EXAMPLES.map((e) => e.sentence),
    /** The last good run per example (run.js runExample's `kept`). */
    results: new Map(),
  };

  const layout = buildLayout(root.ownerDocument, {
    onPick(index) {
      state.current = index;
      show();
    },
    onInput(text) {
      state.sentences[state.current] = text;
      compute();
    },
    onReset() {
      state.sentences[state.current] = EXAMPLES[state.current].sentence;
      layout.input.value = state.sentences[state.current];
      compute();
      layout.input.focus();
    },
  });
  root.replaceChildren(...layout.children);

  /** Runs the current example's head on its sentence. */
  function compute() {
    const { current } = state;
    const run = runExample(
      mha,
      state.sentences[current],
      EXAMPLES[current].head,
    );
    if (run.kept) {
      layout.problem.textContent = "";
      state.results.set(current, run.kept);
    } else {
      const last = state.results.get(current);
      layout.problem.textContent = problemText(run.problem, last?.text ?? null);
    }
    draw();
  }

  /** Redraws the current example from its kept result. */
  function draw() {
    const example = EXAMPLES[state.current];
    drawExample(mha, layout, example, state.results.get(state.current));
  }

  /** Shows the current example: redraws its kept run, or runs it. */
  function show() {
    const { current, sentences, results } = state;
    layout.input.value = sentences[current];
    if (
      results.has(current) &&
      results.get(current).text === sentences[current]
    )
      draw();
    else compute();
  }

  show();
}

/**
 * Draws one example in the panel: its words, and the heatmap with the
 * share under it from `kept` (both emptied when there is no result yet).
 * @param {import("../../lib/mha.js").MHA} mha
 * @param {ReturnType<typeof buildLayout>} layout
 * @param {(typeof EXAMPLES)[number]} example
 * @param {ReturnType<typeof runExample>["kept"] | undefined} kept
 */
function drawExample(mha, layout, example, kept) {
  renderExampleText(layout, example);
  if (!kept) {
    layout.map.replaceChildren();
    layout.summary.textContent = "";
    return;
  }
  const cells = characteristicCells(example.rule, kept.tokens);
  const head = CONSTRUCTED_HEADS[example.head];
  renderExampleMap(
    layout.map,
    { kept, cells },
    { head: example.head, id: head.id, name: head.name },
  );
  renderShare(layout.summary, {
    share: outlinedShare(mha, kept, example.rule, cells),
    tokens: kept.tokens,
  });
}
