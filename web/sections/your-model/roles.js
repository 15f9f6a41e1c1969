// Published roles of specific heads of GPT-2 small, for the #your-model
// section: when a reader's checkpoint has GPT-2 small's shape, each head can
// show what the literature says it does next to what our core measures.
//
// Pure data: no DOM, nothing from web/lib. Every head below carries a
// citation key into CITATIONS and the place in the paper that names it.
//
// Source of every head: Wang, Variengien, Conmy, Shlegeris & Steinhardt,
// "Interpretability in the Wild: a Circuit for Indirect Object Identification
// in GPT-2 small", arXiv:2211.00593 (ICLR 2023). Numbering is the paper's:
// layer.head, both 0-based (9.9 = layer 9, head 9). Verified in:
// - the paper's text (the 26-head version with the authors' names; the
//   anonymous ICLR submission counted 28 heads and differs): §3.1 names 9.6,
//   9.9, 10.0 and 10.7, 11.10; §3.2 names 7.3, 7.9, 8.6, 8.10; Appendix C
//   names 0.10 (fuzzy Duplicate Token Head) and 5.8, 5.9 (fuzzy Induction
//   Heads); Appendix D and H name 4.11 and 2.2; Appendix H names 5.5 and
//   6.9; Appendix I names 3.0 and 0.1; Appendix F names the eight Backup
//   Name Movers; Figure 20 (Appendix K) lists all 26 heads with their class.
//   Figure 2, the circuit diagram, is an image we could not read as text:
//   the lists were checked against the text and code named here instead.
// - the authors' code, redwoodresearch/Easy-Transformer
//   easy_transformer/ioi_circuit_extraction.py (CIRCUIT, which folds the
//   backup name movers into "name mover"), and the copy split by class in
//   ArthurConmy/Automatic-Circuit-Discovery acdc/ioi/utils.py (IOI_CIRCUIT):
//   the same 26 heads, 7 classes.
//
// Left out on purpose: lists of GPT-2 small induction heads from courses
// (ARENA's induction-score sweep, 5.1, 5.5, 6.9, 7.2, 7.10) have no paper
// to cite; Olsson et al. (2022) do not number GPT-2 small's heads.

/**
 * Our words for the paper's seven classes of heads.
 * @typedef {"previous-token" | "duplicate-token" | "induction"
 *   | "s-inhibition" | "name-mover" | "negative-name-mover"
 *   | "backup-name-mover"} PublishedRole
 */

/**
 * One head's published role.
 * @typedef {object} PublishedHead
 * @property {number} layer 0-based, the paper's numbering.
 * @property {number} head 0-based, the paper's numbering.
 * @property {PublishedRole} role
 * @property {string} paperRole The paper's own wording for the class.
 * @property {string} source Key into {@link CITATIONS}.
 * @property {string} where Where in the paper this head is named.
 */

/**
 * A file in a public repository that reproduces a source's list.
 * @typedef {object} CodeCopy
 * @property {string} repo
 * @property {string} path
 * @property {string} commit
 * @property {string} url
 * @property {string} name The variable holding the list.
 */

/**
 * @typedef {object} Citation
 * @property {string} authors
 * @property {number} year
 * @property {string} title
 * @property {string} venue
 * @property {string} arxiv
 * @property {string} url
 * @property {string} where
 * @property {readonly CodeCopy[]} code Where the head lists were checked.
 */

const EASY_TRANSFORMER_COMMIT = "e168301aa05154a14d52e5b6f98b6518200f5b1f";
const ACDC_COMMIT = "005dbb723596af53ae3d2764635f4450c37ef12f";

/** @type {Readonly<Record<string, Readonly<Citation>>>} */
export const CITATIONS = Object.freeze({
  wang2022ioi: Object.freeze({
    authors:
      "Kevin Wang, Alexandre Variengien, Arthur Conmy, Buck Shlegeris, Jacob Steinhardt",
    year: 2022,
    title:
      "Interpretability in the Wild: a Circuit for Indirect Object Identification in GPT-2 small",
    venue: "ICLR 2023",
    arxiv: "2211.00593",
    url: "https://arxiv.org/abs/2211.00593",
    where:
      "Figure 2 (the circuit, drawn) and §3.1–3.4; every head with its class in Figure 20 (Appendix K)",
    code: Object.freeze([
      Object.freeze({
        repo: "redwoodresearch/Easy-Transformer",
        path: "easy_transformer/ioi_circuit_extraction.py",
        commit: EASY_TRANSFORMER_COMMIT,
        url: `https://github.com/redwoodresearch/Easy-Transformer/blob/${EASY_TRANSFORMER_COMMIT}/easy_transformer/ioi_circuit_extraction.py`,
        name: "CIRCUIT",
      }),
      Object.freeze({
        repo: "ArthurConmy/Automatic-Circuit-Discovery",
        path: "acdc/ioi/utils.py",
        commit: ACDC_COMMIT,
        url: `https://github.com/ArthurConmy/Automatic-Circuit-Discovery/blob/${ACDC_COMMIT}/acdc/ioi/utils.py`,
        name: "IOI_CIRCUIT",
      }),
    ]),
  }),
});

/**
 * @param {PublishedRole} role
 * @param {string} paperRole
 * @param {string} where
 * @param {ReadonlyArray<readonly [number, number]>} heads
 * @returns {PublishedHead[]}
 */
const ioi = (role, paperRole, where, heads) =>
  heads.map(([layer, head]) =>
    Object.freeze({
      layer,
      head,
      role,
      paperRole,
      source: "wang2022ioi",
      where,
    }),
  );

