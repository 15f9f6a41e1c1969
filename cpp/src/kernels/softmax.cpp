// The fused softmax of kernels.h: scale, mask, subtract the row maximum,
// exponentiate, normalise; one row at a time, so the row stays in L1.
//
// exp under SIMD128 is the Cephes expf scheme on four lanes: write
// x = k·ln2 + r with k = round(x / ln2) and |r| ≤ ln2/2, take a degree-6
// polynomial for e^r, and multiply by 2^k built in the exponent bits. Its
// relative error is below 2e-7 on the softmax's range x ≤ 0; inputs below
// ln(FLT_MIN) ≈ -87.3 (masked cells are -infinity) give exactly 0.
// Every multiply-then-add is madd (madd.h): fused in the relaxed-SIMD build.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "mha/kernels.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

#include "madd.h"
#endif

namespace mha::kernels {
namespace {

constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
// Below ln(FLT_MIN) the result would be denormal: treated as 0.
constexpr float kExpLow = -87.33654f;

#ifdef __wasm_simd128__

inline v128_t exp4(v128_t x) {
  const v128_t keep = wasm_f32x4_ge(x, wasm_f32x4_splat(kExpLow));
  x = wasm_f32x4_max(x, wasm_f32x4_splat(kExpLow));
  // 1. k = round(x · log2(e)) by the magic-number trick: adding
  //    1.5·2^23 + 127 leaves k + 127 in the low mantissa bits, so shifting
  //    them into the exponent field gives 2^k with no float-to-int
  //    conversion (k ≥ -126 here, so the exponent is ≥ 1).
  const v128_t magic = wasm_f32x4_splat(12583039.0f);  // 0x1.8000FEp23
  v128_t k = madd(x, wasm_f32x4_splat(1.44269504088896341f), magic);
  const v128_t two_k = wasm_i32x4_shl(k, 23);
  k = wasm_f32x4_sub(k, magic);
  // 2. r = x - k·ln2, with ln2 split in two so that k·ln2_hi is exact:
  //    r = k·(-ln2_hi) + x, then k·(-ln2_lo) + r.
  v128_t r = madd(k, wasm_f32x4_splat(-0.693359375f), x);
  r = madd(k, wasm_f32x4_splat(2.12194440e-4f), r);
  // 3. e^r ≈ 1 + r + r²·P(r).
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = madd(p, r, wasm_f32x4_splat(1.3981999507e-3f));
  p = madd(p, r, wasm_f32x4_splat(8.3334519073e-3f));
  p = madd(p, r, wasm_f32x4_splat(4.1665795894e-2f));
  p = madd(p, r, wasm_f32x4_splat(1.6666665459e-1f));
  p = madd(p, r, wasm_f32x4_splat(5.0000001201e-1f));
  const v128_t r2 = wasm_f32x4_mul(r, r);
  p = wasm_f32x4_add(madd(p, r2, r), wasm_f32x4_splat(1.0f));
  // 4. · 2^k; cells below ln(FLT_MIN) are 0.
  return wasm_v128_and(wasm_f32x4_mul(p, two_k), keep);
}

inline float horizontal_max(v128_t v) {
  const float a =
      std::max(wasm_f32x4_extract_lane(v, 0), wasm_f32x4_extract_lane(v, 1));
  const float b =
      std::max(wasm_f32x4_extract_lane(v, 2), wasm_f32x4_extract_lane(v, 3));
  return std::max(a, b);
}

inline float horizontal_sum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// The same polynomial on one float, for the last (cols % 4) cells.
inline float exp1(float x) {
  float lanes[4] = {x, kMinusInf, kMinusInf, kMinusInf};
  wasm_v128_store(lanes, exp4(wasm_v128_load(lanes)));
  return lanes[0];
}

#else

inline float exp1(float x) { return x < kExpLow ? 0.0f : std::exp(x); }

#endif

// Step 1 of a row: scale, mask, and return the largest score.
//   row: the first `visible` cells are scaled and masked in place.
float scale_mask_max(float* row, int visible, float scale,
                     const std::uint8_t* keep) {
  float max = kMinusInf;
  int j = 0;
#ifdef __wasm_simd128__
  v128_t vmax = wasm_f32x4_splat(kMinusInf);
  const v128_t vscale = wasm_f32x4_splat(scale);
  for (; j + 4 <= visible; j += 4) {
    v128_t v = wasm_f32x4_mul(wasm_v128_load(row + j), vscale);
    if (keep != nullptr) {
      // Lanes whose keep flag is 0 become -infinity.
      const v128_t flags =
          wasm_u32x4_make(keep[j], keep[j + 1], keep[j + 2], keep[j + 3]);
      const v128_t hidden = wasm_i32x4_eq(flags, wasm_i32x4_splat(0));
      v = wasm_v128_bitselect(wasm_f32x4_splat(kMinusInf), v, hidden);
    }
    wasm_v128_store(row + j, v);
    vmax = wasm_f32x4_max(vmax, v);
  }
  max = horizontal_max(vmax);
#endif
  for (; j < visible; ++j) {
    const float v =
        keep != nullptr && keep[j] == 0 ? kMinusInf : row[j] * scale;
    row[j] = v;
    max = std::max(max, v);
  }
  return max;
}

// Step 1 without a mask to write: the largest of the raw (unscaled) cells.
float raw_max(const float* row, int visible) {
  float max = kMinusInf;
  int j = 0;
#ifdef __wasm_simd128__
  v128_t m0 = wasm_f32x4_splat(kMinusInf), m1 = m0;
  for (; j + 8 <= visible; j += 8) {
    m0 = wasm_f32x4_max(m0, wasm_v128_load(row + j));
    m1 = wasm_f32x4_max(m1, wasm_v128_load(row + j + 4));
  }
  max = horizontal_max(wasm_f32x4_max(m0, m1));
#endif
  for (; j < visible; ++j) max = std::max(max, row[j]);
  return max;
}

// Step 2: row[j] = exp(row[j]·scale - shift), returning the sum.
float exp_shifted_sum(float* row, int visible, float scale, float shift) {
  float sum = 0.0f;
  int j = 0;
#ifdef __wasm_simd128__
  v128_t vsum = wasm_f32x4_splat(0.0f);
  const v128_t vscale = wasm_f32x4_splat(scale);
  const v128_t vminus_shift = wasm_f32x4_splat(-shift);
  for (; j + 4 <= visible; j += 4) {
    const v128_t e = exp4(madd(wasm_v128_load(row + j), vscale, vminus_shift));
    wasm_v128_store(row + j, e);
    vsum = wasm_f32x4_add(vsum, e);
  }
  sum = horizontal_sum(vsum);
#endif
  for (; j < visible; ++j) {
    row[j] = exp1(row[j] * scale - shift);
    sum += row[j];
  }
  return sum;
}

void scale_row(float* row, int visible, float factor) {
  int j = 0;
#ifdef __wasm_simd128__
  const v128_t f = wasm_f32x4_splat(factor);
  for (; j + 4 <= visible; j += 4) {
    wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), f));
  }
