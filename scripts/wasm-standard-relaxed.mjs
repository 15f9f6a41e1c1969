// Rewrites the pre-standard relaxed-SIMD fused multiply-add of a wasm module
// to the standard opcode, in place.
//
// Why: Emscripten 3.1.6's clang 14 compiles __builtin_wasm_fma_f32x4 (with
// -mrelaxed-simd) to the pre-standard f32x4.relaxed_fma, 0xfd 0xaf (LEB128
// `af 01`), which binaryen 108 optimises but V8 rejects ("invalid simd
// opcode"). The standard f32x4.relaxed_madd is 0xfd 0x105 (`85 02`): the same
// two LEB bytes long, so the rewrite changes no size. Both read their stack
// operands (a, b, c); the standard one computes a·b + c, which is how the
// kernels' madd (cpp/src/kernels/madd.h) is written. clang 16 emits the
// standard encoding, but binaryen 108 (every emcc link) cannot parse it.
//
// The code section is decoded instruction by instruction, so bytes inside
// immediates (v128.const, i8x16.shuffle, LEB128 indices and constants) are
// never touched. Any other pre-standard relaxed opcode, and any opcode this
// decoder does not know, is an Error: better a failed build than a module
// whose meaning changed.
//
//   node scripts/wasm-standard-relaxed.mjs <in.wasm> [out.wasm]
// rewrites in.wasm (or writes out.wasm) and prints how many instructions it
// rewrote; it fails when the module holds no fused multiply-add at all (a
// relaxed build without one means -mrelaxed-simd did not take effect).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The pre-standard f32x4.relaxed_fma and the standard f32x4.relaxed_madd. */
export const PRE_STANDARD_FMA = 0xaf;
export const STANDARD_MADD = 0x105;

// SIMD opcodes (after 0xfd) of the final SIMD128 proposal with no immediate.
// The holes in 0..255 are where the pre-standard relaxed instructions lived.
const SIMD_HOLES = new Set([
  154, 162, 165, 166, 175, 176, 178, 179, 180, 187, 194, 197, 198, 207, 208,
  210, 211, 212, 226, 238,
]);
// Standard relaxed SIMD: 0x100..0x113, none with an immediate.
const RELAXED_FIRST = 0x100;
const RELAXED_LAST = 0x113;

class Reader {
  /** @param {Uint8Array} bytes @param {number} pos @param {number} end */
  constructor(bytes, pos, end) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    /** Open blocks of a function body: the body itself, block, loop, if, try. */
    this.depth = 1;
  }
  fail(message) {
    const error = new Error(`${message} at byte 0x${this.pos.toString(16)}`);
    error.code = "WASM_REWRITE";
    return error;
  }
  byte() {
    if (this.pos >= this.end) throw this.fail("unexpected end");
    return this.bytes[this.pos++];
  }
  skip(n) {
    if (this.pos + n > this.end) throw this.fail("unexpected end");
    this.pos += n;
  }
  /** An unsigned LEB128 of at most 32 bits. */
  u32() {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; ++i) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw this.fail("LEB128 longer than 5 bytes");
  }
  /** A signed LEB128 of at most `bits` bits, skipped. */
  signed(bits) {
    const max = Math.ceil(bits / 7);
    for (let i = 0; i < max; ++i) {
      if ((this.byte() & 0x80) === 0) return;
    }
    throw this.fail(`LEB128 longer than ${max} bytes`);
  }
  memarg() {
    const align = this.u32();
    if (align & 0x40) this.u32(); // multi-memory: a memory index follows
    this.u32(); // offset
  }
  blockType() {
    const b = this.bytes[this.pos];
    // 0x40 (empty) or a single value type; else a type index (s33).
    if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) this.skip(1);
    else this.signed(33);
  }
}

/**
 * Decodes one SIMD instruction whose 0xfd prefix has been read, rewriting a
 * pre-standard f32x4.relaxed_fma. Returns 1 when it rewrote, 0 otherwise.
 * @param {Reader} r @param {{ standard: number }} counts
 */
function simd(r, counts) {
  const at = r.pos;
  const op = r.u32();
  if (op <= 11) r.memarg();
  else if (op === 12 || op === 13) r.skip(16);
  else if (op >= 21 && op <= 34) r.skip(1);
  else if (op >= 84 && op <= 91) {
    r.memarg();
    r.skip(1);
  } else if (op === 92 || op === 93) r.memarg();
  else if (op === PRE_STANDARD_FMA) {
    if (r.pos - at !== 2) throw r.fail("non-canonical LEB128 for 0xfd 0xaf");
    r.bytes[at] = 0x85;
    r.bytes[at + 1] = 0x02;
    return 1;
  } else if (op >= RELAXED_FIRST && op <= RELAXED_LAST) {
    if (op === STANDARD_MADD) counts.standard += 1;
  } else if (op > 255 || SIMD_HOLES.has(op)) {
    r.pos = at;
    throw r.fail(
      `pre-standard relaxed-SIMD or unknown opcode 0xfd 0x${op.toString(16)} (only f32x4.relaxed_fma, 0xaf, is rewritten)`,
    );
  }
  return 0;
}

