// The explainer page. Loads the wasm core once through the public API, then
// lets each section (web/sections/<id>/, listed in web/sections/index.js)
// build its own controls and drawings.
//
// Data flows one way: sentence → tokens → token vectors → forward() →
// result → renderers → DOM. Sections keep their last result and redraw from
// it when only the view changes.
import { createMHA } from "./lib/mha.js";
import { createStore } from "./app/store.js";
import { SECTIONS } from "./sections/index.js";
import { addSectionTools, iframeCode } from "./components/section-tools.js";
import {
  DEFAULT_SENTENCE,
  embedURL,
  initialView,
  readState,
  shareURL,
} from "./embed/url-state.js";

// No top-level await: the offline build bundles this file as a classic script.
async function start() {
  const status = document.getElementById("load-status");
  try {
    const mha = await createMHA();
    // A share link carries the sentence and section #heads's view in its query.
    const restored = readState(location.search);
    const context = {
      mha,
      /** The reader's sentence, shared by the sections that show it. */
      sentence: createStore(restored.sentence ?? DEFAULT_SENTENCE),
      /** Section #heads's starting view; section #heads sets context.headsView(). */
      initialView: initialView(restored),
      /** ?model=: a model folder for section #your-model, which sets context.modelFolder(). */
      initialModel: restored.model,
    };
    // Every section's module loads at once; they mount in page order.
    const loaded = await Promise.allSettled(SECTIONS.map((s) => s.load()));
    SECTIONS.forEach(({ id }, k) => {
      const root = /** @type {HTMLElement} */ (
        document.querySelector(`[data-section="${id}"]`)
      );
      try {
        const outcome = loaded[k];
        if (outcome.status === "rejected") throw outcome.reason;
        outcome.value.mount(root, context);
      } catch (error) {
        // One broken section must not blank the others.
        const message = document.createElement("p");
        message.className = "error";
        message.textContent = `This section could not start: ${error.message}`;
        root.replaceChildren(message);
        console.error(error);
      }
    });
    addShareTools(context);
    status.textContent = "";
    status.hidden = true;
    // The sections were empty when the browser first went to the #fragment.
    if (location.hash.length > 1) {
      document.getElementById(location.hash.slice(1))?.scrollIntoView();
    }
    document.documentElement.dataset.ready = "true";
  } catch (error) {
    status.textContent = `The attention core could not start: ${error.message}`;
    status.classList.add("error");
    throw error;
  }
}

start();

/** "Copy embed code" and "Share link" under every section's heading. */
function addShareTools(context) {
  for (const section of document.querySelectorAll("main section[id]")) {
    if (!(section instanceof HTMLElement)) continue;
    const title = section.querySelector("h2")?.textContent ?? section.id;
    const state = (withView) => ({
      section: section.id,
      sentence: context.sentence.get(),
      view: withView ? context.headsView?.() : undefined,
      model: section.id === "your-model" ? context.modelFolder?.() : undefined,
    });
    addSectionTools(section, {
      title,
      embedCode: () =>
        iframeCode({
          src: embedURL(location.href, state(section.id === "heads")),
          title: `Multi-head attention: ${title.replace(/^\d+\.\s*/, "")}`,
          height: frameHeight(section),
        }),
      shareLink: () => shareURL(location.href, state(true)),
    });
  }
}

/** A frame height that fits the section as it is laid out now. */
function frameHeight(section) {
  const height = section.getBoundingClientRect().height;
  return Math.min(1600, Math.max(480, Math.ceil((height + 80) / 50) * 50));
}
