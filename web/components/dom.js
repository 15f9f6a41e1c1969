// The one element builder of the page's sections, the embed element and the
// components. Text only ever goes in as textContent or text nodes, never as
// HTML, so the reader's words can be passed straight in.
//
//   el(doc, "button", { type: "button", className: "x", text: "Go",
//     "aria-pressed": "false", on: { click: go } })
//   el(doc, "label", { for: "field" }, ["Width ", el(doc, "strong", …)])

/** Props set as DOM properties: the live state of a form control. */
const PROPERTIES = new Set(["value", "checked"]);

/**
 * Creates an element of `doc`.
 *
 * Props, applied in their order:
 * - `className` (or `class`): the class attribute;
 * - `text`: the textContent;
 * - `on`: event name → listener, added with addEventListener;
 * - `value`, `checked`: set as DOM properties (an input's current value or
 *   state, not just its default);
 * - any other key is an attribute, by name (`id`, `type`, `for`, `role`,
 *   `aria-*`, `data-*`, `href`, `tabindex`, …); `true` sets it empty
 *   (`hidden: true`), a number is written as a string.
 * A prop whose value is `undefined`, `null` or `false` is left out (write
 * `"false"` for an attribute such as aria-pressed or spellcheck).
 * @template {string} K
 * @param {Document} doc
 * @param {K} tag
 * @param {Record<string, any>} [props]
 * @param {(Node | string)[]} [children] appended in order; strings become
 *   text nodes
 * @returns {K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement}
 *   the element, typed by its tag
 */
export function el(doc, tag, props = {}, children = []) {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className" || key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "on") {
      for (const [type, listener] of Object.entries(value))
        node.addEventListener(type, listener);
    } else if (PROPERTIES.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children);
  return /** @type {any} */ (node);
}
