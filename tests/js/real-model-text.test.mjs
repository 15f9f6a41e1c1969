// The #real-model section's pure helpers (web/sections/real-model/text.js), and the same
// helpers against the core on the shipped model where they meet it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createMHA } from "../../web/lib/mha.js";
import {
  PROBE,
  composeInput,
  countCorrect,
  displayChar,
  formatNats,
  formatStep,
  summarizeHeads,
  textLossWeights,
} from "../../web/sections/real-model/text.js";

const range = (n) => Array.from({ length: n }, (_, i) => i + 10);

test("composeInput keeps at most `context` ids, and says when it cut", () => {
  const short = composeInput(range(5), {
    repeat: false,
    context: 8,
    separator: [1],
  });
  assert.deepEqual(Array.from(short.ids), range(5));
  assert.equal(short.clipped, false);
  assert.equal(short.secondCopy, -1);
  const long = composeInput(range(20), {
    repeat: false,
    context: 8,
    separator: [1],
  });
  assert.deepEqual(Array.from(long.ids), range(8));
  assert.equal(long.clipped, true);
  assert.equal(long.kept, 8);
});

test("composeInput with repeat: copy, separator, copy, within the context", () => {
  const r = composeInput(range(3), {
    repeat: true,
    context: 128,
    separator: [1],
  });
  assert.deepEqual(Array.from(r.ids), [10, 11, 12, 1, 10, 11, 12]);
  assert.equal(r.secondCopy, 4);
  assert.equal(r.clipped, false);
  const full = composeInput(range(200), {
    repeat: true,
    context: 128,
    separator: [1],
  });
  assert.equal(full.ids.length, 127); // 63 + 1 + 63
  assert.equal(full.kept, 63);
  assert.equal(full.clipped, true);
  assert.deepEqual(Array.from(full.ids.subarray(64)), range(63));
  const empty = composeInput([], {
    repeat: true,
    context: 128,
    separator: [1],
  });
  assert.equal(empty.kept, 0);
});

test("textLossWeights scores only the second copy after its first character", () => {
  assert.equal(textLossWeights({ ids: [1, 2, 3], secondCopy: -1 }), null);
  const input = composeInput(range(3), {
    repeat: true,
    context: 128,
    separator: [1],
  });
  // ids: a b c _ a b c; positions 0..5 predict ids 1..6; scored: 4 (→b), 5 (→c)
  assert.deepEqual(Array.from(textLossWeights(input)), [0, 0, 0, 0, 1, 1]);
});

test("countCorrect counts the scored positions whose guess is the next id", () => {
  const ids = [5, 6, 7, 8];
  assert.deepEqual(countCorrect([6, 0, 8], ids, null), { right: 2, total: 3 });
  assert.deepEqual(countCorrect([6, 0, 8], ids, [0, 1, 1]), {
    right: 1,
    total: 2,
  });
});

test("display and number formats", () => {
  assert.equal(displayChar(" "), "␣");
  assert.equal(displayChar("\n"), "¶");
  assert.equal(displayChar("a"), "a");
  assert.equal(formatNats(0.0650219), "0.065");
  assert.equal(formatNats(5.0026, true), "+5.003");
  assert.equal(formatNats(-0.25, true), "−0.250");
  assert.equal(formatStep(12000), "12,000");
  assert.equal(formatStep(250), "250");
});

test("summarizeHeads names the heads the core labels, on the shipped checkpoints", async () => {
  const mha = await createMHA();
  const probe = mha.probeSequences(PROBE);
  const load = (step) =>
    mha.loadModel(
      readFileSync(
        new URL(`../../web/data/model/step-${step}.bin`, import.meta.url),
      ),
    );
  const last = load("012000");
  const s = summarizeHeads(last.analyze(probe, { batch: PROBE.batch }));
  assert.deepEqual(
    s.previous.map((h) => `L${h.layer}H${h.head}`),
    ["L0H0"],
  );
  assert.ok(s.induction.some((h) => h.layer === 1 && h.head === 2));
  assert.match(
    s.text,
    /^Previous-token head: L0H0 \(0\.63\)\. Induction heads: /,
  );
  last.dispose();
  const early = load("001000");
  const e = summarizeHeads(early.analyze(probe, { batch: PROBE.batch }));
  assert.equal(e.induction.length, 0);
  assert.match(
    e.text,
    /No induction head \(best induction score 0\.\d\d, L\dH\d\)/,
  );
  early.dispose();
});
