// Section #examples: one constructed head at a time on a sentence chosen to show
// its specialty. The cells a head of that kind should attend to are found
// by a rule from the tokens (rules.js) and outlined; the share of
// attention that actually lands there comes from the core's weights (for the
// previous-token rule, from the core's own metric, mha.patternMetrics).
import { percent, renderHeatmap } from "../../components/heatmap.js";
import { CONSTRUCTED_HEADS, runConstructed } from "../../constructed/run.js";
import { RULE_TEXT, characteristicCells, shareOnCells } from "./rules.js";
import { el } from "../../components/dom.js";
import { headEmbedCode } from "../../components/section-tools.js";
import { heatmapLegend } from "../../components/legend.js";

/** @type {{ rule: "previous" | "syntactic" | "semantic" | "copy" | "sink", [key: string]: any }[]} */
const EXAMPLES = [
  {
    rule: "previous",
    head: 1,
    sentence: "I saw the movie",
    about:
      "Every word hands its attention to the word right before it, whatever the words are. Reading one step back is how a model keeps track of word order and local context, and it is one of the head types found most often in trained Transformers.",
  },
  {
    rule: "syntactic",
    head: 3,
    sentence: "The old man saw a small dog",
    about:
      "Determiners and adjectives look for their noun, the verb looks back to its subject, and each noun looks to its verb: a rough dependency parse, read off the tagger's part-of-speech tags. Watch “a”: it sits as far from “man” as from “dog”, and this head's closeness bonus cannot tell left from right.",
  },
  {
    rule: "semantic",
    head: 4,
    sentence: "The cat chased the dog near Paris and London",
    about:
      "Words of the same meaning class find each other: the two animals, the two cities. A word is also in its own class, so it keeps about as much for itself as it gives each partner. Words with no class, like “the” or “and”, have nothing to look for and spread their attention evenly.",
  },
  {
    rule: "copy",
    head: 2,
    sentence: "the cat saw the other cat",
    about:
      "Each word attends to itself and to every other copy of itself, so a repeated word links back to its first appearance. Models use this to notice repetition, for instance to copy a name that was mentioned before.",
  },
  {
    rule: "sink",
    head: 5,
    sentence: "Well, the fox ran off; the dog slept.",
    about:
      "Every row looks the same: the attention piles onto the first token and the punctuation, whatever the words mean. This head's values are zero, so the parked attention changes nothing in the output.",
  },
];

