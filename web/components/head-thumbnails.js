// What a grid of heads shows of each head, shared by the #real-model and
// #your-model sections: the metrics of Model.analyze() in table order, with
// their meaning, and a head's attention pattern painted as a thumbnail.
import { viridisRGB } from "./colormap.js";

const LUT = Array.from({ length: 256 }, (_, k) => viridisRGB(k / 255));

/** The metrics of Model.analyze(), in table order, with their meaning. */
export const METRICS = Object.freeze([
  [
    "previousToken",
    "previous-token",
    "mean attention from each token to the one before it",
  ],
  [
    "induction",
    "induction",
    "mass on the token that followed an earlier copy of the query's token",
  ],
  [
    "copying",
    "copying",
    "how strongly what the head writes promotes the token it attends to (0.5 = chance)",
  ],
  ["selfMass", "self", "mean attention to itself"],
  ["sinkMass", "sink", "mean attention to the first token"],
  [
    "entropyNormalized",
    "entropy / ln n",
    "how spread out each row is (1 = uniform)",
  ],
  ["confidence", "confidence", "mean of each row's largest weight"],
  [
    "meanDistance",
    "mean distance",
    "how far back, in tokens, the attention lands on average",
  ],
  ["localMass", "local", "mass within 4 tokens of the query"],
]);

/**
 * Paints an n × n causal attention pattern into a canvas, one pixel per
 * cell (the canvas is scaled up by CSS); masked cells stay transparent.
 */
export function paintThumbnail(canvas, weights, n) {
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const image = ctx.createImageData(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const w = Math.min(1, Math.max(0, weights[i * n + j]));
      const [r, g, b] = LUT[Math.round(w * 255)];
      const at = (i * n + j) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}
