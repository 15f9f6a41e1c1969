// Renderer of #parallel's measurement: the sentence that reports it and
// the bar chart of the median times.
import { renderBarChart } from "../../components/bar-chart.js";
import { formatMeanMs } from "../../components/format.js";
import { CHART, describeMeasurement } from "./text.js";

/**
 * @param {{ status: HTMLElement, chart: HTMLElement }} element the status
 *   line and the chart's slot
 * @param {{ results: { heads: number, dK: number, median: number,
 *   times: number[] }[] }} data measureHeads' results
 */
export function renderTimes(element, data) {
  const { results } = data;
  element.status.textContent = describeMeasurement(results);
  renderBarChart(
    element.chart,
    {
      bars: results.map((r) => ({ label: CHART.bar(r), value: r.median })),
    },
    {
      label: CHART.label,
      labelHeader: CHART.labelHeader,
      valueHeader: CHART.valueHeader,
      format: formatMeanMs,
    },
  );
}
