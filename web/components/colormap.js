// Viridis: perceptually uniform and readable with every common form of
// colour blindness (van der Walt & Smith, matplotlib). Eleven stops sampled
// from the published map, linearly interpolated between.
const VIRIDIS = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/**
 * The colour of t ∈ [0, 1] as [r, g, b] (0–255).
 * @param {number} t
 */
export function viridisRGB(t) {
  const x =
    Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  return VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
}

/** CSS colour of t ∈ [0, 1]. */
export function viridis(t) {
  const [r, g, b] = viridisRGB(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Black or white, whichever contrasts more with the background colour
 * [r, g, b] (0–255), by WCAG relative luminance.
 * @param {number[]} rgb
 * @returns {"#000" | "#fff"}
 */
export function contrastText(rgb) {
  const lum = rgb
    .map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    })
    .reduce((acc, c, k) => acc + c * [0.2126, 0.7152, 0.0722][k], 0);
  // Contrast with black is (lum + 0.05) / 0.05, with white 1.05 / (lum + 0.05).
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#000" : "#fff";
}

/** Black or white, whichever contrasts more with the viridis colour of t. */
export function textColorOn(t) {
  return contrastText(viridisRGB(t));
}

/** A CSS linear-gradient of the whole map, left (0) to right (1). */
export function viridisGradient() {
  const stops = VIRIDIS.map(
    ([r, g, b], i) =>
      `rgb(${r}, ${g}, ${b}) ${((i / (VIRIDIS.length - 1)) * 100).toFixed(0)}%`,
  );
  return `linear-gradient(to right, ${stops.join(", ")})`;
}
