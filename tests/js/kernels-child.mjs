// Run by kernels-variants.test.mjs in a child Node (with or without
// --experimental-wasm-relaxed-simd): loads the core with the options given
// as JSON in argv[2], checks every fixture against its independent golden
// values, and prints one JSON line: the loaded kernels and the results of a
// few seeded forwards (full and lean) as base64 Float32Arrays, for the parent
// to compare with the other build. Not a test file by itself.
import { readdir, readFile } from "node:fs/promises";
import { createMHA } from "../../web/lib/mha.js";
import { relaxedSimdSupported } from "../../web/lib/relaxed-simd.js";
import { assertClose, fixtureArgs, randomArgs } from "./helpers.mjs";

const options = JSON.parse(process.argv[2] ?? "{}");
let mha;
try {
  mha = await createMHA(options);
} catch (e) {
  console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
  process.exit(0);
}

const dir = new URL("../fixtures/mha/", import.meta.url);
let fixtures = 0;
for (const name of (await readdir(dir)).filter((f) => f.endsWith(".json"))) {
  const f = JSON.parse(await readFile(new URL(name, dir), "utf8"));
  const r = mha.forward(fixtureArgs(f));
  const e = f.expected;
  assertClose(`${name} scores`, r.scores, e.scores);
  assertClose(`${name} weights`, r.weights, e.weights);
  assertClose(`${name} headOutputs`, r.headOutputs, e.heads);
  assertClose(`${name} output`, r.output, e.output);
  fixtures += 1;
}

const base64 = (a) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
const runs = [];
for (const [n, dModel, heads, causal] of [
  [33, 64, 4, false],
  [70, 96, 6, true],
  [128, 256, 8, false],
]) {
  const args = randomArgs(n, dModel, heads, n, { causal });
  const full = mha.forward(args);
  const lean = mha.forward(args, { only: ["output", "weights"] });
  runs.push({
    n,
    dModel,
    heads,
    causal,
    full: { output: base64(full.output), weights: base64(full.weights) },
    lean: { output: base64(lean.output), weights: base64(lean.weights) },
  });
}
console.log(
  JSON.stringify({
    kernels: mha.kernels,
    probe: relaxedSimdSupported(),
    fixtures,
    runs,
  }),
);
