// What #real-model asks of the core (web/sections/real-model/run.js), on the
// shipped model: the next characters it lists are Model.topNext's, with and
// without switched-off heads, and read the same to the shown precision as a
// softmax of forward()'s logits (the list the page drew before).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createMHA } from "../../web/lib/mha.js";
import { percent } from "../../web/components/format.js";
import {
  NEXT_COUNT,
  nextCharacters,
  runText,
} from "../../web/sections/real-model/run.js";

async function shippedModel() {
  const mha = await createMHA();
  const bytes = readFileSync(
    new URL("../../web/data/model/step-012000.bin", import.meta.url),
  );
  return { mha, model: mha.loadModel(bytes) };
}

/** The top k of a softmax of one row of logits, most likely first. */
function softmaxTop(logits, vocab, row, k) {
  const z = Array.from(logits.subarray(row * vocab, (row + 1) * vocab));
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e
    .map((v, id) => ({ id, p: v / sum }))
    .sort((a, b) => b.p - a.p || a.id - b.id)
    .slice(0, k);
}

const shown = (list) => list.map((t) => `${t.id} ${percent(t.p)}`);

test("nextCharacters is Model.topNext at the last position, as { id, p }", async () => {
  const { mha, model } = await shippedModel();
  const ids = mha.encodeText("abcdefgabcdef");
  const flags = new Uint8Array(model.config.layers * model.config.heads);
  flags[1 * model.config.heads + 2] = 1; // L1H2 off
  for (const ablate of [undefined, flags]) {
    const want = model.topNext(ids, {
      k: 5,
      position: ids.length - 1,
      ...(ablate ? { ablate } : {}),
    });
    const got = nextCharacters(model, ids, ablate);
    assert.equal(got.length, NEXT_COUNT);
    assert.deepEqual(
      got.map((t) => t.id),
      Array.from(want.ids),
    );
    assert.deepEqual(
      got.map((t) => t.p),
      Array.from(want.probabilities),
    );
  }
  model.dispose();
});

test("runText's next lists equal topNext and read as the logits' softmax did", async () => {
  const { mha, model } = await shippedModel();
  const { vocab, layers, heads } = model.config;
  const flags = new Uint8Array(layers * heads);
  flags[1 * heads + 2] = 1;
  for (const text of ["The clever fox jumped", "abcdefg hij", "x"]) {
    for (const repeat of [false, true]) {
      const run = runText(mha, model, { text, repeat, flags });
      const { ids } = run.input;
      const n = ids.length;
      const on = model.topNext(ids, { k: 5, position: n - 1 });
      const off = model.topNext(ids, { k: 5, position: n - 1, ablate: flags });
      assert.deepEqual(
        run.next.on.map((t) => t.id),
        Array.from(on.ids),
      );
      assert.deepEqual(
        run.next.off.map((t) => t.id),
        Array.from(off.ids),
      );
      const plain = softmaxTop(model.forward(ids).logits, vocab, n - 1, 5);
      const ablated = softmaxTop(run.forward.logits, vocab, n - 1, 5);
      assert.deepEqual(shown(run.next.on), shown(plain), `${text} ${repeat}`);
      assert.deepEqual(
        shown(run.next.off),
        shown(ablated),
        `${text} ${repeat}`,
      );
    }
  }
  const none = runText(mha, model, {
    text: "abc",
    repeat: false,
    flags: new Uint8Array(layers * heads),
  });
  assert.equal(none.next.off, null);
  assert.equal(runText(mha, model, { text: "", repeat: false, flags }), null);
  model.dispose();
});