/**
 * The 26 heads of the IOI circuit, class by class in the circuit's order
 * (previous-token → duplicate-token / induction → S-inhibition → name movers).
 * @type {readonly PublishedHead[]}
 */
export const GPT2_SMALL_ROLES = Object.freeze([
  ...ioi(
    "previous-token",
    "Previous Token Head",
    "Appendix D and H; Figure 20",
    [
      [2, 2],
      [4, 11],
    ],
  ),
  ...ioi(
    "duplicate-token",
    "Duplicate Token Head",
    "Appendix C and I; Figure 20",
    [
      [0, 1],
      [3, 0],
    ],
  ),
  ...ioi(
    "duplicate-token",
    "fuzzy Duplicate Token Head",
    "Appendix C and I; Figure 20",
    [[0, 10]],
  ),
  ...ioi("induction", "Induction Head", "Appendix H; Figure 20", [
    [5, 5],
    [6, 9],
  ]),
  ...ioi("induction", "fuzzy Induction Head", "Appendix C; Figure 20", [
    [5, 8],
    [5, 9],
  ]),
  ...ioi("s-inhibition", "S-Inhibition Head", "§3.2; Figure 20", [
    [7, 3],
    [7, 9],
    [8, 6],
    [8, 10],
  ]),
  ...ioi("name-mover", "Name Mover Head", "§3.1; Figure 20", [
    [9, 9],
    [9, 6],
    [10, 0],
  ]),
  ...ioi("negative-name-mover", "Negative Name Mover Head", "§3.1; Figure 20", [
    [10, 7],
    [11, 10],
  ]),
  ...ioi(
    "backup-name-mover",
    "Backup Name Mover Head",
    "§3.4 and Appendix F; Figure 20",
    [
      [9, 0],
      [9, 7],
      [10, 1],
      [10, 2],
      [10, 6],
      [10, 10],
      [11, 2],
      [11, 9],
    ],
  ),
]);

/**
 * The published roles of one head of GPT-2 small (empty when no source we
 * cite names it: that says nothing about what the head does).
 * @param {number} layer 0-based.
 * @param {number} head 0-based.
 * @returns {PublishedHead[]}
 */
export function publishedRoles(layer, head) {
  return GPT2_SMALL_ROLES.filter((r) => r.layer === layer && r.head === head);
}

/**
 * GPT-2 small's shape in our model.config's words (n_layer, n_head, n_embd,
 * vocab_size, n_positions, 4 · n_embd).
 */
export const GPT2_SMALL_SHAPE = Object.freeze({
  layers: 12,
  heads: 12,
  dModel: 768,
  vocab: 50257,
  context: 1024,
  dMlp: 3072,
});

/**
 * @typedef {object} ConfigLike
 * @property {number} layers
 * @property {number} heads
 * @property {number} dModel
 * @property {number} vocab
 * @property {number} context
 * @property {number} dMlp
 * @property {string} [activation] "gelu" is GPT-2's.
 * @property {string} [family] "gpt2" when the loader says so.
 */

/**
 * Whether a config has exactly the given sizes, GPT-2's GELU (when it says
 * its activation) and the GPT-2 family (when it says its family).
 * @param {Partial<ConfigLike> | null | undefined} config
 * @param {Readonly<Record<"layers" | "heads" | "dModel" | "vocab" | "context" | "dMlp", number>>} shape
 * @returns {boolean}
 */
export function hasGpt2Shape(config, shape) {
  if (config == null || typeof config !== "object") return false;
  for (const key of /** @type {(keyof typeof shape)[]} */ (
    Object.keys(shape)
  )) {
    if (config[key] !== shape[key]) return false;
  }
  if (config.activation !== undefined && config.activation !== "gelu") {
    return false;
  }
  if (config.family !== undefined && config.family !== "gpt2") return false;
  return true;
}

/**
 * Whether a model's config is GPT-2 small's (12 layers × 12 heads, d_model
 * 768, vocabulary 50257, context 1024, MLP 3072), the model the roles above
 * were published for. A fine-tune has the same shape: the roles were found
 * in the original weights.
 * @param {Partial<ConfigLike> | null | undefined} config
 * @returns {boolean}
 */
export function looksLikeGpt2Small(config) {
  return hasGpt2Shape(config, GPT2_SMALL_SHAPE);
}

/**
 * Our classifier's labels (HeadLabel in web/lib/model.d.ts, "induction",
 * "previous-token", "sink", "self/copy", "broad", "positional/local",
 * "weird") that name the same behaviour as a published role. Only these two:
 * the core has no duplicate-token label ("self/copy" is mass on the query's
 * own position, not on an earlier copy of its token), and the other classes
 * are roles in one task, not attention patterns.
 * @type {Readonly<Record<string, PublishedRole>>}
 */
export const COMPARABLE_LABEL = Object.freeze({
  "previous-token": "previous-token",
  induction: "induction",
});

/**
 * Whether our label for a head agrees with its published role: null when
 * they cannot be compared (the head has no published role that one of our
 * labels measures), else whether our label is that role. A name mover
 * measured as "induction" is null, not false: the paper describes its role
 * in one task, not its pattern on our probe.
 * @param {number} layer
 * @param {number} head
 * @param {string} label Our classifier's label for the head.
 * @returns {boolean | null}
 */
export function labelAgrees(layer, head, label) {
  const comparable = new Set(Object.values(COMPARABLE_LABEL));
  const roles = publishedRoles(layer, head)
    .map((r) => r.role)
    .filter((role) => comparable.has(role));
  if (roles.length === 0) return null;
  return Object.hasOwn(COMPARABLE_LABEL, label)
    ? roles.includes(COMPARABLE_LABEL[label])
    : false;
}
