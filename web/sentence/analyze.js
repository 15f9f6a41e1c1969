// Sentence analysis for the page: text → tokens with a part-of-speech tag
// (from compromise, a rule-based tagger running in the browser) and a
// meaning class (the WordNet supersense of the word's most frequent sense).
// The constructed heads (web/lib/heads.js) turn these into token vectors.
import nlp from "../vendor/compromise/compromise-two.mjs";
import lexicon from "../data/supersenses.js";
import { tokenize } from "../lib/tokenize.js";

/** Most tokens the page's heatmaps show (cells stay legible up to here). */
export const MAX_TOKENS = 40;

// word → supersense, one table per part of speech.
function index(groups) {
  const map = new Map();
  for (const [sense, words] of Object.entries(groups)) {
    for (const w of words.split(" ")) map.set(w, sense);
  }
  return map;
}
const NOUNS = index(lexicon.nouns);
const VERBS = index(lexicon.verbs);

// WordNet's "morphy" detachment rules: inflected form → candidate bases.
const NOUN_RULES = [
  ["s", ""],
  ["ses", "s"],
  ["xes", "x"],
  ["zes", "z"],
  ["ches", "ch"],
  ["shes", "sh"],
  ["men", "man"],
  ["ies", "y"],
];
const VERB_RULES = [
  ["s", ""],
  ["ies", "y"],
  ["es", "e"],
  ["es", ""],
  ["ed", "e"],
  ["ed", ""],
  ["ing", "e"],
  ["ing", ""],
];

function lookUp(word, table, exceptions, rules) {
  // Irregular forms first: "saw" is far more often "see" than "to saw".
  const base = exceptions[word];
  if (base && table.has(base)) return table.get(base);
  if (table.has(word)) return table.get(word);
  for (const [suffix, ending] of rules) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, -suffix.length) + ending;
      if (table.has(candidate)) return table.get(candidate);
    }
  }
  // Doubled consonant: "stopped" → "stop".
  const undoubled = word.replace(/([bdgklmnprt])\1(ed|ing)$/, "$1");
  return table.get(undoubled) ?? null;
}

/** The supersense of a word used as `pos` ("NOUN" or "VERB"), or null. */
export function meaningClass(word, pos, tags = []) {
  const w = word.toLowerCase();
  if (pos === "NOUN") {
    if (tags.includes("Place")) return "noun.location";
    if (tags.includes("Person")) return "noun.person";
    if (tags.includes("Organization")) return "noun.group";
    return lookUp(w, NOUNS, lexicon.nounExceptions, NOUN_RULES);
  }
  if (pos === "VERB")
    return lookUp(w, VERBS, lexicon.verbExceptions, VERB_RULES);
  return null;
}

// compromise tag → a Universal-Dependencies-style tag, most specific first.
const UPOS_OF = [
  ["Pronoun", "PRON"],
  ["Determiner", "DET"],
  ["Preposition", "ADP"],
  ["Conjunction", "CCONJ"],
  ["Adverb", "ADV"],
  ["Adjective", "ADJ"],
  ["Value", "NUM"],
  ["ProperNoun", "PROPN"],
  ["Noun", "NOUN"],
  ["Auxiliary", "AUX"],
  ["Modal", "AUX"],
  ["Copula", "AUX"],
  ["Verb", "VERB"],
  ["Expression", "INTJ"],
];

/** The coarse class the syntactic head reads (see POS_CLASSES in heads.js). */
function featureClass(upos) {
  if (upos === "PROPN" || upos === "NUM") return "NOUN";
  if (upos === "AUX") return "VERB";
  return ["DET", "ADJ", "NOUN", "PRON", "VERB"].includes(upos) ? upos : "OTHER";
}

/**
 * @param {string} text
 * @returns {{ tokens: { text: string, start: number, end: number, tag: string,
 *   pos: string, sense: string | null, punct: boolean }[], count: number,
 *   problem: string | null }}
 *   count is the number of tokens in the whole text; tokens holds at most
 *   MAX_TOKENS of them; problem says why the text cannot be shown, if so.
 */
export function analyzeSentence(text) {
  // Several sections analyse the same sentence on each keystroke: tag once.
  if (text === last.text) return last.analysis;
  const analysis = analyze(text);
  last = { text, analysis };
  return analysis;
}

let last = { text: null, analysis: null };

function analyze(text) {
  const all = tokenize(text);
  if (all.length === 0) {
    return {
      tokens: [],
      count: 0,
      problem: "Type a sentence: there are no words to attend to yet.",
    };
  }
  if (all.length > MAX_TOKENS) {
    return {
      tokens: [],
      count: all.length,
      problem: `That text has ${all.length} tokens; the heatmaps show at most ${MAX_TOKENS}. Shorten it a little.`,
    };
  }
  // Tag the whole text, then give each of our tokens the tags of the term
  // that covers its first character.
  const terms = nlp(text)
    .json({ offset: true })
    .flatMap((s) => s.terms)
    .map((t) => ({
      start: t.offset.start,
      end: t.offset.start + t.offset.length,
      tags: t.tags,
    }));
  const tokens = all.map((t) => {
    const isWord = /[\p{L}\p{N}]/u.test(t.text);
    const term = isWord
      ? terms.find((m) => m.start <= t.start && t.start < m.end)
      : null;
    const tags = term?.tags ?? [];
    const upos = isWord
      ? (UPOS_OF.find(([tag]) => tags.includes(tag))?.[1] ?? "X")
      : "PUNCT";
    const pos = featureClass(upos);
    return {
      ...t,
      tag: upos,
      pos,
      sense: meaningClass(t.text, pos, tags),
      punct: !isWord,
    };
  });
  return { tokens, count: all.length, problem: null };
}
