// The packed GEMM of kernels.h: C (m × n) = A (m × k) · B (k × n, packed in
// column panels of 8) + bias.
//
// Blocking, from the outside in:
//   1. K in blocks of kKC = 256: a panel's block is 256 × 8 floats = 8 KB,
//      which stays in L1 while it is used for every row of an M block;
//   2. M in blocks of kMC = 128 rows: their K block of A (128 KB) stays in L2;
//   3. each panel of 8 columns;
//   4. rows four at a time: a 4 × 8 register tile (8 f32x4 accumulators,
//      2 B vectors and a broadcast A value: 11 of the 16 xmm registers V8
//      has on x86-64, so nothing spills). Each step is madd (madd.h): fused
//      in the relaxed-SIMD build, a mul and an add otherwise.
// The first K block starts the tile from the bias (or 0); later blocks load
// the partial sums back from C. A panel narrower than 8 columns (the last
// one, when 8 does not divide n) is computed in full on its zero padding
// and stored through a small buffer.
#include <algorithm>
#include <cstring>

#include "mha/kernels.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

#include "madd.h"
#endif

namespace mha::kernels {
namespace {

constexpr int kMR = 4;
constexpr int kKC = 256;
constexpr int kMC = 128;

// Where a tile's accumulators start: zero, the bias, or C's partial sums.
enum class Start { kZero, kBias, kC };

#ifdef __wasm_simd128__

// Loads 8 floats of a row, of which only `cols` exist.
inline void load8(const float* p, int cols, v128_t* lo, v128_t* hi) {
  if (cols == kPanel) {
    *lo = wasm_v128_load(p);
    *hi = wasm_v128_load(p + 4);
    return;
  }
  float buffer[kPanel] = {};
  std::memcpy(buffer, p, sizeof(float) * static_cast<std::size_t>(cols));
  *lo = wasm_v128_load(buffer);
  *hi = wasm_v128_load(buffer + 4);
}

inline void store8(float* p, int cols, v128_t lo, v128_t hi) {
  if (cols == kPanel) {
    wasm_v128_store(p, lo);
    wasm_v128_store(p + 4, hi);
    return;
  }
  float buffer[kPanel];
  wasm_v128_store(buffer, lo);
  wasm_v128_store(buffer + 4, hi);
  std::memcpy(p, buffer, sizeof(float) * static_cast<std::size_t>(cols));
}

// One MR × 8 tile over kc steps of K.
//   a: MR × kc (row stride lda); b: kc × 8 (a panel's block); c: MR × cols.
template <int MR>
void tile(int kc, const float* a, int lda, const float* b, int b_step, float* c,
          int ldc, int cols, Start start, const float* bias) {
  v128_t lo[MR], hi[MR];
  const float* row[MR];
  for (int r = 0; r < MR; ++r)
    row[r] = a + static_cast<std::ptrdiff_t>(r) * lda;
  if (start == Start::kC) {
    for (int r = 0; r < MR; ++r) {
      load8(c + static_cast<std::ptrdiff_t>(r) * ldc, cols, &lo[r], &hi[r]);
    }
  } else if (start == Start::kBias) {
    v128_t b0, b1;
    load8(bias, cols, &b0, &b1);
    for (int r = 0; r < MR; ++r) {
      lo[r] = b0;
      hi[r] = b1;
    }
  } else {
    for (int r = 0; r < MR; ++r) lo[r] = hi[r] = wasm_f32x4_splat(0.0f);
  }
  for (int kk = 0; kk < kc; ++kk) {
    const v128_t b0 = wasm_v128_load(b);
    const v128_t b1 = wasm_v128_load(b + 4);
    b += b_step;
    for (int r = 0; r < MR; ++r) {
      const v128_t ar = wasm_v128_load32_splat(row[r] + kk);
      lo[r] = madd(ar, b0, lo[r]);
      hi[r] = madd(ar, b1, hi[r]);
    }
  }
  for (int r = 0; r < MR; ++r) {
    store8(c + static_cast<std::ptrdiff_t>(r) * ldc, cols, lo[r], hi[r]);
  }
}

#else  // Portable tile, in GCC/Clang vector extensions (SSE2 on x86-64).

typedef float V4 __attribute__((vector_size(16)));

inline V4 load4(const float* p) {
  V4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void load8(const float* p, int cols, V4* lo, V4* hi) {
  float buffer[kPanel] = {};
  std::memcpy(buffer, p, sizeof(float) * static_cast<std::size_t>(cols));
  *lo = load4(buffer);
  *hi = load4(buffer + 4);
}

inline void store8(float* p, int cols, V4 lo, V4 hi) {
  float buffer[kPanel];
  std::memcpy(buffer, &lo, sizeof lo);
  std::memcpy(buffer + 4, &hi, sizeof hi);
  std::memcpy(p, buffer, sizeof(float) * static_cast<std::size_t>(cols));
}

template <int MR>
void tile(int kc, const float* a, int lda, const float* b, int b_step, float* c,
          int ldc, int cols, Start start, const float* bias) {
  V4 lo[MR], hi[MR];
  if (start == Start::kC) {
    for (int r = 0; r < MR; ++r) load8(c + r * ldc, cols, &lo[r], &hi[r]);
  } else if (start == Start::kBias) {
    V4 b0, b1;
    load8(bias, cols, &b0, &b1);
    for (int r = 0; r < MR; ++r) {
      lo[r] = b0;
      hi[r] = b1;
    }
  } else {
    for (int r = 0; r < MR; ++r) lo[r] = hi[r] = V4{0, 0, 0, 0};
  }
  for (int kk = 0; kk < kc; ++kk) {
    const V4 b0 = load4(b);
    const V4 b1 = load4(b + 4);
    b += b_step;
    for (int r = 0; r < MR; ++r) {
      const float ar = a[static_cast<std::ptrdiff_t>(r) * lda + kk];
      const V4 av = {ar, ar, ar, ar};
      lo[r] += av * b0;
      hi[r] += av * b1;
    }
  }
  for (int r = 0; r < MR; ++r) store8(c + r * ldc, cols, lo[r], hi[r]);
}

#endif

}  // namespace

bool simd128() {
#ifdef __wasm_simd128__
  return true;
#else
  return false;
#endif
}

bool relaxed_simd() {
#if defined(__wasm_simd128__) && defined(__wasm_relaxed_simd__)
  return true;
#else
  return false;
#endif
}

std::size_t packed_size(int k, int n) {
  return static_cast<std::size_t>(k) * kPanel *
         static_cast<std::size_t>((n + kPanel - 1) / kPanel);
}

void pack_b(int k, int n, const float* b, int ldb, float* packed) {
  for (int col0 = 0; col0 < n; col0 += kPanel) {
    const int cols = std::min(kPanel, n - col0);
    for (int r = 0; r < k; ++r) {
      const float* src = b + static_cast<std::ptrdiff_t>(r) * ldb + col0;
      int j = 0;
      for (; j < cols; ++j) packed[j] = src[j];
      for (; j < kPanel; ++j) packed[j] = 0.0f;
      packed += kPanel;
    }
  }
}

void pack_bt(int k, int n, const float* bt, int ldbt, float* packed) {
  for (int col0 = 0; col0 < n; col0 += kPanel) {
    const int cols = std::min(kPanel, n - col0);
    for (int j = 0; j < kPanel; ++j) {
      if (j < cols) {
        const float* src = bt + static_cast<std::ptrdiff_t>(col0 + j) * ldbt;
        for (int r = 0; r < k; ++r) packed[r * kPanel + j] = src[r];
      } else {
        for (int r = 0; r < k; ++r) packed[r * kPanel + j] = 0.0f;
      }
    }
    packed += static_cast<std::ptrdiff_t>(k) * kPanel;
  }
}

namespace {

// The blocked product over B's panels wherever they are: panel p's rows
// start at b + p·panel_stride and are row_stride floats apart (8 and
// b_depth·8 when packed; ldb and 8 for a row-major B read in place).
void gemm_panels(int m, int n, int k, const float* a, int lda, const float* b,
                 std::ptrdiff_t panel_stride, int row_stride, const float* bias,
                 float* c, int ldc) {
  const int panels = (n + kPanel - 1) / kPanel;
  for (int k0 = 0; k0 < k; k0 += kKC) {
    const int kc = std::min(kKC, k - k0);
    const Start start =
        k0 > 0 ? Start::kC : (bias != nullptr ? Start::kBias : Start::kZero);
    for (int m0 = 0; m0 < m; m0 += kMC) {
      const int m1 = std::min(m, m0 + kMC);
      for (int p = 0; p < panels; ++p) {
        const float* b_p = b + static_cast<std::ptrdiff_t>(p) * panel_stride +
                           static_cast<std::ptrdiff_t>(k0) * row_stride;
        const int cols = std::min(kPanel, n - p * kPanel);
        const float* bias_p = bias != nullptr ? bias + p * kPanel : nullptr;
        float* c_p = c + p * kPanel;
        int i = m0;
        const auto a_at = [&](int row) {
          return a + static_cast<std::ptrdiff_t>(row) * lda + k0;
        };
        const auto c_at = [&](int row) {
          return c_p + static_cast<std::ptrdiff_t>(row) * ldc;
        };
        for (; i + kMR <= m1; i += kMR) {
          tile<kMR>(kc, a_at(i), lda, b_p, row_stride, c_at(i), ldc, cols,
                    start, bias_p);
        }
        switch (m1 - i) {
          case 3:
            tile<3>(kc, a_at(i), lda, b_p, row_stride, c_at(i), ldc, cols,
                    start, bias_p);
            break;
          case 2:
            tile<2>(kc, a_at(i), lda, b_p, row_stride, c_at(i), ldc, cols,
                    start, bias_p);
            break;
          case 1:
            tile<1>(kc, a_at(i), lda, b_p, row_stride, c_at(i), ldc, cols,
                    start, bias_p);
            break;
          default:
            break;
        }
      }
    }
  }
}

}  // namespace

void gemm_packed(int m, int n, int k, const float* a, int lda,
                 const float* b_packed, int b_depth, const float* bias,
                 float* c, int ldc) {
  gemm_panels(m, n, k, a, lda, b_packed,
              static_cast<std::ptrdiff_t>(b_depth) * kPanel, kPanel, bias, c,
              ldc);
}

void gemm_row_major(int m, int n, int k, const float* a, int lda,
                    const float* b, int ldb, const float* bias, float* c,
                    int ldc) {
  gemm_panels(m, n, k, a, lda, b, kPanel, ldb, bias, c, ldc);
}

}  // namespace mha::kernels
