// scripts/wasm-standard-relaxed.mjs: the post-link rewrite of clang 14's
// pre-standard f32x4.relaxed_fma (0xfd 0xaf) to the standard
// f32x4.relaxed_madd (0xfd 0x105). Modules are assembled here byte by byte,
// so each test knows exactly which bytes are instructions and which are
// immediates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { standardizeRelaxedSimd } from "../../scripts/wasm-standard-relaxed.mjs";
import {
  RELAXED_SIMD_PROBE as PROBE,
  relaxedSimdSupported,
} from "../../web/lib/relaxed-simd.js";

// ---- A tiny assembler -------------------------------------------------------
const u32 = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const vec = (items) => [...u32(items.length), ...items.flat()];
const section = (id, payload) => [id, ...u32(payload.length), ...payload];
const V128 = 0x7b;
const I32 = 0x7f;
const FUNCREF = 0x70;

/**
 * A module of one memory, one table, and functions of the given types and
 * bodies (instruction bytes, without the final `end`).
 * @param {{ params: number[], results: number[], body: number[],
 *   locals?: number[] }[]} funcs
 */
function module(funcs) {
  const types = funcs.map((f) => [0x60, ...vec(f.params), ...vec(f.results)]);
  const bodies = funcs.map((f) => {
    const locals = vec((f.locals ?? []).map((t) => [1, t]));
    const code = [...locals, ...f.body, 0x0b];
    return [...u32(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, i) => u32(i)))),
    ...section(4, vec([[FUNCREF, 0x00, 1]])), // table: funcref, min 1
    ...section(5, vec([[0x00, 1]])), // memory: min 1 page
    ...section(6, vec([[I32, 0x00, 0x41, 0x05, 0x0b]])), // global: i32 = 5
    // a declarative element segment, so ref.func 0 validates
    ...section(9, vec([[0x03, 0x00, ...vec([u32(0)])]])),
    ...section(10, vec(bodies)),
  ]);
}

const get = (i) => [0x20, ...u32(i)];
const simd = (op) => [0xfd, ...u32(op)];
const memarg = (align, offset) => [...u32(align), ...u32(offset)];
const PRE_FMA = [0xfd, 0xaf, 0x01];
const STD_MADD = [0xfd, 0x85, 0x02];

/** Where `needle` occurs in `bytes`. */
function occurrences(bytes, needle) {
  const at = [];
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) at.push(i);
  }
  return at;
}

/** Validates bytes in a child Node with --experimental-wasm-relaxed-simd. */
function validateRelaxed(bytes) {
  const child = spawnSync(
    process.execPath,
    [
      "--experimental-wasm-relaxed-simd",
      "-e",
      `const b = Buffer.from(${JSON.stringify(Buffer.from(bytes).toString("base64"))}, "base64");
       const probe = Buffer.from(${JSON.stringify(Buffer.from(PROBE).toString("base64"))}, "base64");
       console.log(JSON.stringify({ probe: WebAssembly.validate(probe), module: WebAssembly.validate(b) }));`,
    ],
    { encoding: "utf8" },
  );
  if (child.status !== 0) return { probe: false, module: false };
  return JSON.parse(child.stdout);
}

// ---- Fused multiply-adds next to immediates holding the same bytes ----------
// (v128 v128 v128) -> v128: a, b, c on the stack, then fused, inside SIMD
// immediates and an i32.const whose LEB128 is `fd af 01` (22525).
const fusedFunc = {
  params: [V128, V128, V128],
  results: [V128],
  body: [
    ...get(0),
    ...get(1),
    ...get(2),
    ...PRE_FMA,
    // v128.const whose 16 bytes contain fd af 01 twice
    ...simd(12),
    ...[0xfd, 0xaf, 0x01, 0x00, 0xfd, 0xaf, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    // i8x16.shuffle (its opcode 13 = 0x0d) of that constant and b
    ...simd(13),
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    ...get(1),
    ...get(2),
    ...PRE_FMA, // shuffled · b + c
    // i32.const 22525 (LEB128 fd af 01), dropped
    0x41,
    0xfd,
    0xaf,
    0x01,
    0x1a,
  ],
};

test("only the instructions are rewritten, not the immediates that hold the same bytes", () => {
  const bytes = module([fusedFunc]);
  const before = occurrences(bytes, PRE_FMA);
  assert.equal(before.length, 5, "2 instructions, 2 in v128.const, 1 LEB");
  const original = Uint8Array.from(bytes);
  const { rewritten, standard } = standardizeRelaxedSimd(bytes);
  assert.equal(rewritten, 2);
  assert.equal(standard, 0);
  assert.equal(bytes.length, original.length, "same size");
  const changed = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== original[i]) changed.push(i);
  }
  // The two opcodes' LEB bytes only: the first and the fourth occurrence.
  assert.deepEqual(changed, [
    before[0] + 1,
    before[0] + 2,
    before[3] + 1,
    before[3] + 2,
  ]);
  assert.deepEqual(occurrences(bytes, STD_MADD), [before[0], before[3]]);
  assert.equal(occurrences(bytes, PRE_FMA).length, 3);
});

