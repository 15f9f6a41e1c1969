// GPT-2's tokenizer (web/lib/gpt2-tokenizer.js) in Chromium: the module and
// its vendored gpt-tokenizer files, served by the project's server under a
// strict Content-Security-Policy, give the Node ids, and the page fetches
// nothing from another origin and no other vocabulary than r50k_base.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage } from "./browser.mjs";
import { encodeGpt2, gpt2Tokens } from "../../web/lib/gpt2-tokenizer.js";

const STRICT_CSP = "default-src 'self'; script-src 'self'";
const SAMPLE = "The dog 🦙 日本語\n\tdone";

let env;
let pageDir;
before(async () => {
  // The test page lives in a temporary folder that the server mounts at
  // /gpt2-test/, so it is served with the same CSP as the module it loads.
  pageDir = await mkdtemp(join(tmpdir(), "mha-gpt2-page-"));
  await writeFile(
    join(pageDir, "index.html"),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>GPT-2 tokenizer under a strict CSP</title>
    <script type="module" src="page.js"></script>
  </head>
  <body></body>
</html>
`,
  );
  await writeFile(
    join(pageDir, "page.js"),
    `try {
  const t = await import("/web/lib/gpt2-tokenizer.js");
  const sample = ${JSON.stringify(SAMPLE)};
  window.gpt2Result = {
    dog: Array.from(t.encodeGpt2("The dog")),
    isInt32: t.encodeGpt2("The dog") instanceof Int32Array,
    sample: Array.from(t.encodeGpt2(sample)),
    roundTrip: t.decodeGpt2(t.encodeGpt2(sample)) === sample,
    tokens: t.gpt2Tokens(sample),
    vocab: t.GPT2_VOCAB_SIZE,
  };
} catch (e) {
  window.gpt2Result = { failure: String(e && e.stack ? e.stack : e) };
}
`,
  );
  env = await launch({
    root: ".",
    csp: STRICT_CSP,
    mounts: { "/gpt2-test/": pageDir },
  });
});
after(async () => {
  await env?.close();
  if (pageDir) await rm(pageDir, { recursive: true, force: true });
});

test('under a strict CSP: "The dog" is [464, 3290], the same ids and tokens as Node, nothing off-origin', async () => {
  const url = new URL("gpt2-test/", env.server.url).href;
  const { page, problems } = await openPage(env.context, url);
  const requested = [];
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  await page.reload();
  await page.waitForFunction(() => window.gpt2Result !== undefined, null, {
    timeout: 20000,
  });
  const result = await page.evaluate(() => window.gpt2Result);
  const response = await page.request.get(url);
  await page.close();

  assert.equal(result.failure, undefined, result.failure);
  assert.deepEqual(problems, []);
  assert.equal(response.headers()["content-security-policy"], STRICT_CSP);
  assert.deepEqual(result.dog, [464, 3290]);
  assert.equal(result.isInt32, true);
  assert.equal(result.vocab, 50257);
  assert.deepEqual(result.sample, Array.from(encodeGpt2(SAMPLE)));
  assert.equal(result.roundTrip, true);
  assert.deepEqual(result.tokens, gpt2Tokens(SAMPLE));
  assert.ok(
    requested.includes("/web/vendor/gpt-tokenizer/esm/bpeRanks/r50k_base.js"),
    "the vendored r50k_base vocabulary is loaded",
  );
  assert.deepEqual(
    requested.filter((p) => /bpeRanks\/(?!r50k_base\.js)/.test(p)),
    [],
    "no other vocabulary is loaded",
  );
});