/**
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const doc = root.ownerDocument;
  const { mha } = context;
  const sentences = EXAMPLES.map((e) => e.sentence);
  let current = 0;
  /** The last good run per example: { text, tokens, weights, n }. */
  const results = new Map();

  const intro = el(doc, "p", {
    text: "Each example below pairs one constructed head with a sentence that shows off its specialty. The outlined cells are the ones a head of this kind should attend to; they are picked by a simple rule from the tokens, not from the head's weights, so the percentage under the heatmap is a real test of the head.",
  });

  const picker = el(doc, "fieldset", { className: "examples-picker" }, [
    el(doc, "legend", { text: "Example" }),
    ...EXAMPLES.map((example, index) => {
      const id = `examples-pick-${example.rule}`;
      const radio = el(doc, "input", {
        type: "radio",
        name: "examples-pick",
        id,
        value: String(index),
        checked: index === 0,
        on: {
          change: () => {
            current = index;
            show();
          },
        },
      });
      return el(doc, "div", { className: "examples-picker__option" }, [
        radio,
        el(doc, "label", { for: id }, [
          el(doc, "span", { text: CONSTRUCTED_HEADS[example.head].name }),
          el(doc, "span", {
            className: "examples-picker__sentence",
            text: ` on “${example.sentence}”`,
          }),
        ]),
      ]);
    }),
  ]);

  const about = el(doc, "p", { className: "examples-about" });
  const rule = el(doc, "p", { className: "note examples-rule" });
  const input = el(doc, "input", {
    id: "examples-sentence",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
  });
  const reset = el(doc, "button", {
    type: "button",
    text: "Back to the example",
    on: {
      click: () => {
        sentences[current] = EXAMPLES[current].sentence;
        input.value = sentences[current];
        compute();
        input.focus();
      },
    },
  });
  const editor = el(doc, "div", { className: "examples-editor" }, [
    el(doc, "label", {
      for: "examples-sentence",
      text: "Try this head on another sentence",
    }),
    el(doc, "div", { className: "examples-editor__row" }, [input, reset]),
  ]);
  const problem = el(doc, "p", {
    className: "error examples-problem",
    "aria-live": "polite",
  });
  const map = el(doc, "div", { className: "examples-map" });
  const summary = el(doc, "p", {
    className: "examples-summary",
    "aria-live": "polite",
  });
  const panel = el(doc, "div", { className: "panel examples-panel" }, [
    about,
    rule,
    editor,
    problem,
    heatmapLegend(doc),
    map,
    summary,
  ]);
  root.replaceChildren(intro, picker, panel);

  input.addEventListener("input", () => {
    sentences[current] = input.value;
    compute();
  });

  /** Runs the current example's head on its sentence. */
  function compute() {
    const text = sentences[current];
    let run;
    try {
      run = runConstructed(mha, text);
    } catch (error) {
      run = {
        problem: `The attention core could not compute this text: ${error.message}`,
      };
    }
    if (run.problem) {
      const last = results.get(current);
      problem.textContent = last
        ? `${run.problem} The heatmap still shows “${last.text}”.`
        : run.problem;
    } else {
      problem.textContent = "";
      const n = run.tokens.length;
      const { head } = EXAMPLES[current];
      results.set(current, {
        text,
        n,
        tokens: run.tokens,
        weights: run.result.headWeights(head),
        result: run.result, // for the JSON download
      });
    }
    draw();
  }

  /** Redraws the current example from its kept result. */
  function draw() {
    const example = EXAMPLES[current];
    const head = CONSTRUCTED_HEADS[example.head];
    about.textContent = example.about;
    rule.textContent = `Outlined by rule: ${RULE_TEXT[example.rule]}.`;
    const last = results.get(current);
    if (!last) {
      map.replaceChildren();
      summary.textContent = "";
      return;
    }
    const cells = characteristicCells(example.rule, last.tokens);
    renderHeatmap(
      map,
      { tokens: last.tokens.map((t) => t.text), weights: last.weights },
      {
        label: `Head ${example.head + 1}, ${head.name}, with its characteristic cells outlined`,
        caption: `Head ${example.head + 1} · ${head.name}`,
        highlight: cells,
        tools: {
          name: `example-${head.id}`,
          getResult: () => last.result,
          getExtra: () => ({ sentence: last.text, head: head.id }),
          embedCode: () =>
            headEmbedCode({ sentence: last.text, head: head.id }),
        },
      },
    );
    summary.textContent = describeShare(last, cells, example.rule);
  }

  function describeShare(last, cells, rule) {
    const share = shareOnCells(last.weights, last.n, cells);
    const { rows } = share;
    // The core measures the previous-token share itself (pattern_metrics'
    // previous_token: the mean over rows i ≥ 1 of A[i, i − 1]); the other
    // rules have no core metric, so their share is summed here.
    const mean =
      rule === "previous" && share.mean !== null
        ? mha.patternMetrics(last.weights, last.n, {
            causal: last.result.causal,
          }).previousToken
        : share.mean;
    if (mean === null) {
      return "The rule finds no characteristic cell in this sentence, so nothing is outlined.";
    }
    const lowest = rows.reduce((a, b) => (b.share < a.share ? b : a));
    const rowWord = rows.length === 1 ? "row" : "rows";
    let text = `On the outlined cells: ${percent(mean)} of each row's attention on average, over the ${rows.length} ${rowWord} that have one.`;
    if (rows.length > 1) {
      text += ` Lowest: “${last.tokens[lowest.row].text}” with ${percent(lowest.share)}.`;
    }
    return text;
  }

  function show() {
    input.value = sentences[current];
    if (
      results.has(current) &&
      results.get(current).text === sentences[current]
    )
      draw();
    else compute();
  }

  show();
}
