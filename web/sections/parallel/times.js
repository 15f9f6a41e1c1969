// Renderers of #parallel's two measurements: the sentence that reports each
// and the bar chart of its median times.
import { renderBarChart } from "../../components/bar-chart.js";
import { formatMeanMs } from "../../components/format.js";
import {
  CHART,
  CORES_CHART,
  describeCores,
  describeMeasurement,
} from "./text.js";

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

/**
 * @param {{ status: HTMLElement, chart: HTMLElement }} element
 * @param {{ cores: number, results: { workers: number, median: number,
 *   times: number[] }[] }} data measureCores' result
 */
export function renderCoreTimes(element, data) {
  element.status.textContent = describeCores(data);
  renderBarChart(
    element.chart,
    {
      bars: data.results.map((r) => ({
        label: CORES_CHART.bar(r),
        value: r.median,
      })),
    },
    {
      label: CORES_CHART.label,
      labelHeader: CORES_CHART.labelHeader,
      valueHeader: CORES_CHART.valueHeader,
      format: formatMeanMs,
    },
  );
}
