// Small DOM helpers shared by sections 3–5 (heads, learn, examples).
// Every piece of text goes in through textContent.
import { viridisGradient } from "../components/colormap.js";

/**
 * Creates an element. `props` may hold className, text (textContent), any
 * attribute (by name), and `on` (event name → listener).
 * @param {Document} doc
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {(Node|string)[]} [children]
 * @returns {HTMLElement}
 */
export function el(doc, tag, props = {}, children = []) {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "on") {
      for (const [type, fn] of Object.entries(value))
        node.addEventListener(type, fn);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children);
  return node;
}

/** Plain-English names of the part-of-speech tags the tagger gives. */
export const TAG_NAMES = {
  DET: "determiner",
  ADJ: "adjective",
  NOUN: "noun",
  PROPN: "proper noun",
  NUM: "number",
  PRON: "pronoun",
  VERB: "verb",
  AUX: "auxiliary verb",
  ADP: "preposition",
  CCONJ: "conjunction",
  ADV: "adverb",
  INTJ: "interjection",
  PUNCT: "punctuation",
  X: "other",
};

/** "noun.animal" → "animal"; null → "–". */
export function senseName(sense) {
  return sense ? sense.slice(sense.indexOf(".") + 1) : "–";
}

/**
 * A list of token chips, each with the token and a small label under it:
 * its part-of-speech tag ("tag") or its meaning class ("sense").
 * @param {Document} doc
 * @param {{ text: string, tag: string, sense?: string | null }[]} tokens
 * @param {{ show?: "tag" | "sense", label: string }} options
 */
export function tokenChips(doc, tokens, { show = "tag", label }) {
  const list = el(doc, "ul", { className: "heads-chips", "aria-label": label });
  for (const t of tokens) {
    const small = show === "sense" ? senseName(t.sense) : t.tag;
    const long =
      show === "sense"
        ? t.sense
          ? `meaning class ${senseName(t.sense)}`
          : "no meaning class"
        : (TAG_NAMES[t.tag] ?? t.tag);
    const chip = el(doc, "li", { className: "heads-chip" }, [
      el(doc, "span", { className: "heads-chip__token", text: t.text }),
      el(doc, "span", {
        className: `heads-chip__tag heads-chip__tag--${show === "sense" ? (t.sense ? "sense" : "none") : t.tag}`,
        text: small,
        "aria-hidden": "true",
      }),
      el(doc, "span", { className: "visually-hidden", text: `: ${long}` }),
    ]);
    chip.title = long;
    list.append(chip);
  }
  return list;
}

/** The viridis legend of the heatmaps: 0% → 100%. */
export function heatmapLegend(doc) {
  const bar = el(doc, "span", {
    className: "legend__bar",
    "aria-hidden": "true",
  });
  bar.style.background = viridisGradient();
  return el(doc, "p", { className: "legend heads-legend" }, [
    el(doc, "span", { text: "Attention weight: 0%" }),
    bar,
    el(doc, "span", { text: "100%" }),
  ]);
}
