// The explainer page. Loads the wasm core once through the public API, then
// lets each section (web/sections/*.js) build its own controls and drawings.
//
// Data flows one way: sentence → tokens → token vectors → forward() →
// result → renderers → DOM. Sections keep their last result and redraw from
// it when only the view changes.
import { createMHA } from "./lib/mha.js";
import { createStore } from "./model/store.js";
import * as why from "./sections/why.js";
import * as mechanism from "./sections/mechanism.js";
import * as heads from "./sections/heads.js";
import * as learn from "./sections/learn.js";
import * as examples from "./sections/examples.js";
import * as project from "./sections/project.js";
import * as parallel from "./sections/parallel.js";
import * as realModel from "./sections/real-model.js";
import * as training from "./sections/training.js";
import * as takeaways from "./sections/takeaways.js";
import { addSectionTools, iframeCode } from "./components/section-tools.js";
import {
  DEFAULT_SENTENCE,
  embedURL,
  initialView,
  readState,
  shareURL,
} from "./embed/url-state.js";

// Imported statically, so that a bundler can pack the page into one classic
// script for the offline (file://) build.
const SECTIONS = {
  why,
  mechanism,
  heads,
  learn,
  examples,
  project,
  parallel,
  "real-model": realModel,
  training,
  takeaways,
};

// No top-level await: the offline build bundles this file as a classic script.
async function start() {
  const status = document.getElementById("load-status");
  try {
    const mha = await createMHA();
    // A share link carries the sentence and section 3's view in its query.
    const restored = readState(location.search);
    const context = {
      mha,
      /** The reader's sentence, shared by the sections that show it. */
      sentence: createStore(restored.sentence ?? DEFAULT_SENTENCE),
      /** Section 3's starting view; section 3 sets context.headsView(). */
      initialView: initialView(restored),
    };
    for (const [name, module] of Object.entries(SECTIONS)) {
      const root = document.querySelector(`[data-section="${name}"]`);
      try {
        module.mount(root, context);
      } catch (error) {
        // One broken section must not blank the others.
        const message = document.createElement("p");
        message.className = "error";
        message.textContent = `This section could not start: ${error.message}`;
        root.replaceChildren(message);
        console.error(error);
      }
    }
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
    const title = section.querySelector("h2")?.textContent ?? section.id;
    const state = (withView) => ({
      section: section.id,
      sentence: context.sentence.get(),
      view: withView ? context.headsView?.() : undefined,
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
