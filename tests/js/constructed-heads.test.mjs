// The six constructed heads, run through the real API on real sentences,
// each show the pattern the page says they show.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createMHA } from "mha-explainer";
import {
  CONSTRUCTED_HEADS,
  runConstructed,
} from "../../web/constructed/run.js";
import {
  characteristicCells,
  shareOnCells,
} from "../../web/sections/examples/rules.js";

const SENTENCES = [
  "The clever fox jumped",
  "I saw the movie",
  "The old man saw a small dog.",
  "The old man saw a small dog",
  "The cat chased the dog near Paris and London",
  "the cat saw the other cat",
  "Well, the fox ran off; the dog slept.",
  "The quick brown fox jumps over the lazy dog while the cat sleeps on a warm mat.",
  "A tired old dog slowly walked to the big park, and then it slept under a green tree near the river.",
];

const HEAD = Object.fromEntries(CONSTRUCTED_HEADS.map((h, i) => [h.id, i]));

let mha;
const runs = new Map();
before(async () => {
  mha = await createMHA();
  for (const s of SENTENCES) {
    const run = runConstructed(mha, s);
    assert.equal(run.problem, null, `${s}: ${run.problem}`);
    runs.set(s, run);
  }
});

/** Row i of head `id` on sentence s, plus the tokens. */
function rows(s, id) {
  const run = runs.get(s);
  const n = run.tokens.length;
  const w = run.result.headWeights(HEAD[id]);
  return {
    n,
    tokens: run.tokens,
    row: (i) => Array.from(w.subarray(i * n, (i + 1) * n)),
    weights: w,
  };
}

const argmax = (row) => row.indexOf(Math.max(...row));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

test("the six heads are the ones the page names, in order", () => {
  assert.deepEqual(
    CONSTRUCTED_HEADS.map((h) => h.id),
    ["positional", "previous", "copy", "syntactic", "semantic", "sink"],
  );
});

test("every head's weight rows sum to 1", () => {
  for (const s of SENTENCES) {
    for (const id of Object.keys(HEAD)) {
      const { n, row } = rows(s, id);
      for (let i = 0; i < n; i++) {
        assert.ok(
          Math.abs(sum(row(i)) - 1) < 1e-5,
          `${s}, ${id}, row ${i}: ${sum(row(i))}`,
        );
      }
    }
  }
});

test("previous-token head: row i's largest weight is on i − 1, above 50%", () => {
  for (const s of SENTENCES) {
    const { n, row } = rows(s, "previous");
    for (let i = 1; i < n; i++) {
      assert.equal(argmax(row(i)), i - 1, `${s}, row ${i}`);
      assert.ok(row(i)[i - 1] > 0.5, `${s}, row ${i}: ${row(i)[i - 1]}`);
    }
  }
});

test("positional head: each row's largest weight is within 1 of the diagonal", () => {
  for (const s of SENTENCES) {
    const { n, row } = rows(s, "positional");
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(argmax(row(i)) - i) <= 1, `${s}, row ${i}`);
    }
  }
});

test("copy head: each row's largest weight is on the same word; more than 50% up to 18 tokens", () => {
  for (const s of SENTENCES) {
    const { n, row, tokens } = rows(s, "copy");
    const word = (j) => tokens[j].text.toLowerCase();
    for (let i = 0; i < n; i++) {
      assert.equal(word(argmax(row(i))), word(i), `${s}, row ${i}`);
      // Random 8-dimensional word vectors crowd together in long texts,
      // so the share only holds for sentences of moderate length.
      if (n > 18) continue;
      const same = sum(row(i).filter((_, j) => word(j) === word(i)));
      assert.ok(same > 0.5, `${s}, “${tokens[i].text}”: ${same}`);
    }
  }
  // A repeated word splits its attention between its copies.
  const { row } = rows("the cat saw the other cat", "copy");
  assert.ok(row(1)[5] > 0.3 && row(5)[1] > 0.3);
});

