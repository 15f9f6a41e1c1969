// The dimension-splitting calculator of section #mechanism: for a width d_model, a
// head count h and a context length n, it asks the core (mha.cost) for the
// head width, the parameters and the FLOPs per token, once for h heads and
// once for a single head of the full width, and shows them side by side.
// Invalid sizes show the core's own error message.
import { el } from "../../components/dom.js";
import { DEFAULT_CONTEXT, PRESETS } from "./example.js";
import { withMath } from "../../components/math.js";

const fmt = (v) => v.toLocaleString("en-US");
const compact = (v) =>
  v.toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 2 });

/** Rows of the comparison table: label and how to read it from a Cost. */
const ROWS = [
  { key: "dK", label: "d_k, width of each head" },
  { key: "parameters", label: "Parameters (W_Q, W_K, W_V, W_O)" },
  { key: "parametersPerHead", label: "Parameters per head" },
  { key: "projectionFlopsPerToken", label: "Projection FLOPs / token" },
  {
    key: "attentionFlopsPerToken",
    label: "Scores + weighted sum FLOPs / token",
  },
  { key: "softmaxFlopsPerToken", label: "Softmax FLOPs / token" },
  { key: "flopsPerToken", label: "Total FLOPs / token", total: true },
];

/**
 * Builds the calculator inside `root` and computes the first preset.
 * @param {HTMLElement} root an empty container
 * @param {import("../../lib/mha.js").MHA} mha
 */
