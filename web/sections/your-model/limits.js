// The #your-model section's limits, in one place: how much of the reader's
// text is run, and how much is predicted. Its own module, so that the page
// (text-panel.js) reads them without bundling the Worker's session.
/** Tokens of the reader's text that the section analyses at most. */
export const MAX_TOKENS = 64;
/** Characters of text accepted at all (the text box's maxlength). */
export const MAX_TEXT_CHARS = 2000;
/** Next tokens listed, and tokens of the greedy continuation. */
export const TOP_K = 8;
export const CONTINUATION_STEPS = 12;