test("syntactic head: determiners and adjectives look at a noun, verbs at a noun or pronoun on their left", () => {
  let checked = 0;
  for (const s of SENTENCES) {
    const { n, row, tokens } = rows(s, "syntactic");
    const hasNounRight = (i) =>
      tokens.slice(i + 1).some((t) => t.pos === "NOUN");
    for (let i = 0; i < n; i++) {
      const { pos, text } = tokens[i];
      const r = row(i);
      if ((pos === "DET" || pos === "ADJ") && hasNounRight(i)) {
        const onNouns = sum(r.filter((_, j) => tokens[j].pos === "NOUN"));
        assert.ok(onNouns > 0.5, `${s}, “${text}” → nouns: ${onNouns}`);
        checked++;
      }
      const left = tokens
        .slice(0, i)
        .some((t) => t.pos === "NOUN" || t.pos === "PRON");
      if (pos === "VERB" && left) {
        const target = argmax(r);
        assert.ok(
          target < i && ["NOUN", "PRON"].includes(tokens[target].pos),
          `${s}, “${text}” → “${tokens[target].text}”`,
        );
        checked++;
      }
    }
  }
  assert.ok(checked >= 15, `only ${checked} tokens checked`);
});

test("semantic head: same-sense pairs get more weight than any other pair", () => {
  let pairs = 0;
  for (const s of SENTENCES) {
    const { n, row, tokens } = rows(s, "semantic");
    for (let i = 0; i < n; i++) {
      const sense = tokens[i].sense;
      if (!sense) continue;
      const r = row(i);
      const same = [];
      const other = [];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        (tokens[j].sense === sense ? same : other).push(r[j]);
      }
      if (!same.length) continue;
      pairs++;
      assert.ok(
        Math.min(...same) > Math.max(...other),
        `${s}, “${tokens[i].text}”: same ${same}, other max ${Math.max(...other)}`,
      );
    }
  }
  assert.ok(pairs >= 8, `only ${pairs} same-sense rows`);
});

test("sink head: more than 80% of every row on the first token and punctuation", () => {
  for (const s of SENTENCES) {
    const { n, row, tokens } = rows(s, "sink");
    for (let i = 0; i < n; i++) {
      const onSink = sum(row(i).filter((_, j) => j === 0 || tokens[j].punct));
      assert.ok(onSink > 0.8, `${s}, row ${i}: ${onSink}`);
    }
  }
});

test("section #examples's rules outline the cells each head really uses", () => {
  const cases = [
    ["previous", "I saw the movie", 0.75],
    ["syntactic", "The old man saw a small dog", 0.75],
    ["semantic", "The cat chased the dog near Paris and London", 0.3],
    ["copy", "the cat saw the other cat", 0.75],
    ["sink", "Well, the fox ran off; the dog slept.", 0.8],
  ];
  const ids = {
    previous: "previous",
    syntactic: "syntactic",
    semantic: "semantic",
    copy: "copy",
    sink: "sink",
  };
  for (const [rule, s, least] of cases) {
    const { n, weights, tokens } = rows(s, ids[rule]);
    const cells = characteristicCells(rule, tokens);
    assert.ok(cells.size > 0, `${rule}: no cells`);
    const { mean } = shareOnCells(weights, n, cells);
    assert.ok(mean > least, `${rule} on “${s}”: ${mean}`);
  }
  // The rules read tokens only: spot-check a few cells.
  const t = rows("The old man saw a small dog", "syntactic").tokens;
  const cells = characteristicCells("syntactic", t);
  for (const c of ["0,2", "1,2", "3,2", "4,6", "5,6", "6,3"])
    assert.ok(cells.has(c), c);
  const sem = characteristicCells(
    "semantic",
    rows("The cat chased the dog near Paris and London", "semantic").tokens,
  );
  assert.deepEqual([...sem].sort(), ["1,4", "4,1", "6,8", "8,6"]);
});

test("problem texts come back as problems, not throws", () => {
  assert.match(runConstructed(mha, "   ").problem, /no words/);
  const long = Array.from({ length: 41 }, (_, i) => `w${i}`).join(" ");
  assert.match(runConstructed(mha, long).problem, /41 tokens/);
  for (const s of ["<img src=x onerror=alert(1)>", "🦊 ran 🦊", "猫が座った"]) {
    const run = runConstructed(mha, s);
    assert.equal(run.problem, null, s);
    assert.equal(run.result.weights.length, 6 * run.tokens.length ** 2);
  }
});
