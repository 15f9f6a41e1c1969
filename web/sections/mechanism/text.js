// The words of #mechanism: the opening paragraph, the formulas with their
// glosses, the projection panel's title and explanations, the
// dimension-splitting heading and lead, and the calculator's labels and
// sentences ($…$ is TeX, for withMath).

/** The opening paragraph's pieces, around the one phrase quoted from the paper. */
export const INTRO = {
  before:
    "The fix is to run several attention operations side by side, each " +
    "with projections of its own, and to let each one specialise. " +
    "Vaswani et al. introduced this in 2017 in “Attention Is All You " +
    "Need”. Their argument, in short: one head blends everything it " +
    "looks at into a single average, while several heads let the model " +
    "pick up ",
  quote: "information from different representation subspaces",
  after: " (Vaswani et al., 2017) at different positions in the same step.",
};

/** The formulas of the section, in order, with a plain-words gloss each. */
export const FORMULAS = [
  {
    tex: String.raw`\text{head}_i = \operatorname{Attention}\!\left(X W_i^{Q},\; X W_i^{K},\; X W_i^{V}\right)`,
    gloss:
      "Each head $i$ has three projection matrices of its own. It projects " +
      "the same token vectors $X$ into its own queries, keys and values.",
  },
  {
    tex: String.raw`\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}}\right) V`,
    gloss:
      "Inside a head this is ordinary scaled dot-product attention: query " +
      "against key gives a score, softmax turns each row of scores into " +
      "weights that add up to 1, and the weights mix the values.",
  },
  {
    tex: String.raw`\operatorname{MultiHead}(X) = \operatorname{Concat}\!\left(\text{head}_1, \ldots, \text{head}_h\right) W^{O}`,
    gloss:
      "The head outputs are laid side by side and one more matrix, $W^O$, " +
      "mixes them back into a vector of the model's width.",
  },
  {
    tex: String.raw`d_k = \frac{d_{\text{model}}}{h}`,
    gloss:
      "The heads share the width: with $h$ heads, each one works in " +
      "$d_{\\text{model}}/h$ dimensions, so the whole layer costs about " +
      "as much as a single head of full width.",
  },
];

/** The projection panel's words. */
export const PROJECTION = {
  title: "Each head gets its own slice of the projections",
  reseed: "Draw new random weights",
  /**
   * The lead above the matrices.
   * @param {number} dModel
   * @param {number} heads
   * @param {number} dK
   */
  lead: (dModel, heads, dK) =>
    `Here is a layer of width $d_{\\text{model}} = ${dModel}$ ` +
    `with $h = ${heads}$ heads, so $d_k = ${dK}$. Its weights ` +
    "and the three token vectors are random numbers (seeded, so you " +
    "see the same ones on every visit), like a layer before " +
    "training; the core computes $Q = X W^Q$. Read $W^Q$ as " +
    `${heads} blocks of ${dK} columns: the columns under one ` +
    "colour are that head's $W_i^Q$, and they make that head's " +
    "queries and nothing else. $W^K$ and $W^V$ are split the same way.",
  /**
   * The line above the per-head blocks.
   * @param {number} n tokens
   * @param {number} dK
   */
  blocksLead: (n, dK) =>
    "Cut $Q$ at the same boundaries and each head has its own " +
    `$${n} \\times ${dK}$ block of queries (what ` +
    "the API returns as result.q), ready for its own attention:",
  /** @param {number} seed */
  seed: (seed) => `Random seed ${seed}.`,
};

/** The dimension-splitting part's heading and lead. */
export const SPLITTING = {
  title: "Dimension splitting: the cost stays the same",
  lead:
    "Splitting the width leaves the layer's size alone. The four " +
    "weight matrices are $d_{\\text{model}} \\times d_{\\text{model}}$ " +
    "whatever $h$ is, and the work per token hardly moves: only the " +
    "softmax is repeated once per head. Try the sizes of real " +
    "models, or your own.",
};

/** The calculator's fixed words. */
export const CALCULATOR = {
  presetsLabel: "Model presets",
  tableLabel: "Cost table (scrollable)",
  dModel: "$d_{\\text{model}}$ (model width)",
  heads: "$h$ (number of heads)",
  context: "$n$ (context length, tokens)",
  contextHint: "how many tokens each token attends over",
};

/** Rows of the cost table: label and how to read it from a Cost. */
export const COST_ROWS = [
  { key: "dK", label: "d_k, width of each head" },
  { key: "parameters", label: "Parameters (W_Q, W_K, W_V, W_O)" },
  { key: "parametersPerHead", label: "Parameters per head" },
  { key: "projectionFlopsPerToken", label: "Projection FLOPs / token" },
  {
    key: "attentionFlopsPerToken",
    label: "Scores + weighted sum FLOPs / token",
  },
  { key: "softmaxFlopsPerToken", label: "Softmax FLOPs / token" },
  { key: "flopsPerToken", label: "Total FLOPs / token", total: true },
];

/** A number with thousands separators: 12288 → "12,288". */
export const fmt = (v) => v.toLocaleString("en-US");

/** A number in compact notation: 603979776 → "603.98M". */
export const compact = (v) =>
  v.toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 2 });
