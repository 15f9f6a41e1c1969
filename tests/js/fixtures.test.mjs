// The independent Python reference's fixtures, through the public JS API and
// the wasm build: every intermediate, every configuration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createMHA } from "../../web/lib/mha.js";
import { assertClose, fixtureArgs } from "./helpers.mjs";

const dir = new URL("../fixtures/mha/", import.meta.url);
const names = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();

test("there are at least forty fixtures", () => {
  assert.ok(names.length >= 40, `${names.length} fixtures`);
});

for (const name of names) {
  test(`fixture ${name}`, async () => {
    const f = JSON.parse(await readFile(new URL(name, dir), "utf8"));
    const mha = await createMHA();
    const r = mha.forward(fixtureArgs(f));
    const e = f.expected;
    assertClose("q", r.q, e.q);
    assertClose("k", r.k, e.k);
    assertClose("v", r.v, e.v);
    assertClose("scores", r.scores, e.scores);
    assertClose("weights", r.weights, e.weights);
    assertClose("headOutputs", r.headOutputs, e.heads);
    assertClose("concat", r.concat, e.concat);
    assertClose("output", r.output, e.output);
    assertClose("contributions", r.contributions, e.contributions);
    assertClose("contributionNorms", r.contributionNorms, e.contribution_norms);
  });
}
