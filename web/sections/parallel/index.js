// Section #parallel, "The power of parallel processing": the work of one wide head
// and of many narrow heads (from mha.cost), and a live timing of both in
// the reader's browser, started by a button. Every number shown comes from
// the core's cost function or from this device's measurement.
import { renderBarChart } from "../../components/bar-chart.js";
import { el } from "../../components/dom.js";
import { formatMeanMs } from "../../components/format.js";
import {
  PARALLEL_D_MODEL,
  PARALLEL_N,
  PARALLEL_SEED,
  measureHeads,
  parallelConfigurations,
} from "./measure.js";

const integer = new Intl.NumberFormat("en-US");

/** "one head of 256" / "16 heads of 16". */
function configName(heads, dK) {
  return heads === 1 ? `one head of ${dK}` : `${heads} heads of ${dK}`;
}

/**
 * The sentence that reports a measurement, built from its numbers.
 * @param {{ heads: number, dK: number, median: number, times: number[] }[]} results
 */
export function describeMeasurement(results) {
  const parts = results.map(
    (r) => `${configName(r.heads, r.dK)} took ${formatMeanMs(r.median)}`,
  );
  const list =
    parts.length > 1
      ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`
      : parts[0];
  const runs = Math.min(...results.map((r) => r.times.length));
  const base = results[0];
  const ratio = (r) => r.median / base.median;
  const ratios = results
    .slice(1)
    .map((r) => `${configName(r.heads, r.dK)}: ${ratio(r).toFixed(2)}×`);
  const close = results.slice(1).filter((r) => Math.abs(ratio(r) - 1) <= 0.25);
  const closeText = close.length
    ? ` Within 25% of it: ${close.map((r) => configName(r.heads, r.dK)).join(", ")}.`
    : " No split came within 25% of it this time.";
  return (
    `On this device ${list} (median of at least ${runs} timed runs each, after a warm-up). ` +
    `Compared with ${configName(base.heads, base.dK)}: ${ratios.join("; ")}.` +
    closeText
  );
}

/**
 * Builds section #parallel in `root`.
 * @param {HTMLElement} root
 * @param {import("../index.js").SectionContext} context
 */
export function mount(root, context) {
  const { mha } = context;
  const doc = root.ownerDocument;
  const configs = parallelConfigurations(mha);
  const state = { results: null, running: false };

  const intro = el(doc, "div", { className: "parallel-intro" }, [
    el(doc, "p", {
      text: "Several heads would be a poor bargain if each one cost as much as a full attention layer. They don't: the heads share the model's width instead of multiplying it. One head of width d_model and h heads of width d_model / h do the same matrix products, just cut into h independent slices.",
    }),
    el(doc, "p", {
      text: `Here is the work for ${PARALLEL_N} tokens with d_model = ${PARALLEL_D_MODEL}, counted by the core (a multiply and an add count as two operations):`,
    }),
  ]);

  const headRow = el(
    doc,
    "tr",
    {},
    ["Heads × d_k", "Matrix products", "Softmax", "Total"].map((text) =>
      el(doc, "th", { scope: "col", text }),
    ),
  );
  const bodyRows = configs.map((c) =>
    el(doc, "tr", {}, [
      el(doc, "th", { scope: "row", text: `${c.heads} × ${c.dK}` }),
      ...[c.productFlops, c.softmaxFlops, c.flops].map((v) =>
        el(doc, "td", { text: integer.format(v), "data-value": String(v) }),
      ),
    ]),
  );
  const costWrap = el(
    doc,
    "div",
    {
      className: "parallel-cost__scroll",
      tabindex: "0",
      role: "region",
      "aria-label": "Work per forward pass (scrollable)",
    },
    [
      el(doc, "table", { className: "parallel-cost" }, [
        el(doc, "caption", {
          text: `Operations in one forward pass, ${PARALLEL_N} tokens, d_model = ${PARALLEL_D_MODEL}`,
        }),
        el(doc, "thead", {}, [headRow]),
        el(doc, "tbody", {}, bodyRows),
      ]),
    ],
  );

  const sameProducts = configs.every(
    (c) => c.productFlops === configs[0].productFlops,
  );
  const costNote = el(doc, "p", {
    className: "note",
    text: sameProducts
      ? `The matrix products are identical in every row. Only the softmax grows with the number of heads, because each head normalises its own ${PARALLEL_N} × ${PARALLEL_N} table of scores, and it stays a small share of the total.`
      : "The core reports different amounts of matrix work for these splits.",
  });

  const button = el(doc, "button", {
    type: "button",
    className: "parallel-run",
    text: "Measure on this device",
  });
  const status = el(doc, "p", {
    className: "parallel-status",
    "aria-live": "polite",
  });
  const chart = el(doc, "div", { className: "parallel-chart" });
  const measure = el(doc, "div", { className: "parallel-measure panel" }, [
    button,
    el(doc, "p", {
      className: "note",
      text: `Runs the forward pass in your browser for each split of the same ${PARALLEL_N} random token vectors and the same random weights (seeded, seed ${PARALLEL_SEED}), a few times each after a warm-up, and reports the median time. It takes about two seconds.`,
    }),
    status,
    chart,
  ]);

  const widest = configs[0];
  const narrowest = configs[configs.length - 1];
  const explain = el(doc, "div", { className: "parallel-explain" }, [
    el(doc, "p", {
      text: "Read the times with care. The core on this page runs on a single CPU core with no threads, and it computes the heads one after another. So when many heads take about as long as one, that is not parallel hardware at work: it shows that splitting the width into heads does not add arithmetic.",
    }),
    el(doc, "p", {
      text: `Splitting is not entirely free, though, and the narrowest heads show it. The operation count covers the multiplications, not the bookkeeping: ${narrowest.heads} heads of ${narrowest.dK} fill ${narrowest.heads} separate ${PARALLEL_N} × ${PARALLEL_N} tables of scores and weights where ${widest.heads === 1 ? "one head fills one" : `${widest.heads} heads fill ${widest.heads}`}, and every one of those numbers has to be exponentiated, normalised and copied out. Products only ${narrowest.dK} numbers wide also keep the processor less busy. That is one reason real models keep d_k around 64 to 128 instead of splitting into very many tiny heads.`,
    }),
    el(doc, "p", {
      text: "The parallelism pays off on a GPU. No head needs another head's result, so all h heads can be computed at the same moment, as one batched matrix product over thousands of arithmetic units. That is how GPT-3 can afford 96 heads in every layer.",
    }),
    el(doc, "p", {
      text: "There is a second kind of parallelism, along the sentence. A recurrent network (RNN) reads token 2 only after token 1, because each step needs the state left by the step before, and that chain cannot be shared out. Attention has no such chain: the queries, keys and values of all positions come from one matrix product each, and every position's attention row is computed at once.",
    }),
  ]);

  root.replaceChildren(intro, costWrap, costNote, measure, explain);

  button.addEventListener("click", async () => {
    if (state.running) return;
    state.running = true;
    button.setAttribute("aria-disabled", "true");
    chart.replaceChildren();
    try {
      state.results = await measureHeads(mha, {
        onProgress(done, total, heads) {
          status.textContent =
            heads === null
              ? "Measured."
              : `Measuring ${configName(heads, PARALLEL_D_MODEL / heads)} (${done + 1} of ${total})…`;
        },
      });
      draw();
    } catch (error) {
      status.textContent = `The measurement failed: ${error.message}`;
    } finally {
      state.running = false;
      button.removeAttribute("aria-disabled");
      button.textContent = "Measure again";
    }
  });

  function draw() {
    const { results } = state;
    status.textContent = describeMeasurement(results);
    renderBarChart(
      chart,
      {
        bars: results.map((r) => ({
          label: `${r.heads} ${r.heads === 1 ? "head" : "heads"} × d_k ${r.dK}`,
          value: r.median,
        })),
      },
      {
        label: `Median time of one forward pass on this device, ${PARALLEL_N} tokens, d_model ${PARALLEL_D_MODEL}`,
        labelHeader: "Heads",
        valueHeader: "Median time",
        format: formatMeanMs,
      },
    );
  }
}
