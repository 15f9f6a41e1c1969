// A tiny element builder shared by sections 1 and 2. Text always goes in
// through textContent or text nodes, never as HTML.

/**
 * Returns `el(tag, props, children)` for `doc`. Props: `class`, `text`
 * (textContent), `aria-*`, `data-*`, `role` and `for` (attributes), and any
 * other DOM property (`type`, `id`, `value`, …). Children are nodes or
 * strings (appended as text).
 * @param {Document} doc
 */
export function elementBuilder(doc) {
  return function el(tag, props = {}, children = []) {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (/^(aria-|data-)/.test(k) || k === "role" || k === "for")
        node.setAttribute(k, v);
      else node[k] = v;
    }
    node.append(...children);
    return node;
  };
}
