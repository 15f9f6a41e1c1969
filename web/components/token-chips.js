// Small DOM helpers shared by the sections #heads and #learn: the token
// chips. Every piece of text goes in through textContent.
import { el } from "./dom.js";

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
