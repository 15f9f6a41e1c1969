// Times every tile configuration of bench/tile/tune.cpp, mul+add and fused,
// interleaved in rounds (median of 7), in GFLOP/s. Shapes [[m, n, k], ...]
// and configurations [[MR, KC, MC], ...] as JSON arguments. See
// cpp/src/kernels/TUNING.md.
import { readFile } from "node:fs/promises";
const variants = {};
for (const v of ["plain", "fused"]) {
  const { default: create } = await import(
    new URL(`../../build/tile/tune_${v}.mjs`, import.meta.url).href
  );
  variants[v] = await create({
    wasmBinary: await readFile(
      new URL(`../../build/tile/tune_${v}.wasm`, import.meta.url),
    ),
  });
}
const shapes = JSON.parse(
  process.argv[2] || "[[512,2304,768],[512,768,768],[64,512,64],[64,64,512]]",
);
const configs = JSON.parse(
  process.argv[3] ||
    "[[4,256,128],[5,256,128],[6,256,128],[4,128,128],[4,384,128],[4,256,64],[4,256,256]]",
);
for (const [m, n, k] of shapes) {
  for (const M of Object.values(variants)) M._setup(m, n, k);
  const flops = 2 * m * n * k;
  const rows = [];
  for (const v of Object.keys(variants))
    for (const c of configs) rows.push({ v, c, t: [] });
  for (const r of rows) {
    const M = variants[r.v];
    const t0 = performance.now();
    while (performance.now() - t0 < 150)
      M._run(r.c[0], m, n, k, r.c[1], r.c[2]);
  }
  for (let round = 0; round < 7; round++)
    for (const r of rows) {
      const M = variants[r.v];
      let reps = 0;
      const t0 = performance.now();
      let t;
      do {
        M._run(r.c[0], m, n, k, r.c[1], r.c[2]);
        reps++;
        t = performance.now() - t0;
      } while (t < 30);
      r.t.push(t / reps);
    }
  console.log(`m=${m} n=${n} k=${k}`);
  for (const r of rows) {
    const med = r.t.sort((a, b) => a - b)[3];
    console.log(
      `  ${r.v.padEnd(6)} MR=${r.c[0]} KC=${r.c[1]} MC=${r.c[2]}  ${(flops / med / 1e6).toFixed(1)} GFLOP/s`,
    );
  }
}
