// The dimension-splitting calculator of section 2: for a width d_model, a
// head count h and a context length n, it asks the core (mha.cost) for the
// head width, the parameters and the FLOPs per token, once for h heads and
// once for a single head of the full width, and shows them side by side.
// Invalid sizes show the core's own error message.
import { elementBuilder } from "./mechanism-dom.js";
import { DEFAULT_CONTEXT, PRESETS } from "./mechanism-model.js";
import { withMath } from "../components/math.js";

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
 * @param {import("../lib/mha.js").MHA} mha
 */
export function mountCalculator(root, mha) {
  const doc = root.ownerDocument;
  const el = elementBuilder(doc);

  const presetButtons = PRESETS.map((p) =>
    el(
      "button",
      {
        type: "button",
        class: "mechanism-preset",
        "data-preset": p.id,
        "aria-pressed": "false",
      },
      [
        el("span", { class: "mechanism-preset__name", text: p.name }),
        el("span", {
          class: "mechanism-preset__sizes",
          text: `${fmt(p.dModel)} wide, ${p.heads} heads`,
        }),
      ],
    ),
  );
  const field = (id, label, hint) => {
    const input = el("input", {
      type: "number",
      id,
      min: "1",
      step: "1",
      inputMode: "numeric",
      "aria-describedby": `${id}-hint mechanism-calc-error`,
    });
    const wrap = el("div", { class: "mechanism-field" }, [
      el("label", { for: id }, withMath(doc, label)),
      input,
      el("span", { class: "note", id: `${id}-hint`, text: hint }),
    ]);
    return { input, wrap };
  };
  const dModel = field(
    "mechanism-dmodel",
    "$d_{\\text{model}}$ (model width)",
    "",
  );
  const heads = field("mechanism-heads", "$h$ (number of heads)", "");
  const context = field(
    "mechanism-context",
    "$n$ (context length, tokens)",
    "how many tokens each token attends over",
  );
  dModel.wrap.lastChild.remove();
  heads.wrap.lastChild.remove();
  dModel.input.setAttribute("aria-describedby", "mechanism-calc-error");
  heads.input.setAttribute("aria-describedby", "mechanism-calc-error");

  const error = el("p", {
    class: "error mechanism-calc__error",
    id: "mechanism-calc-error",
    "aria-live": "polite",
  });
  const summary = el("p", {
    class: "mechanism-calc__summary",
    "aria-live": "polite",
  });
  const tableBox = el("div", {
    class: "mechanism-calc__table",
    tabIndex: 0,
    role: "region",
    "aria-label": "Cost table (scrollable)",
  });
  const ratio = el("p", { class: "mechanism-calc__ratio" });
  const results = el("div", { class: "mechanism-calc__results" }, [
    summary,
    tableBox,
    ratio,
  ]);

  root.replaceChildren(
    el(
      "div",
      {
        class: "mechanism-presets",
        role: "group",
        "aria-label": "Model presets",
      },
      presetButtons,
    ),
    el("div", { class: "mechanism-fields" }, [
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
      el("strong", { text: fmt(h) }),
      h === 1 ? " head works in " : " heads works in ",
      el("strong", { class: "mechanism-dk", text: fmt(split.dK) }),
      ` dimensions (d_k = ${fmt(last.sizes.dModel)} / ${fmt(h)}). The layer has `,
      el("strong", { class: "mechanism-params", text: fmt(split.parameters) }),
      ` parameters (${compact(split.parameters)}).`,
    );

    const table = el("table", { class: "mechanism-cost" });
    table.append(
      el("caption", {
        text: `Cost of one attention layer, for n = ${fmt(last.sizes.n)} tokens (computed by the core)`,
      }),
    );
    const head = el("tr", {}, [
      el("th", { scope: "col" }, [
        el("span", { class: "visually-hidden", text: "Quantity" }),
      ]),
      el("th", {
        scope: "col",
        text: `${fmt(h)} head${h === 1 ? "" : "s"} of width ${fmt(split.dK)}`,
      }),
      el("th", {
        scope: "col",
        text: `1 head of width ${fmt(single.dK)}`,
      }),
    ]);
    table.append(el("thead", {}, [head]));
    const body = el("tbody");
    for (const row of ROWS) {
      body.append(
        el(
          "tr",
          {
            class: row.total ? "mechanism-cost__total" : "",
            "data-key": row.key,
          },
          [
            el("th", { scope: "row", text: row.label }),
            el("td", {
              text: fmt(split[row.key]),
              "data-value": String(split[row.key]),
            }),
            el("td", {
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
      el("strong", {
        class: "mechanism-flops-split",
        text: fmt(split.flopsPerToken),
      }),
      " FLOPs per token; one full-width head: ",
      el("strong", {
        class: "mechanism-flops-single",
        text: fmt(single.flopsPerToken),
      }),
      ". Ratio ",
      el("strong", { class: "mechanism-ratio", text: r.toFixed(4) }),
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
