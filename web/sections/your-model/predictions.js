// What the #your-model section's model predicts after the reader's text:
// the top next tokens with the core's probabilities (Model.topNext), next
// to the same with the ablated heads switched off; the loss on the text
// (Model.ablation); and a greedy continuation (Model.generate). Pure
// drawing from the results the section hands in.
import { el } from "../../components/dom.js";
import { headName, percent } from "../../components/format.js";

/**
 * @param {Document} doc
 * @param {{ onClear: () => void, onRemove: (layer: number, head: number) => void }} o
 */
export function createPredictions(doc, o) {
  const ablated = el(doc, "div", { className: "ym-ablated" });
  const tables = el(doc, "div", { className: "ym-next" });
  const loss = el(doc, "p", { className: "ym-loss", "aria-live": "polite" });
  const continuation = el(doc, "div", { className: "ym-continuation" });
  const element = el(doc, "div", { className: "ym-predict" }, [
    ablated,
    tables,
    loss,
    continuation,
  ]);

  function drawAblated(names) {
    if (names.length === 0) {
      ablated.replaceChildren(
        el(doc, "p", { text: "Every head is on. Ablate heads to compare." }),
      );
      return;
    }
    ablated.replaceChildren(
      el(doc, "p", {}, [
        `Switched off: ${names.length} head${names.length === 1 ? "" : "s"}. `,
        el(doc, "button", {
          type: "button",
          className: "ym-button ym-ablated__clear",
          text: "Switch every head on",
          on: { click: () => o.onClear() },
        }),
      ]),
      el(
        doc,
        "ul",
        { className: "ym-ablated__list", "aria-label": "Ablated heads" },
        names.map((h) =>
          el(doc, "li", {}, [
            el(doc, "button", {
              type: "button",
              className: "ym-chip-button",
              "data-head": headName(h),
              "aria-label": `Switch ${headName(h)} on again`,
              text: `${headName(h)} ×`,
              on: { click: () => o.onRemove(h.layer, h.head) },
            }),
          ]),
        ),
      ),
    );
  }

  return {
    element,
    /**
     * @param {{ intact: any[], ablated: any[] | null, loss: number,
     *   ablatedLoss: number | null, delta: number | null,
     *   changedPredictions: number | null }} p
     * @param {{ layer: number, head: number }[]} names the ablated heads
     */
    draw(p, names) {
      drawAblated(names);
      tables.replaceChildren(
        nextTable(doc, p.intact, "Every head on", "intact"),
        ...(p.ablated
          ? [
              nextTable(
                doc,
                p.ablated,
                "With the heads switched off",
                "ablated",
              ),
            ]
          : []),
      );
      if (p.ablatedLoss === null) {
        loss.textContent = `Loss on your text (how surprised the model is by each next token, in nats, averaged): ${p.loss.toFixed(3)}.`;
      } else {
        const delta = p.delta;
        loss.textContent = `Loss on your text: ${p.loss.toFixed(3)} with every head, ${p.ablatedLoss.toFixed(3)} with ${names.length} switched off (${delta >= 0 ? "+" : ""}${delta.toFixed(3)}). The most likely next token changes at ${percent(p.changedPredictions)} of the positions.`;
      }
      loss.dataset.loss = String(p.loss);
      if (p.ablatedLoss !== null)
        loss.dataset.ablatedLoss = String(p.ablatedLoss);
      else delete loss.dataset.ablatedLoss;
    },
    /**
     * @param {{ ids: number[], text: string, labels: string[] } | null} intact
     * @param {{ ids: number[], text: string, labels: string[] } | null} off
     */
    drawContinuation(intact, off) {
      const line = (c, caption, kind) =>
        el(
          doc,
          "p",
          {
            className: `ym-continuation__${kind}`,
            "data-ids": c.ids.join(","),
          },
          [
            el(doc, "strong", { text: `${caption}: ` }),
            el(doc, "span", {
              className: "ym-continuation__text",
              text: c.labels.join(""),
            }),
          ],
        );
      continuation.replaceChildren(
        el(doc, "p", {
          className: "note",
          text: "A greedy continuation by the core: the most likely token, again and again (␣ is a space, ↵ a new line).",
        }),
        ...(intact ? [line(intact, "Continues", "intact")] : []),
        ...(off ? [line(off, "With the heads switched off", "ablated")] : []),
      );
    },
  };
}

function nextTable(doc, rows, caption, kind) {
  return el(
    doc,
    "table",
    { className: `ym-next__table ym-next__table--${kind}` },
    [
      el(doc, "caption", { text: caption }),
      el(doc, "thead", {}, [
        el(doc, "tr", {}, [
          el(doc, "th", { scope: "col", text: "next token" }),
          el(doc, "th", { scope: "col", text: "id" }),
          el(doc, "th", { scope: "col", text: "probability" }),
        ]),
      ]),
      el(
        doc,
        "tbody",
        {},
        rows.map((t) =>
          el(
            doc,
            "tr",
            { "data-id": t.id, "data-probability": t.probability },
            [
              el(doc, "th", {
                scope: "row",
                className: "ym-token",
                text: t.label,
              }),
              el(doc, "td", { text: String(t.id) }),
              el(doc, "td", {}, [
                probabilityBar(doc, t.probability),
                ` ${percent(t.probability)}`,
              ]),
            ],
          ),
        ),
      ),
    ],
  );
}

/** A bar as long as `p` (CSS --p, set through the CSSOM: the strict CSP
 * refuses style attributes). */
function probabilityBar(doc, p) {
  const bar = el(doc, "span", { className: "ym-bar", "aria-hidden": "true" });
  bar.style.setProperty("--p", String(Math.max(0, Math.min(1, p))));
  return bar;
}
