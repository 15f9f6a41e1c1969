// The multiply-add of the kernels: madd(a, b, c) = a·b + c on four floats.
//
// With relaxed SIMD (-mrelaxed-simd, __wasm_relaxed_simd__) it is one fused
// f32x4.relaxed_madd (a single rounding where the CPU has FMA, as on every
// x86-64 with FMA3 and every ARM64); otherwise f32x4.mul then f32x4.add.
// Emscripten 3.1.6's clang 14 spells the fused form __builtin_wasm_fma_f32x4
// and encodes it with the pre-standard opcode;
// scripts/wasm-standard-relaxed.mjs rewrites that opcode to the standard one
// after the link. The operands keep their stack order (a, b, c), which the
// standard instruction reads as a·b + c.
#ifndef MHA_SRC_KERNELS_MADD_H_
#define MHA_SRC_KERNELS_MADD_H_

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

namespace mha::kernels {

inline v128_t madd(v128_t a, v128_t b, v128_t c) {
#ifdef __wasm_relaxed_simd__
  return __builtin_wasm_fma_f32x4(a, b, c);
#else
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), c);
#endif
}

}  // namespace mha::kernels

#endif  // __wasm_simd128__
#endif  // MHA_SRC_KERNELS_MADD_H_
