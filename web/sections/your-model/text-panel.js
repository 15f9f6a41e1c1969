// The #your-model section's text: the box the reader types in (run again
// after a pause in typing), the count of tokens against the limit, and
// the tokens as chips, each with its id (GPT-2's byte-level space drawn as
// "␣"). Pure DOM: index.js runs the text and hands back the tokens.
import { el } from "../../components/dom.js";
import { MAX_TEXT_CHARS } from "./limits.js";
import { tokenCountText } from "./text.js";

/** How long typing pauses before the text is run again (ms). */
const TYPING_PAUSE_MS = 250;

/**
 * @param {Document} doc
 * @param {{ text: string, onText: (text: string) => void }} o
 */
export function createTextPanel(doc, o) {
  const box = el(doc, "textarea", {
    id: "ym-text",
    className: "ym-text",
    rows: 3,
    maxlength: MAX_TEXT_CHARS,
    spellcheck: "false",
    value: o.text,
  });
  let typing = 0;
  box.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => o.onText(box.value), TYPING_PAUSE_MS);
  });
  const chips = el(doc, "ol", {
    className: "ym-chips",
    "aria-label": "Tokens of your text",
  });
  const count = el(doc, "p", { className: "ym-count", "aria-live": "polite" });
  const error = el(doc, "p", {
    className: "ym-text-error error",
    role: "alert",
    hidden: true,
  });
  return {
    elements: [
      el(doc, "label", { for: "ym-text", text: "Your text" }),
      box,
      count,
      error,
      chips,
    ],
    /** @param {{ tokens: { id: number, label: string }[], n: number, totalTokens: number, limit: number }} run */
    draw(run) {
      error.hidden = true;
      count.textContent = tokenCountText(run);
      chips.replaceChildren(
        ...run.tokens.map((t, i) =>
          el(doc, "li", { className: "ym-chip", "data-id": t.id }, [
            el(doc, "span", { className: "ym-chip__text", text: t.label }),
            el(doc, "span", { className: "ym-chip__id", text: String(t.id) }),
            el(doc, "span", {
              className: "visually-hidden",
              text: ` (token ${i}, id ${t.id})`,
            }),
          ]),
        ),
      );
    },
    /** A message about the text (or what was computed from it). */
    showError(message) {
      error.hidden = false;
      error.textContent = message;
    },
  };
}
