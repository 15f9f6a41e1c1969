// Splitting a sentence into the tokens the explainer shows: words and
// punctuation marks, with their character offsets. Works for any script
// (Unicode letters and marks), keeps emoji as tokens, and never drops text
// other than whitespace.

// Chinese and Japanese characters are one token each (those scripts put no
// spaces between words). A word: letters/marks/digits, with inner
// apostrophes or hyphens ("don't", "well-known"). An emoji keeps its joiners
// and modifiers. Anything else that is not space is one token.
const TOKEN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*|\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic}|[\u{fe0f}\u{1f3fb}-\u{1f3ff}])*|[^\s]/gu;

/**
 * @param {string} text
 * @returns {{ text: string, start: number, end: number }[]}
 */
export function tokenize(text) {
  if (typeof text !== "string") {
    throw new TypeError(`tokenize() takes a string, got ${typeof text}`);
  }
  const tokens = [];
  for (const m of text.matchAll(TOKEN)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}
