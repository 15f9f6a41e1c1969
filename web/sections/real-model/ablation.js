// The #real-model section's ablation panel: one checkbox per head ("switch it off": its
// output is zeroed before W_O), the loss on the probe's repeated half and on
// the reader's text with and without those heads, the share of next-character
// guesses that change, and what the model guesses next. Every number comes
// from Model.ablation() and Model.topNext() in the core (run.js runs
// them); this module only draws.
import { el } from "../../components/dom.js";
import { headName, percent } from "../../components/format.js";
import { displayChar, formatNats } from "./text.js";

/**
 * @param {Document} doc
 * @param {{ layers: number, heads: number,
 *   onChange: (flags: Uint8Array) => void }} o
 */
export function createAblationPanel(doc, { layers, heads, onChange }) {
  const { boxes, fieldset } = buildSwitches(doc, { layers, heads, onChange });

  const table = el(doc, "div", { className: "rm-ablation__table-box" });
  const guesses = el(doc, "div", { className: "rm-ablation__guesses" });
  const next = el(doc, "p", { className: "rm-ablation__next" });
  const live = el(doc, "p", {
    className: "rm-ablation__summary",
    "aria-live": "polite",
  });

  const element = el(doc, "div", { className: "rm-ablation" }, [
    fieldset,
    live,
    table,
    next,
    guesses,
  ]);

  return {
    element,
    /** Shows each head's current label beside its checkbox. */
    setLabels(analysis) {
      for (const h of analysis.reports) {
        const box = boxes[h.layer * heads + h.head];
        box.nextElementSibling.querySelector(".rm-off__label").textContent =
          ` · ${h.label}`;
      }
    },
    /**
     * @param {{ ablated: string[], decode: (id: number) => string,
     *   probe: object, text: object | null, textWhere: string,
     *   textScope: string, probeScope: string,
     *   right: { on: object, off: object } | null,
     *   next: { on: object[], off: object[] | null } | null,
     *   guessLines: { text: string, on: string, off: string | null } | null }} r
     */
    draw(r) {
      const off = r.ablated.length > 0;
      const offText = off ? r.ablated.join(", ") : "";
      live.textContent = off
        ? `With ${offText} off, the loss on the probe's repeated half goes from ${formatNats(r.probe.loss)} to ${formatNats(r.probe.ablatedLoss)} nats (${formatNats(r.probe.delta, true)}), and ${percent(r.probe.changedPredictions)} of its next-letter guesses change.`
        : "Every head is on. Tick a head above to switch it off and see what the model loses.";
      table.replaceChildren(resultsTable(doc, r, offText));
      next.replaceChildren(...nextText(doc, r, offText));
      guesses.replaceChildren(...guessBlock(doc, r, offText));
    },
  };
}

function resultsTable(doc, r, offText) {
  const off = offText !== "";
  const row = (scope, a, id) =>
    el(doc, "tr", { "data-row": id }, [
      el(doc, "th", { scope: "row", text: scope }),
      el(doc, "td", { "data-value": String(a.loss), text: formatNats(a.loss) }),
      el(doc, "td", {
        "data-value": String(a.ablatedLoss),
        text: off ? formatNats(a.ablatedLoss) : "—",
      }),
      el(doc, "td", {
        "data-value": String(a.delta),
        text: off ? formatNats(a.delta, true) : "—",
      }),
      el(doc, "td", {
        "data-value": String(a.changedPredictions),
        text: off ? percent(a.changedPredictions) : "—",
      }),
    ]);
  const rows = [row(r.probeScope, r.probe, "probe")];
  if (r.text) rows.push(row(r.textScope, r.text, "text"));
  return el(doc, "table", { className: "rm-ablation__table" }, [
    el(doc, "caption", {
      text: "Loss on the next character (nats; lower is better)",
    }),
    el(doc, "thead", {}, [
      el(doc, "tr", {}, [
        el(doc, "th", { scope: "col", text: "scored on" }),
        el(doc, "th", { scope: "col", text: "every head on" }),
        el(doc, "th", {
          scope: "col",
          text: off ? `${offText} off` : "heads off",
        }),
        el(doc, "th", { scope: "col", text: "change (Δ)" }),
        el(doc, "th", { scope: "col", text: "guesses changed" }),
      ]),
    ]),
    el(doc, "tbody", {}, rows),
  ]);
}

