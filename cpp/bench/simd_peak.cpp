// The wasm SIMD128 peak probe of the benchmark (bench/run.mjs): how many
// f32x4 multiply-adds one core retires per second when nothing but the
// arithmetic limits it. Wasm SIMD128 has no fused multiply-add (relaxed SIMD
// is not in Node 18/20 by default), so a multiply-add is an f32x4.mul and an
// f32x4.add: 8 FLOPs.
//
// The loop: 12 independent accumulators, acc = acc·m + c, all in registers.
// Twelve chains cover the latency of a mul followed by an add on two pipes
// each, so the loop runs at the throughput of the arithmetic alone. (A
// variant shaped like the GEMM's 4 × 8 tile, reading its operands from L1,
// measured lower, so this one is the ceiling.) It takes an iteration count
// and returns a value that depends on every accumulator, so nothing is
// optimised away; JS times the calls.
//
// The relaxed-SIMD build of this file (-mrelaxed-simd, written as
// simd_peak_relaxed.{mjs,wasm}) also has simd_peak_fused_chains: the same 12
// chains with acc = relaxed_madd(acc, m, c), one fused instruction of
// 8 FLOPs, the ceiling of the relaxed kernels (src/kernels/madd.h). Clang 14
// encodes it with the pre-standard opcode; the build rewrites it to the
// standard one (scripts/wasm-standard-relaxed.mjs).
#include <emscripten.h>
#include <wasm_simd128.h>

extern "C" {

// FLOPs of one iteration of simd_peak_chains: 12 f32x4 mul + add.
EMSCRIPTEN_KEEPALIVE int simd_peak_flops_per_iteration() { return 12 * 8; }

EMSCRIPTEN_KEEPALIVE float simd_peak_chains(int iterations) {
  v128_t acc[12];
  for (int j = 0; j < 12; ++j) {
    acc[j] = wasm_f32x4_splat(0.001f * static_cast<float>(j));
  }
  const v128_t m = wasm_f32x4_splat(0.999f);
  const v128_t c = wasm_f32x4_splat(0.001f);
  for (int i = 0; i < iterations; ++i) {
    for (int j = 0; j < 12; ++j) {
      acc[j] = wasm_f32x4_add(wasm_f32x4_mul(acc[j], m), c);
    }
  }
  v128_t sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = wasm_f32x4_add(sum, acc[j]);
  return wasm_f32x4_extract_lane(sum, 0);
}

#ifdef __wasm_relaxed_simd__

// FLOPs of one iteration of simd_peak_fused_chains: 12 fused f32x4 madds.
EMSCRIPTEN_KEEPALIVE int simd_peak_fused_flops_per_iteration() {
  return 12 * 8;
}

EMSCRIPTEN_KEEPALIVE float simd_peak_fused_chains(int iterations) {
  v128_t acc[12];
  for (int j = 0; j < 12; ++j) {
    acc[j] = wasm_f32x4_splat(0.001f * static_cast<float>(j));
  }
  const v128_t m = wasm_f32x4_splat(0.999f);
  const v128_t c = wasm_f32x4_splat(0.001f);
  for (int i = 0; i < iterations; ++i) {
    for (int j = 0; j < 12; ++j) {
      // Stack order (acc, m, c): acc·m + c.
      acc[j] = __builtin_wasm_fma_f32x4(acc[j], m, c);
    }
  }
  v128_t sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = wasm_f32x4_add(sum, acc[j]);
  return wasm_f32x4_extract_lane(sum, 0);
}

#endif  // __wasm_relaxed_simd__

}  // extern "C"
