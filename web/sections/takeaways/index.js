// Section #takeaways, "Key takeaways": a short list, each point linked to the section
// that shows it. The GPT-3 head width comes from the core's cost function.
import { el } from "../../components/dom.js";

const integer = new Intl.NumberFormat("en-US");

/** GPT-3's attention layer sizes (Brown et al. 2020), as inputs to mha.cost. */
const GPT3 = { n: 2048, dModel: 12288, heads: 96 };

/**
 * Builds section #takeaways in `root`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const cost = context.mha.cost(GPT3);
  const doc = root.ownerDocument;
  const link = (href, text) => el(doc, "a", { href, text });

  const dk = el(doc, "strong", {
    className: "takeaways-dk",
    "data-value": String(cost.dK),
    text: integer.format(cost.dK),
  });

  const items = [
    [
      "#why",
      "One head, one opinion.",
      "A single attention head gives each token one set of weights over the sentence, so every relationship that token has must share that one budget.",
    ],
    [
      "#mechanism",
      "Many heads, each with its own eyes.",
      "Multi-head attention runs h attention operations side by side. Each has its own learned W_Q, W_K and W_V, so each looks at the tokens through its own smaller subspace and can search for something different.",
    ],
    [
      "#mechanism",
      "The width is shared, not multiplied.",
      [
        "Each head works in d_k = d_model / h dimensions. GPT-3 has ",
        `${GPT3.heads} heads of `,
        dk,
        ` dimensions, which together make its ${integer.format(GPT3.dModel)}-wide layer (d_k as computed by the core).`,
      ],
    ],
    [
      "#heads",
      "Try it yourself.",
      "The interactive heads run on any sentence you type, and each one produces a different attention map from the same words.",
    ],
    [
      "#learn",
      "Heads specialize.",
      [
        "Trained heads settle into roles: looking at neighbours, following grammar, linking related meanings, copying the token itself, and some patterns no one has explained yet (",
        link("#examples", "examples on real sentences"),
        ").",
      ],
    ],
    [
      "#project",
      "Concatenate, then project.",
      "The heads' outputs are laid side by side and multiplied by W_O, which restores the model width and lets every output feature draw on all the heads.",
    ],
    [
      "#parallel",
      "Same cost, run in parallel.",
      "Many narrow heads do about the same arithmetic as one wide head, and since no head waits for another, hardware can compute them all at once, along with every position in the sentence.",
    ],
    [
      "#real-model",
      "Roles are learned, and can be measured.",
      [
        "In a real trained model, a previous-token head and an induction head appear together in a sudden phase change, and switching one off breaks the copying they do together (",
        link("#training", "watch it happen as you train one"),
        ").",
      ],
    ],
  ];

  const list = el(
    doc,
    "ul",
    { className: "takeaways" },
    items.map(([href, title, body]) =>
      el(doc, "li", {}, [
        link(href, title),
        " ",
        ...(Array.isArray(body) ? body : [body]),
      ]),
    ),
  );
  root.replaceChildren(list);
}
