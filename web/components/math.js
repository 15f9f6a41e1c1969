// TeX typeset by KaTeX (with MathML for screen readers), for the sections.
// Inline math in authored prose: a string written by the
// page's authors (never the reader's text) with TeX between $…$ becomes text
// nodes and KaTeX spans. KaTeX also writes MathML, for screen readers.
import katex from "../vendor/katex/katex.mjs";

/**
 * Renders one TeX expression into a new element.
 * @param {Document} doc
 * @param {string} tex
 * @param {boolean} [display] display (block) style instead of inline
 * @returns {HTMLElement}
 */
export function mathElement(doc, tex, display = false) {
  const node = doc.createElement(display ? "div" : "span");
  node.className = display ? "math-display" : "math-inline";
  katex.render(tex, node, {
    throwOnError: false,
    output: "htmlAndMathml",
    displayMode: display,
  });
  return node;
}

/**
 * Splits authored text at $…$ and renders the TeX parts inline.
 * @param {Document} doc
 * @param {string} text e.g. "each head has its own $W_i^Q$"
 * @returns {(string | HTMLElement)[]} nodes to append
 */
export function withMath(doc, text) {
  return text
    .split(/\$([^$]+)\$/)
    .map((part, k) => (k % 2 === 1 ? mathElement(doc, part) : part))
    .filter((part) => part !== "");
}
