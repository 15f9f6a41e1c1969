// The words of #why: the opening paragraphs, the two panels' titles and
// explanations, the hand-built weights' note, the closing line, and the
// names of the relations and heads the drawings label.
import { CAT, SAT, THE } from "./example.js";

/** The section's opening paragraphs. */
export const INTRO = [
  "Scaled dot-product attention hands every token one budget of " +
    "attention, spread over all the tokens it can see. The weights " +
    "come out of a softmax, so they are positive and always add up to " +
    "100%. That single distribution is the catch: a word usually " +
    "stands in several relations at the same time, and one " +
    "distribution has to split its budget between them.",
  "Take “The cat sat”. The word “cat” is tied to " +
    "“The”, its determiner (a grammatical link), and to “sat”, " +
    "the verb whose subject it is (a link of who-does-what). Nearby " +
    "words also tend to belong together, and the meanings are " +
    "related too. Below, a deliberately tiny model lets you steer " +
    "where “cat” looks.",
];

/** The single-head panel's fixed words. */
export const ONE_HEAD = {
  title: "One head: one distribution per token",
  lead:
    "This model has a single head, and its weights are tiny ones " +
    "built by hand rather than learned (you can inspect them below " +
    "the demonstration). The slider turns the query of “cat” " +
    "between the key of “sat” and the key of “The”; the core then " +
    "computes the attention weights. Watch the bar: it is always " +
    "exactly full, so whatever “The” gains, “sat” loses.",
  sliderLabel: "Direction of cat’s query (between “sat” and “The”)",
  sliderStart: "← sat",
  sliderEnd: "The →",
  barCaption: "Where “cat” puts its attention",
};

/** The two-head panel's fixed words. */
export const TWO_HEADS = {
  title: "Two heads: one relation each",
  lead:
    "Now the same three tokens go through a model with two heads. " +
    "Each head has its own query and key projections, so each one " +
    "has its own full budget. Head 1 aims the query of “cat” at " +
    "its determiner, head 2 at its verb. Neither has to give " +
    "anything up: the row of “cat” (outlined) is sharp in both.",
};

/** The disclosure of the hand-built weights ($…$ is TeX, for withMath). */
export const WEIGHTS = {
  summary: "Show the hand-built weight matrices",
  note:
    "Neither model is trained: every number here was set by hand so " +
    "that each relation is easy to see. The token vectors are " +
    "one-hot: feature 0 stands for “The”, 1 for “cat” and 2 for " +
    "“sat” (the two-head model writes the same three features " +
    "twice, once in each head's half). $W^K$ is the identity, so " +
    "each token's key points along its own feature, and the row of " +
    "$W^Q$ for a token's feature is that token's query. The value " +
    "and output matrices $W^V$ and $W^O$ are identities too; they " +
    "play no part in the attention weights.",
  oneTitle: "One head ($d_{\\text{model}} = 3$, $d_k = 3$)",
  twoTitle: "Two heads ($d_{\\text{model}} = 6$, $d_k = 3$ each)",
};

/** The section's last paragraph. */
export const CLOSING =
  "That is the idea of multi-head attention: rather than one " +
  "attention pattern that must compromise, run several in " +
  "parallel, each with its own learned projections, and let each " +
  "head specialise in a different kind of relation.";

/** Names of the two relations "cat" takes part in, for labels. */
export const RELATION = {
  [THE]: "its determiner",
  [CAT]: "itself",
  [SAT]: "the verb it is the subject of",
};

/** Head captions of the two-head example (head index → text). */
export const HEAD_NAMES = [
  "Head 1: determiner ↔ noun",
  "Head 2: subject ↔ verb",
];

/** A word in curly quotes. */
export function quote(text) {
  return `“${text}”`;
}

/** Where cat's query points, in words ("0.60 toward “The”, 0.40 toward “sat”"). */
export function aimText(aim) {
  return `${aim.toFixed(2)} toward “The”, ${(1 - aim).toFixed(2)} toward “sat”`;
}
