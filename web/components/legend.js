// Colour-scale legends: a label, a gradient bar, a label ("0%" ▬▬ "100%").
// The bar is decoration (aria-hidden); the two labels carry the meaning.
// Styles: .legend and .legend__bar in heatmap.css.
import { el } from "./dom.js";
import { viridisGradient } from "./colormap.js";

/**
 * A new legend paragraph: `low`, a bar filled with `gradient`, `high`.
 * @param {Document} doc
 * @param {{ gradient: string, low: string, high: string, className?: string }} options
 *   gradient: a CSS background (e.g. viridisGradient() of colormap.js or
 *   divergingGradient() of matrix.js); className: classes added to "legend"
 * @returns {HTMLElement} a <p class="legend …">
 */
export function renderLegend(doc, { gradient, low, high, className }) {
  const bar = el(doc, "span", {
    className: "legend__bar",
    "aria-hidden": "true",
  });
  bar.style.background = gradient;
  return el(
    doc,
    "p",
    { className: className ? `legend ${className}` : "legend" },
    [el(doc, "span", { text: low }), bar, el(doc, "span", { text: high })],
  );
}

/**
 * The viridis legend of the attention heatmaps, 0% → 100% (#heads, #learn,
 * #examples and the <mha-heads> element).
 * @param {Document} doc
 * @returns {HTMLElement}
 */
export function heatmapLegend(doc) {
  return renderLegend(doc, {
    gradient: viridisGradient(),
    low: "Attention weight: 0%",
    high: "100%",
    className: "heads-legend",
  });
}
