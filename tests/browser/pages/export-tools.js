// The export toolbar on a page of its own, with real forward passes from
// the wasm core: the constructed heads (causal, so some cells are masked)
// and a seeded head over tokens that need escaping.
import { createMHA } from "../../../web/lib/mha.js";
import { renderHeatmap } from "../../../web/components/heatmap.js";
import { renderHeatmapTools } from "../../../web/components/heatmap-tools.js";
import {
  HEAD_ID,
  SENTENCE,
  constructedHeatmap,
  constructedRun,
  nastyHeatmap,
  nastyRun,
} from "./export-data.js";

const status = document.getElementById("status");
try {
  const mha = await createMHA();
  const run = constructedRun(mha);
  const map = constructedHeatmap(run);
  renderHeatmap(document.getElementById("constructed-map"), map, {
    label: map.title,
    highlight: map.highlight,
  });
  renderHeatmapTools(document.getElementById("constructed-tools"), {
    name: `heads-${HEAD_ID}`,
    getHeatmap: () => constructedHeatmap(run),
    getResult: () => run.result,
    getExtra: () => ({
      version: mha.version,
      sentence: SENTENCE,
      inputs: { x: run.x },
    }),
    embedCode: () =>
      `<mha-heads sentence="${SENTENCE}" heads="${HEAD_ID}"></mha-heads>`,
  });

  const nasty = nastyRun(mha);
  const odd = nastyHeatmap(nasty);
  renderHeatmap(document.getElementById("nasty-map"), odd, {
    label: odd.title,
  });
  renderHeatmapTools(document.getElementById("nasty-tools"), {
    name: () => "odd tokens <&> é/..",
    getHeatmap: () => nastyHeatmap(nasty),
    getResult: () => nasty.result,
  });
  status.textContent = "ready";
  document.documentElement.dataset.ready = "true";
} catch (e) {
  status.textContent = `failed: ${e?.stack ?? e}`;
  document.documentElement.dataset.ready = "failed";
}
