// The iframe page (embed.html): one section of the explainer, chosen and set
// up by URL parameters, for course pages and learning platforms.
//
//   embed.html?section=heads&sentence=The%20cat%20sat&view=grid  section #heads
//   embed.html?section=heads&heads=previous&view=single    the <mha-heads> element
//   embed.html?section=project&sentence=…                  any other section
//
// Parameters: section (why, mechanism, heads, learn, examples, project,
// parallel, real-model, your-model, training, takeaways; default heads),
// sentence, head (id or 1-based number), view (single | grid), causal (1),
// model (section your-model: a model folder on this site, e.g.
// models/gpt2/ holding config.json and model.safetensors). With section=heads, a `heads`
// list (ids, names or numbers) shows just those heads as the <mha-heads>
// element instead of the whole section; `editable=1` then adds a sentence
// box to it.
import { createMHA } from "../lib/mha.js";
import { createStore } from "../app/store.js";
import { CONSTRUCTED_HEADS } from "../constructed/run.js";
import { el } from "../components/dom.js";
import { SECTIONS, sectionById } from "../sections/index.js";
import {
  DEFAULT_SENTENCE,
  explainerURL,
  initialView,
  readState,
} from "./url-state.js";

const params = new URLSearchParams(location.search);
const state = readState(params);
const section = state.section ?? "heads";
const sentence = state.sentence ?? DEFAULT_SENTENCE;
const view = initialView(state);
const plainTitle = sectionById(section).title;

const status = document.getElementById("load-status");
const root = document.getElementById("embed-root");
const heading = document.getElementById("embed-title");
heading.textContent = plainTitle;
document.title = `${plainTitle} · Multi-head attention, computed live`;
root.dataset.section = section;
const open = /** @type {HTMLAnchorElement} */ (
  document.getElementById("embed-open")
);
open.href = explainerURL(location.href, {
  section,
  sentence,
  view: section === "heads" ? view : undefined,
  model: state.model,
});

if (params.has("section") && !state.section) {
  heading.after(
    el(document, "p", {
      className: "error",
      text: `There is no section “${params.get("section")}”; showing “${plainTitle}”. Sections: ${SECTIONS.map((s) => s.id).join(", ")}.`,
    }),
  );
}

// Links to other sections (#learn) point into the full explainer here.
document.addEventListener("click", (event) => {
  const link = /** @type {HTMLAnchorElement | null} */ (
    /** @type {Element} */ (event.target).closest?.('a[href^="#"]')
  );
  if (!link || document.getElementById(link.hash.slice(1))) return;
  link.href = new URL(`index.html${link.hash}`, location.href).href;
  link.target = "_blank";
  link.rel = "noopener";
});

reportHeight();

try {
  if (section === "heads" && params.has("heads")) {
    await mountElement();
  } else {
    await mountSection();
  }
  status.textContent = "";
  status.hidden = true;
  document.documentElement.dataset.ready = "true";
} catch (error) {
  status.textContent = `The attention core could not start: ${error.message}`;
  status.classList.add("error");
  throw error;
}

/** Section #heads as the <mha-heads> element, configured by the parameters. */
async function mountElement() {
  await import("../mha-embed.js");
  // Attributes left null or false are not set.
  const element = el(document, "mha-heads", {
    sentence,
    label: "Constructed attention heads",
    heads: state.heads,
    view: params.get("view"),
    head: state.head === null ? null : CONSTRUCTED_HEADS[state.head].id,
    causal: state.causal,
    editable: state.editable,
  });
  root.replaceChildren(element);
  await /** @type {HTMLElement & { ready: Promise<void> }} */ (element).ready;
}

/** Any section, mounted as on the main page. */
async function mountSection() {
  const [mha, module] = await Promise.all([
    createMHA(),
    sectionById(section).load(),
  ]);
  const context = {
    mha,
    sentence: createStore(sentence),
    initialView: view,
    /** ?model=: a model folder for section #your-model. */
    initialModel: state.model,
    /** Shown alone: text may not refer to the page's other sections. */
    embedded: true,
  };
  module.mount(root, context);
  // The explainer link follows the reader's sentence and view.
  context.sentence.subscribe(() => updateOpenLink(context));
  root.addEventListener("click", () =>
    queueMicrotask(() => updateOpenLink(context)),
  );
  root.addEventListener("change", () => updateOpenLink(context));
}

function updateOpenLink(context) {
  open.href = explainerURL(location.href, {
    section,
    sentence: context.sentence.get(),
    view: section === "heads" ? context.headsView?.() : undefined,
    model: context.modelFolder?.() ?? state.model,
  });
}

/** Tells the embedding page how tall this page is, so it can fit the frame. */
function reportHeight() {
  if (window.parent === window || typeof ResizeObserver !== "function") return;
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      { type: "mha-embed:height", section, height },
      "*",
    );
  }).observe(document.body);
}
