// The explainer's state in URLs (web/embed/url-state.js): share links and
// embed URLs are built and read back to the same state.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  embedURL,
  explainerURL,
  headIndex,
  initialView,
  parseHeads,
  readState,
  shareURL,
} from "../../web/embed/url-state.js";
import { SECTIONS, numberedTitle } from "../../web/sections/index.js";

test("heads are named by id, name or 1-based number", () => {
  assert.equal(headIndex("previous"), 1);
  assert.equal(headIndex(" Previous token "), 1);
  assert.equal(headIndex("6"), 5);
  assert.equal(headIndex("0"), -1);
  assert.equal(headIndex("7"), -1);
  assert.equal(headIndex("nope"), -1);
  assert.deepEqual(parseHeads("copy, 1,copy,nope"), {
    indices: [2, 0],
    unknown: ["nope"],
  });
  assert.deepEqual(parseHeads(null).indices, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(parseHeads(" , ").indices, [0, 1, 2, 3, 4, 5]);
});

test("a share link reads back to the same state", () => {
  const sentence = 'Tom & "Jerry" <b>ran</b>? #1 100% 猫';
  const view = { head: 3, view: "grid", causal: true };
  const link = shareURL("https://example.org/course/index.html?x=1#why", {
    section: "heads",
    sentence,
    view,
  });
  const url = new URL(link);
  assert.equal(url.pathname, "/course/index.html");
  assert.equal(url.hash, "#heads");
  const state = readState(url.search);
  assert.equal(state.sentence, sentence);
  assert.deepEqual(initialView(state), view);
  assert.equal(state.section, null, "the section is the fragment here");
});

test("an embed URL sits beside the page and names its section", () => {
  for (const { id } of SECTIONS) {
    const src = embedURL("https://example.org/course/week3/", {
      section: id,
      sentence: "The clever fox jumped",
    });
    const url = new URL(src);
    assert.equal(url.pathname, "/course/week3/embed.html");
    const state = readState(url.searchParams);
    assert.equal(state.section, id);
    assert.equal(state.sentence, "The clever fox jumped");
    assert.deepEqual(initialView(state), {
      head: 0,
      view: "single",
      causal: false,
    });
  }
  const back = new URL(
    explainerURL("https://example.org/c/embed.html?section=learn", {
      section: "learn",
      sentence: "Hi",
    }),
  );
  assert.equal(back.pathname, "/c/index.html");
  assert.equal(back.hash, "#learn");
});

test("unknown or missing values read as null, never a throw", () => {
  assert.deepEqual(readState("?section=nope&view=sideways&head=9&causal=0"), {
    section: null,
    sentence: null,
    heads: null,
    head: null,
    view: null,
    causal: false,
    editable: false,
    model: null,
  });
  assert.equal(readState("?causal").causal, true);
  assert.equal(readState("?causal=yes&editable=1").editable, true);
  assert.equal(readState("?sentence=").sentence, "");
});

test("index.html's sections agree with the registry in id, order and title", async () => {
  const { readFile } = await import("node:fs/promises");
  const html = await readFile(
    new URL("../../web/index.html", import.meta.url),
    "utf8",
  );
  const sections = [
    ...html.matchAll(
      /<section id="([a-z-]+)" aria-labelledby="\1-title">\s*<h2 id="\1-title">([^<]+)<\/h2>\s*<div data-section="\1"><\/div>/g,
    ),
  ];
  assert.deepEqual(
    sections.map(([, id, title]) => ({
      id,
      title: title.replace("&#39;", "'"),
    })),
    SECTIONS.map((s) => ({ id: s.id, title: numberedTitle(s) })),
  );
  const links = [...html.matchAll(/<li><a href="#([a-z-]+)">/g)];
  assert.deepEqual(
    links.map(([, id]) => id),
    SECTIONS.map((s) => s.id),
    "the table of contents lists the sections in order",
  );
});

test("every section in the registry has a loader", () => {
  assert.equal(SECTIONS.length, 11);
  for (const s of SECTIONS) assert.equal(typeof s.load, "function", s.id);
});

test("a model folder for #your-model travels in share and embed links", () => {
  assert.equal(readState("?model=models/gpt2/").model, "models/gpt2/");
  assert.equal(readState("?model=").model, null);
  const share = new URL(
    shareURL("https://example.org/c/index.html", {
      section: "your-model",
      sentence: "Hi",
      model: "models/gpt2/",
    }),
  );
  assert.equal(share.searchParams.get("model"), "models/gpt2/");
  assert.equal(share.hash, "#your-model");
  const embed = new URL(
    embedURL("https://example.org/c/index.html", {
      section: "your-model",
      sentence: "Hi",
      model: "models/gpt2/",
    }),
  );
  assert.equal(embed.pathname, "/c/embed.html");
  assert.equal(embed.searchParams.get("section"), "your-model");
  assert.equal(embed.searchParams.get("model"), "models/gpt2/");
  const back = new URL(
    explainerURL(embed, {
      section: "your-model",
      sentence: "Hi",
      model: "models/gpt2/",
    }),
  );
  assert.equal(back.searchParams.get("model"), "models/gpt2/");
  assert.ok(
    !new URL(
      shareURL("https://example.org/", { section: "heads", sentence: "Hi" }),
    ).searchParams.has("model"),
  );
});