const quote = (id, decode) => `“${displayChar(decode(id))}”`;

function nextText(doc, r, offText) {
  if (!r.next) return [];
  const list = (items) =>
    items.map((t) => `${quote(t.id, r.decode)} ${percent(t.p)}`).join(", ");
  const parts = [
    el(doc, "strong", { text: "Next character after your text: " }),
    list(r.next.on),
  ];
  if (r.next.off) parts.push(`; with ${offText} off: ${list(r.next.off)}`);
  parts.push(".");
  return parts;
}

function guessBlock(doc, r, offText) {
  if (!r.guessLines || !r.right) return [];
  const { on, off } = r.right;
  let summary = `Right guesses of the next character ${r.textWhere}: ${on.right} of ${on.total} with every head on`;
  if (off) summary += `, ${off.right} of ${off.total} with ${offText} off`;
  summary += ".";
  const lines = [
    ["text", r.guessLines.text],
    ["guess", r.guessLines.on],
  ];
  if (r.guessLines.off !== null)
    lines.push([`${offText} off`, r.guessLines.off]);
  const width = Math.max(...lines.map(([name]) => name.length));
  return [
    el(doc, "p", { className: "rm-ablation__right", text: summary }),
    el(doc, "details", { className: "rm-ablation__lines" }, [
      el(doc, "summary", {
        text: "Show every guess, character by character",
      }),
      el(doc, "p", {
        className: "note",
        text: "Each guess sits under the character it tries to predict (the model's most likely next character after everything before it). · marks a space.",
      }),
      el(doc, "pre", {
        className: "rm-ablation__pre",
        tabindex: "0",
        text: lines
          .map(([name, s]) => `${name.padEnd(width)}  ${s}`)
          .join("\n"),
      }),
    ]),
  ];
}

/**
 * One checkbox per head, by layer, and the button that switches every head
 * back on; each change hands onChange a copy of the flags.
 * @param {Document} doc
 * @param {{ layers: number, heads: number,
 *   onChange: (flags: Uint8Array) => void }} o
 * @returns {{ boxes: HTMLInputElement[], fieldset: HTMLElement }}
 */
function buildSwitches(doc, { layers, heads, onChange }) {
  const flags = new Uint8Array(layers * heads);
  const boxes = [];
  const groups = [];
  for (let l = 0; l < layers; l++) {
    const items = [];
    for (let h = 0; h < heads; h++) {
      const name = headName({ layer: l, head: h });
      const id = `real-model-off-${name}`;
      const box = el(doc, "input", {
        type: "checkbox",
        id,
        "data-head": name,
        on: {
          change: () => {
            flags[l * heads + h] = box.checked ? 1 : 0;
            onChange(flags.slice());
          },
        },
      });
      boxes.push(box);
      items.push(
        el(doc, "div", { className: "rm-off__item" }, [
          box,
          el(doc, "label", { for: id }, [
            el(doc, "span", { text: name }),
            el(doc, "span", { className: "rm-off__label" }),
          ]),
        ]),
      );
    }
    groups.push(
      el(doc, "div", { className: "rm-off__layer" }, [
        el(doc, "span", {
          className: "rm-off__layer-name",
          text: `Layer ${l}`,
          "aria-hidden": "true",
        }),
        el(doc, "div", { className: "rm-off__items" }, items),
      ]),
    );
  }
  const reset = el(doc, "button", {
    type: "button",
    className: "rm-off__reset",
    text: "Switch every head back on",
    on: {
      click: () => {
        flags.fill(0);
        boxes.forEach((b) => (b.checked = false));
        onChange(flags.slice());
      },
    },
  });
  const fieldset = el(doc, "fieldset", { className: "rm-off" }, [
    el(doc, "legend", { text: "Heads to switch off" }),
    ...groups,
    reset,
  ]);

  return { boxes, fieldset };
}
