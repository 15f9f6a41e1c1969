// The explainer page: sentence → tokens → embeddings → forward() in wasm →
// heatmap. Until the full explainer lands, this draws one live heatmap per
// head from random (seeded) weights.
import { createMHA } from "./lib/mha.js";
import { tokenize } from "./lib/tokenize.js";
import { hashString, seededUniform, seededWeights } from "./lib/random.js";
import { renderHeatmap } from "./components/heatmap.js";
import { viridisGradient } from "./components/colormap.js";

const D_MODEL = 16;
const HEADS = 4;

const mha = await createMHA();
const weights = seededWeights(D_MODEL, HEADS, 1);
const input = document.getElementById("sentence");
const status = document.getElementById("status");
const heatmap = document.getElementById("heatmap");
const buttons = document.getElementById("head-buttons");
document.querySelector(".legend__bar").style.background = viridisGradient();

let head = 0;
let last = null;

/** Word vectors from a hash of the word, plus sinusoidal positions. */
function embed(tokens) {
  const n = tokens.length;
  const x = new Float32Array(n * D_MODEL);
  const pe = mha.sinusoidalPositions(n, D_MODEL);
  tokens.forEach((t, i) => {
    const v = seededUniform(D_MODEL, hashString(t.text.toLowerCase()));
    for (let c = 0; c < D_MODEL; c++)
      x[i * D_MODEL + c] = v[c] + pe[i * D_MODEL + c];
  });
  return x;
}

function compute() {
  const tokens = tokenize(input.value);
  if (tokens.length === 0) {
    status.textContent = "Type a sentence to see its attention.";
    return;
  }
  if (tokens.length > 64) {
    status.textContent = `That is ${tokens.length} tokens; this view shows at most 64.`;
    return;
  }
  status.textContent = "";
  const result = mha.forward({
    x: embed(tokens),
    n: tokens.length,
    ...weights,
  });
  last = { tokens: tokens.map((t) => t.text), result };
  draw();
}

function draw() {
  if (!last) return;
  const { tokens, result } = last;
  const n = tokens.length;
  const block = (a) => a.subarray(head * n * n, (head + 1) * n * n);
  renderHeatmap(
    heatmap,
    { tokens, weights: block(result.weights), scores: block(result.scores) },
    { label: `Head ${head + 1} of ${HEADS}: attention weights` },
  );
}

for (let h = 0; h < HEADS; h++) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = `Head ${h + 1}`;
  b.setAttribute("aria-pressed", String(h === head));
  b.addEventListener("click", () => {
    head = h;
    buttons
      .querySelectorAll("button")
      .forEach((x, i) => x.setAttribute("aria-pressed", String(i === h)));
    draw();
  });
  buttons.append(b);
}
input.addEventListener("input", compute);
compute();
document.documentElement.dataset.ready = "true";
