// The page's sections, in reading order: the one list that the explainer
// (main.js), the iframe page (embed/page.js) and share links
// (embed/url-state.js) read. Titles carry no number: the page numbers them
// by their place here. Each load() names its module literally, so a bundler
// sees every section and only the section shown is fetched.

/**
 * @typedef {{ head: number, view: "single" | "grid", causal: boolean }} HeadsView
 *   the #heads section's view: which head, single or grid, causal or not
 * @typedef {{ mha: import("../lib/mha.js").MHA,
 *   sentence: { get(): string, set(v: string): void,
 *     subscribe(fn: (v: string) => void): () => void },
 *   initialView?: HeadsView, headsView?: () => HeadsView,
 *   initialModel?: string | null, modelFolder?: () => string | null,
 *   embedded?: boolean }} SectionContext
 *   what every section's mount() gets from the page (web/main.js) or the
 *   iframe page (web/embed/page.js): the core, the reader's sentence, the
 *   #heads view to start from (a share link's), a slot where #heads leaves a
 *   reader of its current view, a model folder for #your-model (?model=)
 *   and the slot where it leaves the folder shown, and whether the section
 *   stands alone
 * @typedef {{ mount(root: HTMLElement, context: SectionContext): void }} SectionModule
 * @typedef {{ id: string, title: string,
 *   load: () => Promise<SectionModule> }} Section
 */

/** @type {readonly Section[]} */
export const SECTIONS = [
  {
    id: "why",
    title: "Why one head isn't enough",
    load: () => import("./why/index.js"),
  },
  {
    id: "mechanism",
    title: "The multi-head mechanism",
    load: () => import("./mechanism/index.js"),
  },
  {
    id: "heads",
    title: "Interactive: several heads on your sentence",
    load: () => import("./heads/index.js"),
  },
  {
    id: "learn",
    title: "What different heads learn",
    load: () => import("./learn/index.js"),
  },
  {
    id: "examples",
    title: "Head specialization on real sentences",
    load: () => import("./examples/index.js"),
  },
  {
    id: "project",
    title: "Concatenate, then project",
    load: () => import("./project/index.js"),
  },
  {
    id: "parallel",
    title: "The power of parallel processing",
    load: () => import("./parallel/index.js"),
  },
  {
    id: "real-model",
    title: "Heads in a real model",
    load: () => import("./real-model/index.js"),
  },
  {
    id: "your-model",
    title: "Heads of a model you bring",
    load: () => import("./your-model/index.js"),
  },
  {
    id: "training",
    title: "Watch heads learn, in your browser",
    load: () => import("./training/index.js"),
  },
  {
    id: "takeaways",
    title: "Key takeaways",
    load: () => import("./takeaways/index.js"),
  },
];

/**
 * A section's heading as the page shows it: "3. Interactive: …".
 * @param {Section} section  one entry of SECTIONS
 */
export function numberedTitle(section) {
  return `${SECTIONS.indexOf(section) + 1}. ${section.title}`;
}

/**
 * The section with this id, or undefined.
 * @param {string} id
 */
export function sectionById(id) {
  return SECTIONS.find((s) => s.id === id);
}

/**
 * A section's number on the page, from its place in SECTIONS (4 for "learn").
 * @param {string} id
 */
export function sectionNumber(id) {
  const index = SECTIONS.findIndex((s) => s.id === id);
  if (index < 0) throw new Error(`no section "${id}"`);
  return index + 1;
}

/**
 * How the page's own text points at a section: "section 4". Derived from the
 * section's place in SECTIONS, so moving a section never leaves a stale
 * number in the prose.
 * @param {string} id
 */
export function sectionLabel(id) {
  return `section ${sectionNumber(id)}`;
}