/** Decodes one 0xfc instruction whose prefix has been read. @param {Reader} r */
function misc(r) {
  const op = r.u32();
  if (op <= 7) return; // saturating truncations
  switch (op) {
    case 8: // memory.init data memory
    case 10: // memory.copy memory memory
    case 12: // table.init elem table
    case 14: // table.copy table table
      r.u32();
      r.u32();
      return;
    case 9: // data.drop
    case 11: // memory.fill
    case 13: // elem.drop
    case 15: // table.grow
    case 16: // table.size
    case 17: // table.fill
      r.u32();
      return;
    default:
      throw r.fail(`unknown opcode 0xfc 0x${op.toString(16)}`);
  }
}

/**
 * Decodes one instruction. Returns how many it rewrote (0 or 1).
 * @param {Reader} r @param {{ standard: number }} counts
 */
function instruction(r, counts) {
  const at = r.pos;
  const op = r.byte();
  if (op === 0x0b) {
    r.depth -= 1;
    return 0;
  }
  if (op <= 0x01 || op === 0x05 || op === 0x0f) return 0;
  if (op >= 0x45 && op <= 0xc4) return 0; // numeric, sign extension
  switch (op) {
    case 0x02: // block
    case 0x03: // loop
    case 0x04: // if
    case 0x06: // try
      r.blockType();
      r.depth += 1;
      return 0;
    case 0x07: // catch tag
    case 0x08: // throw tag
    case 0x09: // rethrow depth
    case 0x0c: // br
    case 0x0d: // br_if
    case 0x10: // call
    case 0x12: // return_call
    case 0x18: // delegate
    case 0x20: // local.get
    case 0x21: // local.set
    case 0x22: // local.tee
    case 0x23: // global.get
    case 0x24: // global.set
    case 0x25: // table.get
    case 0x26: // table.set
    case 0x3f: // memory.size
    case 0x40: // memory.grow
    case 0xd2: // ref.func
      r.u32();
      return 0;
    case 0x0e: {
      // br_table: a vector of labels and the default
      const n = r.u32();
      for (let i = 0; i <= n; ++i) r.u32();
      return 0;
    }
    case 0x11: // call_indirect type table
    case 0x13: // return_call_indirect
      r.u32();
      r.u32();
      return 0;
    case 0x19: // catch_all
    case 0x1a: // drop
    case 0x1b: // select
    case 0xd1: // ref.is_null
      return 0;
    case 0x1c: // typed select: a vector of value types
      r.skip(r.u32());
      return 0;
    case 0x41:
      r.signed(32);
      return 0;
    case 0x42:
      r.signed(64);
      return 0;
    case 0x43:
      r.skip(4);
      return 0;
    case 0x44:
      r.skip(8);
      return 0;
    case 0xd0: // ref.null reftype
      r.skip(1);
      return 0;
    case 0xfc:
      misc(r);
      return 0;
    case 0xfd:
      return simd(r, counts);
    default:
      if (op >= 0x28 && op <= 0x3e) {
        r.memarg();
        return 0;
      }
  }
  r.pos = at;
  throw r.fail(`unknown opcode 0x${op.toString(16)}`);
}

/**
 * Rewrites every pre-standard f32x4.relaxed_fma of a module to the standard
 * f32x4.relaxed_madd, in place.
 * @param {Uint8Array} bytes a whole .wasm file
 * @returns {{ rewritten: number, standard: number }} instructions rewritten,
 *   and standard relaxed_madd instructions already there
 */
export function standardizeRelaxedSimd(bytes) {
  const counts = { rewritten: 0, standard: 0 };
  const file = new Reader(bytes, 0, bytes.length);
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const b of header) {
    if (file.byte() !== b) throw file.fail("not a wasm 1.0 module");
  }
  while (file.pos < bytes.length) {
    const id = file.byte();
    const size = file.u32();
    const end = file.pos + size;
    if (end > bytes.length) throw file.fail("section runs past the end");
    if (id === 10) {
      const code = new Reader(bytes, file.pos, end);
      const bodies = code.u32();
      for (let f = 0; f < bodies; ++f) {
        const bodySize = code.u32();
        const bodyEnd = code.pos + bodySize;
        const body = new Reader(bytes, code.pos, bodyEnd);
        const groups = body.u32();
        for (let g = 0; g < groups; ++g) {
          body.u32(); // count
          body.skip(1); // value type
        }
        // Instructions until the `end` that closes the body, which must be
        // its last byte.
        while (body.depth > 0) {
          counts.rewritten += instruction(body, counts);
        }
        if (body.pos !== bodyEnd) throw body.fail("bytes after the body's end");
        code.pos = bodyEnd;
      }
      if (code.pos !== end) throw code.fail("code section size mismatch");
    }
    file.pos = end;
  }
  return counts;
}

function main(argv) {
  const [input, output = input] = argv;
  if (!input) {
    console.error("usage: wasm-standard-relaxed.mjs <in.wasm> [out.wasm]");
    return 2;
  }
  const bytes = new Uint8Array(readFileSync(input));
  const { rewritten, standard } = standardizeRelaxedSimd(bytes);
  if (rewritten + standard === 0) {
    console.error(
      `${input}: no f32x4 fused multiply-add found; was it compiled with -mrelaxed-simd?`,
    );
    return 1;
  }
  writeFileSync(output, bytes);
  console.log(
    `${output}: ${rewritten} f32x4.relaxed_fma rewritten to relaxed_madd` +
      (standard ? ` (${standard} already standard)` : ""),
  );
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