test("a rewritten module validates under --experimental-wasm-relaxed-simd, the original does not", (t) => {
  const bytes = module([fusedFunc]);
  const original = validateRelaxed(bytes);
  standardizeRelaxedSimd(bytes);
  const result = validateRelaxed(bytes);
  if (!result.probe) {
    t.skip(
      `Node ${process.version} with --experimental-wasm-relaxed-simd does not validate relaxed_madd`,
    );
    return;
  }
  assert.equal(original.module, false, "the pre-standard opcode is refused");
  assert.equal(result.module, true);
  assert.equal(standardizeRelaxedSimd(bytes).standard, 2, "idempotent");
});

test("every other kind of instruction is decoded and left as it is", () => {
  // No relaxed SIMD at all, so plain WebAssembly.validate checks that the
  // assembled module is real, and the rewriter must not change a byte.
  // prettier-ignore
  const body = [
    // block / loop / if with block types, br, br_if, br_table
    0x02, 0x40, 0x03, 0x40, ...get(0), 0x0d, 0x01, 0x0c, 0x01, 0x0b, 0x0b,
    0x02, I32, ...get(0), 0x04, I32, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b,
    ...get(0), 0x0e, ...vec([u32(0)]), 0x00, 0x0b,
    0x1a,
    // numeric, sign extension, i64/f32/f64 constants
    ...get(0), 0x41, 0xff, 0xff, 0x03, 0x6a, 0xc0, 0xc1, 0x1a,
    0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x1a,
    0x43, 0xfd, 0xaf, 0x01, 0x00, 0xa8, 0x1a, // f32.const; i32.trunc_f32_s
    0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x1a,
    // 0xfc: saturating truncation, memory.fill / copy, table.size/grow/fill
    0x43, 0, 0, 0x80, 0x3f, 0xfc, 0x00, 0x1a,
    0x41, 0x00, 0x41, 0x00, 0x41, 0x04, 0xfc, 0x0b, 0x00,
    0x41, 0x00, 0x41, 0x08, 0x41, 0x04, 0xfc, 0x0a, 0x00, 0x00,
    0xfc, 0x10, 0x00, 0x1a,
    0xd0, FUNCREF, 0x41, 0x00, 0xfc, 0x0f, 0x00, 0x1a,
    0x41, 0x00, 0xd2, 0x00, 0x41, 0x01, 0xfc, 0x11, 0x00,
    // ref.null / ref.is_null / ref.func, table.get / set, typed select
    0xd0, FUNCREF, 0xd1, 0x1a,
    0x41, 0x00, 0x25, 0x00, 0x1a,
    0x41, 0x00, 0xd2, 0x00, 0x26, 0x00,
    0xd2, 0x00, 0xd0, FUNCREF, ...get(0), 0x1c, ...vec([[FUNCREF]]), 0x1a,
    ...get(0), ...get(0), ...get(0), 0x1b, 0x1a,
    // memory: loads, stores, size, grow (memarg alignment and offsets)
    0x41, 0x00, 0x28, ...memarg(2, 0x81), 0x1a,
    0x41, 0x00, 0x41, 0x07, 0x36, ...memarg(2, 300), 0x3f, 0x00, 0x1a,
    0x41, 0x00, 0x40, 0x00, 0x1a,
    // SIMD: v128.const and i8x16.shuffle with fd af 01 in their bytes
    ...simd(12), 0xfd, 0xaf, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0x21, 0x01,
    ...get(1), ...get(1), ...simd(13),
    ...[15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    0x21, 0x01,
    // SIMD loads and stores 0-11, splat, lanes 21-34, lane loads/stores
    // 84-91, load zero 92-93, and plain ops
    0x41, 0x00, ...simd(0), ...memarg(4, 16), 0x1a,
    0x41, 0x00, ...simd(5), ...memarg(3, 0), 0x1a,
    0x41, 0x00, ...simd(9), ...memarg(2, 4), 0x1a,
    0x41, 0x00, ...get(1), ...simd(11), ...memarg(4, 32),
    ...get(0), ...simd(17), ...simd(27), 0x00, 0x1a,
    ...get(1), 0x43, 0, 0, 0x80, 0x3f, ...simd(32), 0x03,
    ...simd(21), 0x0f, 0x1a,
    0x41, 0x00, ...get(1), ...simd(86), ...memarg(2, 0), 0x02, 0x21, 0x01,
    0x41, 0x00, ...get(1), ...simd(91), ...memarg(3, 8), 0x01,
    0x41, 0x00, ...simd(92), ...memarg(2, 0), 0x21, 0x01,
    0x41, 0x00, ...simd(93), ...memarg(3, 0), 0x21, 0x01,
    ...get(1), ...get(1), ...simd(0xe4), ...simd(0x4d), ...simd(0xff),
    ...simd(0x53), 0x1a,
    // call, call_indirect, local.tee, global.get
    ...get(0), 0x10, 0x00, 0x1a,
    ...get(0), 0x41, 0x00, 0x11, 0x00, 0x00, 0x1a,
    ...get(0), 0x22, 0x02, 0x1a, 0x23, 0x00, 0x1a,
    ...get(0), 0x0f,
  ];
  const bytes = module([
    { params: [I32], results: [I32], locals: [V128, I32], body },
  ]);
  assert.ok(WebAssembly.validate(bytes), "the assembled module is valid");
  const original = Uint8Array.from(bytes);
  assert.deepEqual(standardizeRelaxedSimd(bytes), {
    rewritten: 0,
    standard: 0,
  });
  assert.deepEqual(bytes, original);
});

test("another pre-standard relaxed opcode is an error, not a silent pass", () => {
  for (const op of [0xb0, 0xa5, 0xb2, 0xb4, 0xcf, 0xe2]) {
    const bytes = module([
      {
        params: [V128, V128, V128],
        results: [V128],
        body: [...get(0), ...get(1), ...get(2), ...simd(op)],
      },
    ]);
    assert.throws(
      () => standardizeRelaxedSimd(bytes),
      (e) =>
        e.code === "WASM_REWRITE" &&
        e.message.includes(`0xfd 0x${op.toString(16)}`),
      `0xfd 0x${op.toString(16)}`,
    );
  }
});

test("an unknown opcode or prefix is an error", () => {
  for (const body of [[0xfe, 0x00], [0x27], [0xfd, 0x80, 0x04], [0xfc, 0x12]]) {
    const bytes = module([{ params: [], results: [], body }]);
    assert.throws(() => standardizeRelaxedSimd(bytes), {
      code: "WASM_REWRITE",
    });
  }
});

test("a truncated body is an error", () => {
  const bytes = module([{ params: [], results: [], body: [0x41] }]);
  assert.throws(() => standardizeRelaxedSimd(bytes), { code: "WASM_REWRITE" });
});

const wasmDir = new URL("../../web/lib/wasm/", import.meta.url);
test("the built modules decode whole: mha_core has no relaxed SIMD, mha_core_relaxed only the standard relaxed_madd", (t) => {
  const plain = new URL("mha_core.wasm", wasmDir);
  const relaxed = new URL("mha_core_relaxed.wasm", wasmDir);
  if (!existsSync(relaxed)) {
    t.skip("web/lib/wasm/mha_core_relaxed.wasm is not built");
    return;
  }
  assert.deepEqual(standardizeRelaxedSimd(readFileSync(plain)), {
    rewritten: 0,
    standard: 0,
  });
  const counts = standardizeRelaxedSimd(readFileSync(relaxed));
  assert.equal(counts.rewritten, 0, "the build left no pre-standard opcode");
  assert.ok(counts.standard > 0, `${counts.standard} relaxed_madd`);
  assert.equal(
    WebAssembly.validate(readFileSync(relaxed)),
    relaxedSimdSupported(),
  );
});
