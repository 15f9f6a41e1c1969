// The explainer's state in a URL, both ways: reading the parameters of the
// main page (a share link) and of the iframe page (embed.html), and building
// those URLs back. Pure functions of strings and URLs: no DOM.
import { CONSTRUCTED_HEADS } from "../constructed/run.js";
import { sectionById } from "../sections/index.js";
import { packText, unpackText } from "./text-pack.js";

/** The reader's sentence when the URL names none. */
export const DEFAULT_SENTENCE = "The clever fox jumped";

/**
 * The index of a constructed head named by its id ("previous"), its name
 * ("Previous token", any case) or its 1-based number ("2"); -1 if none.
 * @param {string} value
 */
export function headIndex(value) {
  const v = String(value ?? "")
    .trim()
    .toLowerCase();
  if (!v) return -1;
  if (/^\d+$/.test(v)) {
    const k = Number(v) - 1;
    return k >= 0 && k < CONSTRUCTED_HEADS.length ? k : -1;
  }
  return CONSTRUCTED_HEADS.findIndex(
    (h) => h.id === v || h.name.toLowerCase() === v,
  );
}

/**
 * Parses a comma-separated list of heads ("positional, previous" or "1,2").
 * An empty or missing list means all heads.
 * @param {string | null | undefined} list
 * @returns {{ indices: number[], unknown: string[] }} indices in the
 *   order given, without repeats; unknown holds the names not recognised
 */
export function parseHeads(list) {
  const parts = String(list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) {
    return { indices: CONSTRUCTED_HEADS.map((_, i) => i), unknown: [] };
  }
  const indices = [];
  const unknown = [];
  for (const part of parts) {
    const k = headIndex(part);
    if (k < 0) unknown.push(part);
    else if (!indices.includes(k)) indices.push(k);
  }
  return { indices, unknown };
}

/**
 * A sentence longer than this, percent-encoded, travels packed (parameter
 * "z", see text-pack.js) when that is shorter: a short one stays readable
 * in the link, a long one stays far under servers' header limits (Node
 * answers 431 past 16 KB).
 */
const PLAIN_SENTENCE_LIMIT = 256;

/** Writes the sentence into `params`: plain ("sentence") or packed ("z"). */
function putSentence(params, sentence) {
  const plain = new URLSearchParams({ sentence }).toString();
  if (plain.length > PLAIN_SENTENCE_LIMIT) {
    const packed = packText(sentence);
    if (packed !== null && packed.length < plain.length) {
      params.set("z", packed);
      return;
    }
  }
  params.set("sentence", sentence);
}

/**
 * The sentence of a URL: "sentence" as written (every link before packing,
 * and short sentences still), else "z" unpacked; null if neither, or if "z"
 * is damaged (a truncated link).
 * @param {URLSearchParams} p
 */
function readSentence(p) {
  if (p.has("sentence")) return p.get("sentence");
  if (p.has("z")) return unpackText(p.get("z") ?? "");
  return null;
}

/** True for a boolean URL parameter that is on: "1", "true", "yes", "". */
function flag(value) {
  if (value === null || value === undefined) return false;
  return ["", "1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/**
 * Reads the state a share link or an embed URL carries.
 * @param {string | URLSearchParams} search e.g. location.search
 * @returns {{ section: string | null, sentence: string | null,
 *   heads: string | null, head: number | null,
 *   view: "single" | "grid" | null, causal: boolean, editable: boolean,
 *   model: string | null }}
 *   null (and false) where the URL says nothing or something unknown;
 *   head is a 0-based index
 */
export function readState(search) {
  const p =
    search instanceof URLSearchParams ? search : new URLSearchParams(search);
  const section = p.get("section");
  const head = p.has("head") ? headIndex(p.get("head")) : -1;
  const view = p.get("view");
  return {
    section: sectionById(section) ? section : null,
    sentence: readSentence(p),
    heads: p.has("heads") ? p.get("heads") : null,
    head: head >= 0 ? head : null,
    view: view === "grid" || view === "single" ? view : null,
    causal: flag(p.get("causal")),
    editable: flag(p.get("editable")),
    // A model folder on the page's site, for section #your-model
    // (checked there: sources.js modelFolderURLs).
    model: p.get("model") || null,
  };
}

/**
 * The view of section #heads to start from, for context.initialView.
 * @param {ReturnType<typeof readState>} state
 * @returns {{ head: number, view: "single" | "grid", causal: boolean }}
 */
export function initialView(state) {
  return {
    head: state.head ?? 0,
    view: state.view ?? "single",
    causal: state.causal,
  };
}

/** Writes the model folder of section #your-model into `params`. */
function putModel(params, model) {
  if (model) params.set("model", model);
}

/** Writes section #heads's view ({ head, view, causal }) into `params`. */
function putView(params, view) {
  if (!view) return;
  const h = CONSTRUCTED_HEADS[view.head];
  if (h) params.set("head", h.id);
  if (view.view) params.set("view", view.view);
  if (view.causal) params.set("causal", "1");
}

/**
 * The main page's URL that restores a state: ?sentence=…&head=…&view=…
 * &causal=1#section (a long sentence as ?z=…, packed).
 * @param {string | URL} page the main page's URL (its query and hash are
 *   replaced)
 * @param {{ section: string, sentence: string,
 *   view?: { head: number, view: "single" | "grid", causal: boolean },
 *   model?: string | null }} state
 * @returns {string}
 */
export function shareURL(page, { section, sentence, view, model }) {
  const url = new URL(page);
  const params = new URLSearchParams();
  putSentence(params, sentence);
  putView(params, view);
  putModel(params, model);
  url.search = params.toString();
  url.hash = section;
  return url.href;
}

/**
 * The iframe page's URL for one section: embed.html?section=…&sentence=…
 * (a long sentence as z=…, packed; and section #heads's view, if given).
 * @param {string | URL} page the main page's URL; embed.html sits beside it
 * @param {{ section: string, sentence: string,
 *   view?: { head: number, view: "single" | "grid", causal: boolean },
 *   model?: string | null }} state
 * @returns {string}
 */
export function embedURL(page, { section, sentence, view, model }) {
  const url = new URL("embed.html", page);
  const params = new URLSearchParams();
  params.set("section", section);
  putSentence(params, sentence);
  putView(params, view);
  putModel(params, model);
  url.search = params.toString();
  return url.href;
}

/**
 * The full explainer's URL for the state of an embed page: the same
 * sentence and view, scrolled to the section.
 * @param {string | URL} embedPage the embed page's URL
 * @param {{ section: string, sentence: string,
 *   view?: { head: number, view: "single" | "grid", causal: boolean },
 *   model?: string | null }} state
 */
export function explainerURL(embedPage, state) {
  return shareURL(new URL("index.html", embedPage), state);
}