export function mountCalculator(root, mha) {
  const doc = root.ownerDocument;

  const presetButtons = PRESETS.map((p) =>
    el(
      doc,
      "button",
      {
        type: "button",
        className: "mechanism-preset",
        "data-preset": p.id,
        "aria-pressed": "false",
      },
      [
        el(doc, "span", { className: "mechanism-preset__name", text: p.name }),
        el(doc, "span", {
          className: "mechanism-preset__sizes",
          text: `${fmt(p.dModel)} wide, ${p.heads} heads`,
        }),
      ],
    ),
  );
  // A number field; the error line describes every field, a hint only its own.
  const field = (id, label, hint) => {
    const input = el(doc, "input", {
      type: "number",
      id,
      min: "1",
      step: "1",
      inputmode: "numeric",
      "aria-describedby": hint
        ? `${id}-hint mechanism-calc-error`
        : "mechanism-calc-error",
    });
    const wrap = el(doc, "div", { className: "mechanism-field" }, [
      el(doc, "label", { for: id }, withMath(doc, label)),
      input,
      ...(hint
        ? [el(doc, "span", { className: "note", id: `${id}-hint`, text: hint })]
        : []),
    ]);
    return { input, wrap };
  };
  const dModel = field("mechanism-dmodel", "$d_{\\text{model}}$ (model width)");
  const heads = field("mechanism-heads", "$h$ (number of heads)");
  const context = field(
    "mechanism-context",
    "$n$ (context length, tokens)",
    "how many tokens each token attends over",
  );

  const error = el(doc, "p", {
    className: "error mechanism-calc__error",
    id: "mechanism-calc-error",
    "aria-live": "polite",
  });
  const summary = el(doc, "p", {
    className: "mechanism-calc__summary",
    "aria-live": "polite",
  });
  const tableBox = el(doc, "div", {
    className: "mechanism-calc__table",
    tabindex: "0",
    role: "region",
    "aria-label": "Cost table (scrollable)",
  });
  const ratio = el(doc, "p", { className: "mechanism-calc__ratio" });
  const results = el(doc, "div", { className: "mechanism-calc__results" }, [
    summary,
    tableBox,
    ratio,
  ]);

  root.replaceChildren(
    el(
      doc,
      "div",
      {
        className: "mechanism-presets",
        role: "group",
        "aria-label": "Model presets",
      },
      presetButtons,
    ),
    el(doc, "div", { className: "mechanism-fields" }, [
      dModel.wrap,
      heads.wrap,
      context.wrap,
    ]),
    error,
    results,
  );

  /** The preset last chosen, while the inputs still match it. */
  let chosen = null;
  /** The last valid computation: { sizes, split, single }. */
  let last = null;

  const readSizes = () => {
    const num = (input) => (input.value === "" ? 0 : Number(input.value));
    return {
      n: num(context.input),
      dModel: num(dModel.input),
      heads: num(heads.input),
    };
  };

  const compute = () => {
    const sizes = readSizes();
    try {
      const split = mha.cost(sizes);
      const single = mha.cost({ ...sizes, heads: 1 });
      last = { sizes, split, single };
      return null;
    } catch (e) {
      return e;
    }
  };

  const markInvalid = (failure, sizes) => {
    const bad = new Set();
    if (failure) {
      if (failure.code === "HEADS_DO_NOT_DIVIDE") bad.add(heads.input);
      for (const [input, v] of [
        [dModel.input, sizes.dModel],
        [heads.input, sizes.heads],
        [context.input, sizes.n],
      ]) {
        if (!Number.isInteger(v) || v < 1) bad.add(input);
      }
      if (bad.size === 0 && failure.code === "TOO_LARGE") {
        bad.add(dModel.input);
        bad.add(context.input);
      }
    }
    for (const input of [dModel.input, heads.input, context.input]) {
      if (bad.has(input)) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  };

  const draw = (failure) => {
    const sizes = readSizes();
    markInvalid(failure, sizes);
    for (const b of presetButtons)
      b.setAttribute("aria-pressed", String(b.dataset.preset === chosen));
    if (failure) {
      error.textContent =
        failure instanceof Error ? failure.message : String(failure);
      results.hidden = true;
      return;
    }
    error.textContent = "";
    results.hidden = false;
    const { split, single } = last;
    const h = last.sizes.heads;
    const r = split.flopsPerToken / single.flopsPerToken;

    summary.replaceChildren(
      "Each of the ",
      el(doc, "strong", { text: fmt(h) }),
      h === 1 ? " head works in " : " heads works in ",
      el(doc, "strong", { className: "mechanism-dk", text: fmt(split.dK) }),
      ` dimensions (d_k = ${fmt(last.sizes.dModel)} / ${fmt(h)}). The layer has `,
      el(doc, "strong", {
        className: "mechanism-params",
        text: fmt(split.parameters),
      }),
      ` parameters (${compact(split.parameters)}).`,
    );

    const table = el(doc, "table", { className: "mechanism-cost" });
    table.append(
      el(doc, "caption", {
        text: `Cost of one attention layer, for n = ${fmt(last.sizes.n)} tokens (computed by the core)`,
      }),
    );
    const head = el(doc, "tr", {}, [
      el(doc, "th", { scope: "col" }, [
        el(doc, "span", { className: "visually-hidden", text: "Quantity" }),
      ]),
      el(doc, "th", {
        scope: "col",
        text: `${fmt(h)} head${h === 1 ? "" : "s"} of width ${fmt(split.dK)}`,
      }),
      el(doc, "th", {
        scope: "col",
        text: `1 head of width ${fmt(single.dK)}`,
      }),
    ]);
    table.append(el(doc, "thead", {}, [head]));
    const body = el(doc, "tbody");
    for (const row of ROWS) {
      body.append(
        el(
          doc,
          "tr",
          {
            className: row.total ? "mechanism-cost__total" : "",
            "data-key": row.key,
          },
          [
            el(doc, "th", { scope: "row", text: row.label }),
            el(doc, "td", {
              text: fmt(split[row.key]),
              "data-value": String(split[row.key]),
            }),
            el(doc, "td", {
              text: fmt(single[row.key]),
              "data-value": String(single[row.key]),
            }),
          ],
        ),
      );
    }
    table.append(body);
    tableBox.replaceChildren(table);

    const more = (r - 1) * 100;
    ratio.replaceChildren(
      `${fmt(h)} head${h === 1 ? "" : "s"}: `,
      el(doc, "strong", {
        className: "mechanism-flops-split",
        text: fmt(split.flopsPerToken),
      }),
      " FLOPs per token; one full-width head: ",
      el(doc, "strong", {
        className: "mechanism-flops-single",
        text: fmt(single.flopsPerToken),
      }),
      ". Ratio ",
      el(doc, "strong", { className: "mechanism-ratio", text: r.toFixed(4) }),
      more > 0
        ? ` (${more < 0.01 ? "under 0.01" : more.toFixed(2)}% more, all of it in the per-head softmax).`
        : " (the same).",
      ` Per head: ${fmt(split.parametersPerHead)} parameters × ${fmt(h)} = ${fmt(split.parametersPerHead * h)}.`,
    );
  };

  const update = () => draw(compute());

  const setSizes = (p) => {
    dModel.input.value = String(p.dModel);
    heads.input.value = String(p.heads);
  };

  presetButtons.forEach((button, k) => {
    button.addEventListener("click", () => {
      chosen = PRESETS[k].id;
      setSizes(PRESETS[k]);
      update();
    });
  });
  for (const input of [dModel.input, heads.input, context.input]) {
    input.addEventListener("input", () => {
      const p = PRESETS.find((q) => q.id === chosen);
      const s = readSizes();
      if (p && (p.dModel !== s.dModel || p.heads !== s.heads)) chosen = null;
      update();
    });
  }

  chosen = PRESETS[0].id;
  setSizes(PRESETS[0]);
  context.input.value = String(DEFAULT_CONTEXT);
  update();
}
