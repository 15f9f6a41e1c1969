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
import * as takeaways from "./sections/takeaways.js";

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
  takeaways,
};

const status = document.getElementById("load-status");
try {
  const mha = await createMHA();
  const context = {
    mha,
    /** The reader's sentence, shared by the sections that show it. */
    sentence: createStore("The clever fox jumped"),
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
  status.textContent = "";
  status.hidden = true;
  document.documentElement.dataset.ready = "true";
} catch (error) {
  status.textContent = `The attention core could not start: ${error.message}`;
  status.classList.add("error");
  throw error;
}
