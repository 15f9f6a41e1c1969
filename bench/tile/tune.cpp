// The GEMM tile harness behind cpp/src/kernels/TUNING.md: the register tile
// of cpp/src/kernels/gemm.cpp (MR rows × 8 columns, B packed in 8-wide
// panels, K in blocks of KC, M in blocks of MC) with MR, KC and MC as
// run-time choices, so one module times every configuration in one run.
// Built twice by bench/tile/build.sh: mul+add (-msimd128) and fused
// (-mrelaxed-simd -DFUSED, then scripts/wasm-standard-relaxed.mjs).
// Not part of the core or of CI: a tool to re-tune on another CPU.
#include <emscripten.h>
#include <wasm_simd128.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>
constexpr int kPanel = 8;
#ifdef FUSED
static inline v128_t madd(v128_t a, v128_t b, v128_t c) {
  return __builtin_wasm_fma_f32x4(a, b, c);
}
#else
static inline v128_t madd(v128_t a, v128_t b, v128_t c) {
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), c);
}
#endif
// c[MR × 8] (row stride ldc) = (first ? 0 : c) + a[MR × kc] (row stride lda)
// · b[kc × 8] (one packed panel, 8 floats per k).
template <int MR>
void tile(int kc, const float* a, int lda, const float* b, float* c, int ldc,
          bool first) {
  v128_t lo[MR], hi[MR];
  const float* row[MR];
  for (int r = 0; r < MR; ++r) row[r] = a + r * lda;
  if (!first)
    for (int r = 0; r < MR; ++r) {
      lo[r] = wasm_v128_load(c + r * ldc);
      hi[r] = wasm_v128_load(c + r * ldc + 4);
    }
  else
    for (int r = 0; r < MR; ++r) lo[r] = hi[r] = wasm_f32x4_splat(0.f);
  for (int kk = 0; kk < kc; ++kk) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    b += 8;
    for (int r = 0; r < MR; ++r) {
      const v128_t ar = wasm_v128_load32_splat(row[r] + kk);
      lo[r] = madd(ar, b0, lo[r]);
      hi[r] = madd(ar, b1, hi[r]);
    }
  }
  for (int r = 0; r < MR; ++r) {
    wasm_v128_store(c + r * ldc, lo[r]);
    wasm_v128_store(c + r * ldc + 4, hi[r]);
  }
}
// c: m × n = a: m × k (row-major) · bp: k × n packed in n/8 panels of k × 8.
template <int MR>
void gemm(int m, int n, int k, const float* a, const float* bp, float* c,
          int KC, int MC) {
  const int panels = n / 8;
  for (int k0 = 0; k0 < k; k0 += KC) {
    const int kc = std::min(KC, k - k0);
    for (int m0 = 0; m0 < m; m0 += MC) {
      const int m1 = std::min(m, m0 + MC);
      for (int p = 0; p < panels; ++p) {
        const float* b_p = bp + (long)p * k * 8 + (long)k0 * 8;
        int i = m0;
        for (; i + MR <= m1; i += MR)
          tile<MR>(kc, a + (long)i * k + k0, k, b_p, c + (long)i * n + p * 8, n,
                   k0 == 0);
        for (; i < m1; ++i)
          tile<1>(kc, a + (long)i * k + k0, k, b_p, c + (long)i * n + p * 8, n,
                  k0 == 0);
      }
    }
  }
}
static std::vector<float> A, B, C;
extern "C" {
EMSCRIPTEN_KEEPALIVE void setup(int m, int n, int k) {
  A.assign((size_t)m * k, 0.f);
  B.assign((size_t)k * n, 0.f);
  C.assign((size_t)m * n, 0.f);
  for (size_t i = 0; i < A.size(); ++i)
    A[i] = (float)((i * 7919) % 1000) / 1000.f - 0.5f;
  for (size_t i = 0; i < B.size(); ++i)
    B[i] = (float)((i * 104729) % 1000) / 1000.f - 0.5f;
}
EMSCRIPTEN_KEEPALIVE float run(int mr, int m, int n, int k, int KC, int MC) {
  switch (mr) {
    case 4:
      gemm<4>(m, n, k, A.data(), B.data(), C.data(), KC, MC);
      break;
    case 5:
      gemm<5>(m, n, k, A.data(), B.data(), C.data(), KC, MC);
      break;
    case 6:
      gemm<6>(m, n, k, A.data(), B.data(), C.data(), KC, MC);
      break;
    case 3:
      gemm<3>(m, n, k, A.data(), B.data(), C.data(), KC, MC);
      break;
  }
  return C[0] + C[C.size() - 1];
}
}
