// A small toolbar under a heatmap: download it as PNG or SVG, download the
// numbers of the forward pass behind it as JSON, and copy an embed code.
//
//   import { renderHeatmapTools } from "./components/heatmap-tools.js";
//   renderHeatmapTools(div, {
//     name: "heads-previous",                  // or () => "heads-" + id
//     getHeatmap: () => ({ tokens, weights, scores, title, highlight }),
//     getResult: () => lastResult,             // optional: adds "JSON"
//     getExtra: () => ({ inputs: { x }, sentence, version: mha.version }), // optional
//     embedCode: () => '<mha-heads sentence="…"></mha-heads>',      // optional
//   });
//
// The getters are called when a button is pressed, so the toolbar always
// exports what is on screen now: render it once and keep the section's last
// result where the getters can read it. Nothing here calls the core.
//
// Markup (styles in heatmap-tools.css; link it from the page and from any
// shadow root that renders the toolbar):
//   <div class="heatmap-tools" role="group" aria-label="Save or share: …">
//     <span class="heatmap-tools__label">Download</span>
//     <button class="heatmap-tools__button" data-export="png">PNG</button>
//     <button … data-export="svg">SVG</button>
//     <button … data-export="json">JSON</button>          (with getResult)
//     <button … data-export="embed">Copy embed code</button> (with embedCode)
//     <p class="heatmap-tools__status" role="status" aria-live="polite">
//     <div class="heatmap-tools__manual" hidden> label + read-only <textarea>
//   </div>
// The manual-copy box appears only when the clipboard refuses the text; its
// textarea is then focused and selected so Ctrl+C / ⌘C copies it.
import {
  downloadBlob,
  downloadText,
  heatmapPNGBlob,
  heatmapSVG,
  safeFilename,
} from "./export.js";
import { forwardResultJSON } from "../lib/result-json.js";

let instances = 0;

/**
 * @typedef {object} HeatmapToolsOptions
 * @property {string | (() => string)} name  file name stem, e.g.
 *   "heads-previous" (sanitized by safeFilename; ".png", ".svg", ".json"
 *   are appended)
 * @property {() => object} getHeatmap  the HeatmapData of export.js:
 *   { tokens, weights, scores?, title, subtitle?, highlight? }
 * @property {() => object | null} [getResult]  the forward() result behind
 *   the heatmap; adds the "JSON" button (null: nothing to save yet)
 * @property {() => Record<string, unknown>} [getExtra]  more fields for the
 *   JSON, e.g. { inputs: { x }, sentence, version } (see forwardResultJSON);
 *   `tokens` defaults to the heatmap's token texts
 * @property {() => string} [embedCode]  adds "Copy embed code"
 * @property {number} [scale]  PNG device pixels per CSS px (default 2)
 * @property {string} [label]  the group's accessible name (default
 *   "Save or share this heatmap")
 */

/**
 * Fills `element` (emptied first) with the toolbar.
 * @param {HTMLElement} element
 * @param {HeatmapToolsOptions} options
 * @returns {HTMLElement} the toolbar (div.heatmap-tools)
 */
export function renderHeatmapTools(element, options) {
  const doc = element.ownerDocument;
  const id = `heatmap-tools-${++instances}`;
  const stem = () =>
    typeof options.name === "function" ? options.name() : options.name;

  const bar = doc.createElement("div");
  bar.className = "heatmap-tools";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", options.label ?? "Save or share this heatmap");

  const label = doc.createElement("span");
  label.className = "heatmap-tools__label";
  label.textContent = "Download";
  label.setAttribute("aria-hidden", "true");

  const status = doc.createElement("p");
  status.className = "heatmap-tools__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const manual = doc.createElement("div");
  manual.className = "heatmap-tools__manual";
  manual.hidden = true;
  const manualLabel = doc.createElement("label");
  manualLabel.htmlFor = `${id}-code`;
  manualLabel.textContent = "Embed code";
  const textarea = doc.createElement("textarea");
  textarea.id = `${id}-code`;
  textarea.readOnly = true;
  textarea.rows = 3;
  textarea.spellcheck = false;
  textarea.addEventListener("focus", () => textarea.select());
  manual.append(manualLabel, textarea);

  const say = (message, isError = false) => {
    status.textContent = message;
    status.classList.toggle("heatmap-tools__status--error", isError);
  };

  const button = (kind, text, ariaLabel, action) => {
    const b = doc.createElement("button");
    b.type = "button";
    b.className = "heatmap-tools__button";
    b.dataset.export = kind;
    b.textContent = text;
    b.setAttribute("aria-label", ariaLabel);
    b.addEventListener("click", async () => {
      if (b.getAttribute("aria-busy") === "true") return;
      b.setAttribute("aria-busy", "true");
      try {
        await action();
      } catch (e) {
        say(
          `Could not ${text === "Copy embed code" ? "copy" : "save"}: ${e?.message ?? e}`,
          true,
        );
      } finally {
        b.removeAttribute("aria-busy");
      }
    });
    return b;
  };

  const buttons = [
    button("png", "PNG", "Download this heatmap as PNG", async () => {
      const filename = safeFilename(stem(), "png");
      const blob = await heatmapPNGBlob(options.getHeatmap(), {
        scale: options.scale ?? 2,
      });
      downloadBlob(blob, filename);
      say(`Saved ${filename}`);
    }),
    button("svg", "SVG", "Download this heatmap as SVG", () => {
      const filename = safeFilename(stem(), "svg");
      downloadText(heatmapSVG(options.getHeatmap()), filename, "image/svg+xml");
      say(`Saved ${filename}`);
    }),
  ];
  if (options.getResult) {
    buttons.push(
      button(
        "json",
        "JSON",
        "Download the numbers of this forward pass as JSON",
        () => {
          const result = options.getResult();
          if (!result) {
            say("Nothing to save yet: there is no result.", true);
            return;
          }
          const filename = safeFilename(stem(), "json");
          const tokens = options
            .getHeatmap()
            .tokens.map((t) =>
              typeof t === "string" ? t : String(t?.text ?? t),
            );
          const extra = { tokens, ...(options.getExtra?.() ?? {}) };
          const text = forwardResultJSON(result, extra);
          downloadText(text, filename, "application/json");
          say(`Saved ${filename}`);
        },
      ),
    );
  }
  if (options.embedCode) {
    const copy = button(
      "embed",
      "Copy embed code",
      "Copy embed code for this heatmap",
      async () => {
        const code = options.embedCode();
        try {
          if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
          await navigator.clipboard.writeText(code);
          manual.hidden = true;
          say("Embed code copied to the clipboard.");
        } catch {
          textarea.value = code;
          manual.hidden = false;
          textarea.focus();
          textarea.select();
          say("Select the embed code below and copy it (Ctrl+C or ⌘C).");
        }
      },
    );
    copy.classList.add("heatmap-tools__button--embed");
    buttons.push(copy);
  }

  bar.append(label, ...buttons, status, manual);
  element.replaceChildren(bar);
  return bar;
}
