// The words of #examples: the five examples (which constructed head, on
// which sentence, and what it shows), the text around the picker and the
// editor, and the sentences that report a run. No DOM, no core.
import { percent } from "../../components/format.js";
import { RULE_TEXT } from "./rules.js";

/**
 * The examples, in the picker's order: the rule that outlines the cells,
 * the constructed head (index into CONSTRUCTED_HEADS), its sentence and
 * what it shows.
 * @type {{ rule: "previous" | "syntactic" | "semantic" | "copy" | "sink",
 *   head: number, sentence: string, about: string }[]}
 */
export const EXAMPLES = [
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

/** The paragraph above the picker. */
export const INTRO =
  "Each example below pairs one constructed head with a sentence that shows off its specialty. The outlined cells are the ones a head of this kind should attend to; they are picked by a simple rule from the tokens, not from the head's weights, so the percentage under the heatmap is a real test of the head.";

/** The picker's legend, the editor's label and its reset button. */
export const CONTROLS = Object.freeze({
  legend: "Example",
  editor: "Try this head on another sentence",
  reset: "Back to the example",
});

/** The picker's text after a head's name: ` on “sentence”`. */
export function pickerSentence(sentence) {
  return ` on “${sentence}”`;
}

/** The note that states the example's rule. */
export function ruleNote(rule) {
  return `Outlined by rule: ${RULE_TEXT[rule]}.`;
}

/** The message when the core could not compute the text. */
export function computeFailedText(message) {
  return `The attention core could not compute this text: ${message}`;
}

/**
 * The problem line: the problem, and which sentence the heatmap still
 * shows when there is one.
 * @param {string} problem
 * @param {string | null} shownText
 */
export function problemText(problem, shownText) {
  return shownText === null
    ? problem
    : `${problem} The heatmap still shows “${shownText}”.`;
}

/**
 * The heatmap's accessible label and caption.
 * @param {number} head index of the constructed head
 * @param {string} name its name
 */
export function heatmapText(head, name) {
  return {
    label: `Head ${head + 1}, ${name}, with its characteristic cells outlined`,
    caption: `Head ${head + 1} · ${name}`,
  };
}

/**
 * The sentence under the heatmap: the mean share of attention on the
 * outlined cells, and the row that has the least.
 * @param {{ mean: number | null, rows: { row: number, share: number }[] }} share
 * @param {{ text: string }[]} tokens
 */
export function shareText(share, tokens) {
  const { mean, rows } = share;
  if (mean === null) {
    return "The rule finds no characteristic cell in this sentence, so nothing is outlined.";
  }
  const lowest = rows.reduce((a, b) => (b.share < a.share ? b : a));
  const rowWord = rows.length === 1 ? "row" : "rows";
  let text = `On the outlined cells: ${percent(mean)} of each row's attention on average, over the ${rows.length} ${rowWord} that have one.`;
  if (rows.length > 1) {
    text += ` Lowest: “${tokens[lowest.row].text}” with ${percent(lowest.share)}.`;
  }
  return text;
}
