// Does this engine run relaxed SIMD? A probe for the module loader
// (web/lib/mha.js) and for the test runner of the relaxed C++ tests
// (scripts/run-relaxed-wasm.mjs).
//
// The probe is the smallest module holding the one relaxed instruction the
// kernels use, f32x4.relaxed_madd (0xfd 0x105, LEB128 `85 02`):
//   (func (param v128 v128 v128) (result v128)
//     local.get 0  local.get 1  local.get 2  f32x4.relaxed_madd)
// Chromium validates it by default; Node 20 only with
// --experimental-wasm-relaxed-simd.

/** The probe module's bytes. */
// prettier-ignore
export const RELAXED_SIMD_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  // type section: one type (v128 v128 v128) -> v128
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  // code section: one body, no locals
  0x0a, 0x0d, 0x01, 0x0b, 0x00,
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0x0b, // end
);

/**
 * True when WebAssembly validates the probe: the relaxed-SIMD module
 * (mha_core_relaxed) will compile here.
 * @returns {boolean}
 */
export function relaxedSimdSupported() {
  try {
    return WebAssembly.validate(RELAXED_SIMD_PROBE);
  } catch {
    return false;
  }
}
