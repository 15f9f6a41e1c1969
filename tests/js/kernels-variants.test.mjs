// The two builds of the core, mha_core (SIMD128) and mha_core_relaxed (fused
// relaxed_madd kernels), and createMHA()'s choice between them. Each build
// runs in its own child Node (createMHA() loads one instance per process):
// the relaxed one with --experimental-wasm-relaxed-simd, skipped with a
// message where that Node cannot validate relaxed SIMD.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { assertClose } from "./helpers.mjs";

const child = fileURLToPath(new URL("./kernels-child.mjs", import.meta.url));
const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";

/** The child's JSON line, run with the given Node flags and createMHA options. */
function run(flags, options = {}) {
  const out = execFileSync(
    process.execPath,
    [...flags, child, JSON.stringify(options)],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  return JSON.parse(out);
}

const floats = (b64) => {
  const bytes = Buffer.from(b64, "base64");
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

/** Can a Node with the flag validate relaxed SIMD at all? */
function relaxedNode() {
  try {
    const r = run([RELAXED_FLAG], { kernels: "simd128" });
    return r.probe === true;
  } catch {
    return false; // e.g. a Node that does not know the flag
  }
}
const canRelax = relaxedNode();
const skipRelaxed = canRelax
  ? false
  : `Node ${process.version} with ${RELAXED_FLAG} does not validate f32x4.relaxed_madd`;

const plain = run([]);

test("without relaxed SIMD, createMHA() loads the SIMD128 build, which matches every golden fixture", () => {
  assert.equal(plain.error, undefined);
  assert.equal(plain.kernels, plain.probe ? "relaxed-simd" : "simd128");
  assert.ok(plain.fixtures >= 40, `${plain.fixtures} fixtures checked`);
});

test('kernels: "relaxed-simd" where relaxed SIMD does not validate is UNSUPPORTED', (t) => {
  if (plain.probe) {
    t.skip("this Node validates relaxed SIMD without a flag");
    return;
  }
  const r = run([], { kernels: "relaxed-simd" });
  assert.equal(r.error?.code, "UNSUPPORTED");
  assert.match(r.error.message, /relaxed SIMD/);
});

test("kernels must name one of the two builds", () => {
  for (const kernels of ["avx", 1, null]) {
    const r = run([], { kernels });
    assert.equal(r.error?.code, "BAD_TYPE", String(kernels));
  }
});

test(
  `with ${RELAXED_FLAG}, createMHA() loads the relaxed build; it matches every golden fixture and the SIMD128 build`,
  { skip: skipRelaxed },
  () => {
    const relaxed = run([RELAXED_FLAG]);
    assert.equal(relaxed.kernels, "relaxed-simd");
    assert.ok(relaxed.fixtures >= 40, `${relaxed.fixtures} fixtures checked`);
    const simd =
      plain.kernels === "simd128" ? plain : run([], { kernels: "simd128" });
    assert.equal(simd.kernels, "simd128");
    let differing = 0;
    relaxed.runs.forEach((r, k) => {
      const s = simd.runs[k];
      for (const path of ["full", "lean"]) {
        for (const name of ["output", "weights"]) {
          const got = floats(r[path][name]);
          const want = floats(s[path][name]);
          const label = `n=${r.n} dModel=${r.dModel} ${path} ${name}`;
          assertClose(label, got, want);
          differing += got.filter((v, i) => v !== want[i]).length;
        }
      }
    });
    // One rounding instead of two per multiply-add: some results differ in
    // their last bits, which shows the fused kernels really ran.
    assert.ok(differing > 0, "the relaxed build gave bit-identical results");
  },
);

test(
  `with ${RELAXED_FLAG}, kernels: "simd128" still loads the SIMD128 build`,
  { skip: skipRelaxed },
  () => {
    const forced = run([RELAXED_FLAG], { kernels: "simd128" });
    assert.equal(forced.kernels, "simd128");
    assert.deepEqual(
      forced.runs,
      run([], { kernels: "simd128" }).runs,
      "same bits as without the flag",
    );
  },
);