#endif
  for (; j < visible; ++j) row[j] *= factor;
}

}  // namespace

void softmax_rows_fused(int rows, int cols, float* s, int lds, float scale,
                        int first_query, const RowMask& mask, float* scores_out,
                        int ld_scores, float* inv_sums) {
  for (int r = 0; r < rows; ++r) {
    float* row = s + static_cast<std::ptrdiff_t>(r) * lds;
    // Causal: keys after the query are masked; they are the row's tail.
    const int query = first_query + r;
    const int visible = mask.causal ? std::clamp(query + 1, 0, cols) : cols;
    // 1. The maximum of the scores. With nothing to mask or write, the raw
    //    row is only read, and scaling waits for step 2 (scale > 0, so the
    //    largest raw cell is the largest score).
    const bool in_place = mask.keep != nullptr || scores_out != nullptr;
    float max, row_scale;
    if (in_place) {
      max = scale_mask_max(row, visible, scale, mask.keep);
      row_scale = 1.0f;
      std::fill(row + visible, row + cols, kMinusInf);
      if (scores_out != nullptr) {
        std::memcpy(scores_out + static_cast<std::ptrdiff_t>(r) * ld_scores,
                    row, sizeof(float) * static_cast<std::size_t>(cols));
      }
    } else {
      max = visible > 0 ? raw_max(row, visible) * scale : kMinusInf;
      row_scale = scale;
    }
    std::fill(row + visible, row + cols, 0.0f);
    // Every cell masked: a row of zeros, never NaN.
    if (max == kMinusInf) {
      std::fill(row, row + visible, 0.0f);
      if (inv_sums != nullptr) inv_sums[r] = 0.0f;
      continue;
    }
    // 2. Shifted exponentials (each ≤ 1, so nothing overflows) and their
    //    sum (≥ 1: the maximum contributes e^0).
    const float sum = exp_shifted_sum(row, visible, row_scale, max);
    // 3. Normalise, or leave it to the caller.
    if (inv_sums != nullptr) {
      inv_sums[r] = 1.0f / sum;
    } else {
      scale_row(row, visible, 1.0f / sum);
    }
  }
}

void exp_inplace(int n, float* x) {
  int j = 0;
#ifdef __wasm_simd128__
  for (; j + 4 <= n; j += 4) {
    wasm_v128_store(x + j, exp4(wasm_v128_load(x + j)));
  }
#endif
  for (; j < n; ++j) x[j] = exp1(x[j]);
}

}  // namespace mha::kernels
