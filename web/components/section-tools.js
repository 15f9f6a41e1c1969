// A small toolbar under a section's heading: "Copy embed code" (an <iframe>
// snippet for that section) and "Share link" (the page's URL with the
// reader's state). Copies through the Clipboard API when the browser allows
// it; otherwise shows the text in a read-only, selected text area for
// copying by hand. Either way, a live region says what happened.
import { el } from "./dom.js";

let count = 0;

/**
 * Adds the toolbar right after the section's <h2>.
 * @param {HTMLElement} section a `main section` element with an id
 * @param {{ title: string, embedCode: () => string, shareLink: () => string }} options
 *   title names the section in the buttons' accessible names; embedCode and
 *   shareLink build the texts when a button is pressed (so they carry the
 *   state of that moment)
 * @returns {HTMLElement} the toolbar
 */
export function addSectionTools(section, { title, embedCode, shareLink }) {
  const doc = section.ownerDocument;
  ensureStylesheet(doc);
  const id = `section-tools-${++count}`;
  const embedButton = el(doc, "button", {
    type: "button",
    className: "section-tools__button",
    text: "Copy embed code",
  });
  const shareButton = el(doc, "button", {
    type: "button",
    className: "section-tools__button",
    text: "Share link",
  });
  const status = el(doc, "span", {
    className: "section-tools__status",
    "aria-live": "polite",
  });
  const manualLabel = el(doc, "label", { for: `${id}-text` });
  const text = el(doc, "textarea", {
    id: `${id}-text`,
    readonly: true,
    rows: 3,
    spellcheck: "false",
    className: "section-tools__text",
  });
  const manual = el(
    doc,
    "div",
    { className: "section-tools__manual", hidden: true },
    [manualLabel, text],
  );

  const bar = el(
    doc,
    "div",
    {
      className: "section-tools",
      role: "group",
      "aria-label": `Embed or share “${title}”`,
    },
    [embedButton, shareButton, status, manual],
  );

  const say = (message) => {
    // A repeated message would not be announced again: vary it slightly.
    status.textContent =
      status.textContent === message ? `${message}\u00a0` : message;
  };

  async function copy(value, what) {
    manual.hidden = true;
    text.value = value;
    bar.dataset.copied = value;
    try {
      if (!doc.defaultView.navigator.clipboard?.writeText) {
        throw new Error("no Clipboard API");
      }
      await doc.defaultView.navigator.clipboard.writeText(value);
      say(`Copied the ${what} to the clipboard.`);
    } catch {
      manualLabel.textContent = `The ${what}, selected for copying (Ctrl+C or ⌘C):`;
      manual.hidden = false;
      text.focus();
      text.select();
      say(`Could not copy automatically. The ${what} is shown selected below.`);
    }
  }

  embedButton.addEventListener("click", () => copy(embedCode(), "embed code"));
  shareButton.addEventListener("click", () => copy(shareLink(), "link"));

  const heading = section.querySelector("h2");
  if (heading) heading.after(bar);
  else section.prepend(bar);
  return bar;
}

/**
 * The HTML of an <iframe> that shows `src`.
 * @param {{ src: string, title: string, height: number }} options
 * @returns {string}
 */
export function iframeCode({ src, title, height }) {
  return (
    `<iframe src="${escapeAttribute(src, false)}" title="${escapeAttribute(title)}"` +
    ` width="100%" height="${Math.round(height)}" loading="lazy"` +
    ` style="border:0"></iframe>`
  );
}

/**
 * The HTML that embeds one view of the constructed heads as the <mha-heads>
 * element (for a per-heatmap "copy embed code").
 * @param {{ script: string, sentence: string, heads?: string[],
 *   view?: "single" | "grid", causal?: boolean }} options
 *   script: absolute URL of mha-embed.js; heads: head ids (default all)
 * @returns {string}
 */
export function elementCode({ script, sentence, heads, view, causal }) {
  const attributes = [`sentence="${escapeAttribute(sentence)}"`];
  if (heads?.length)
    attributes.push(`heads="${escapeAttribute(heads.join(","))}"`);
  if (view) attributes.push(`view="${escapeAttribute(view)}"`);
  if (causal) attributes.push("causal");
  return (
    `<script type="module" src="${escapeAttribute(script, false)}"></script>\n` +
    `<mha-heads ${attributes.join(" ")}></mha-heads>`
  );
}

// A URL's own "&" separators stay as they are (HTML reads "&section=" in an
// attribute literally), so the snippet stays readable.
function escapeAttribute(value, ampersands = true) {
  const text = String(value);
  return (ampersands ? text.replace(/&/g, "&amp;") : text)
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;");
}

/** Links components/section-tools.css once (a strict CSP allows <link>). */
function ensureStylesheet(doc) {
  if (doc.querySelector('link[href$="section-tools.css"]')) return;
  doc.head.append(
    el(doc, "link", {
      rel: "stylesheet",
      href: new URL("components/section-tools.css", doc.baseURI).href,
    }),
  );
}

/**
 * Embed code for one constructed head on a sentence, as <mha-heads>, with
 * the script's absolute URL taken from the page's own address (for the
 * per-heatmap "Copy embed code").
 * @param {{ sentence: string, head: string, causal?: boolean, base?: string }} options
 *   head: a CONSTRUCTED_HEADS id; base: the explainer's folder URL
 */
export function headEmbedCode({
  sentence,
  head,
  causal = false,
  base = document.baseURI,
}) {
  return elementCode({
    script: new URL("mha-embed.js", base).href,
    sentence,
    heads: [head],
    view: "single",
    causal,
  });
}
