// The hot loops of attention, hand-written for WebAssembly SIMD128.
//
// Eigen 3.4 has no wasm SIMD backend: compiled with -msimd128 it runs
// auto-vectorised scalar code at about 30% of the f32x4 ceiling. These
// kernels are what the lean forward (lean.h) and the full forward
// (multi_head.h) run instead:
//
//   - gemm_packed: C = A·B (+ bias), with B packed once into column panels of
//     kPanel = 8 floats. The inner 4 × 8 tile keeps its 8 accumulators in
//     registers and reads B from L1; K and M are blocked for the caches.
//     Used for the projections (X·W), Q·Kᵀ and weights·V of each head.
//   - pack_b / pack_bt: B, or the transpose of a row-major matrix, into that
//     panel layout (weights once; K and V of each head per call).
//   - softmax_rows_fused: scale, mask (causal and key padding), stable
//     softmax, in one pass over each row, with an f32x4 exp.
//   - all_finite: the finiteness test behind every check of a result.
//
// Under Emscripten with -msimd128 (__wasm_simd128__) the kernels use
// <wasm_simd128.h>; every other build (native g++) compiles the portable
// form beside them (GCC/Clang vector extensions for the tile, std::exp for
// the softmax), which gives the same numbers up to rounding. With
// -mrelaxed-simd as well (__wasm_relaxed_simd__, the mha_core_relaxed
// module) every multiply-add of the kernels is fused (src/kernels/madd.h). The
// Eigen implementation (multi_head_attention_reference) stays the reference the
// tests compare both against.
//
// Layout of a packed B (k × n): ceil(n / 8) panels, panel p holding columns
// [8p, 8p + 8) for every row, row-major within the panel:
//   packed[p·k·8 + r·8 + c] = B(r, 8p + c), zero where 8p + c ≥ n.
// All matrices are row-major floats; `ld*` is the distance in floats between
// the starts of two consecutive rows (≥ the number of columns), so a head's
// columns of a wider matrix can be passed without copying.
#ifndef MHA_KERNELS_H_
#define MHA_KERNELS_H_

#include <cstddef>
#include <cstdint>

namespace mha::kernels {

// Columns per packed panel of B.
inline constexpr int kPanel = 8;

// True when this build runs the SIMD128 kernels (wasm with -msimd128).
bool simd128();

// True when this build's kernels also use relaxed SIMD (wasm with
// -msimd128 -mrelaxed-simd): the tile's and the exp's multiply-adds are one
// fused f32x4.relaxed_madd each. Its numbers differ from simd128's by
// rounding only (one rounding instead of two per multiply-add).
bool relaxed_simd();

// Floats a packed k × n matrix occupies: k · 8 · ceil(n / 8).
std::size_t packed_size(int k, int n);

// Packs b (k × n, row stride ldb) into panels.
// packed: packed_size(k, n) floats.
void pack_b(int k, int n, const float* b, int ldb, float* packed);

// Packs the transpose of bt (n × k, row stride ldbt), i.e. B = btᵀ (k × n),
// into panels: the keys of a head, so that Q·Kᵀ is gemm_packed(Q, Kᵀ).
// packed: packed_size(k, n) floats.
void pack_bt(int k, int n, const float* bt, int ldbt, float* packed);

// c = a · b + bias, where b is packed (pack_b / pack_bt).
//   a:    m × k, row stride lda
//   b:    k × n: rows [0, k) of a matrix packed with depth b_depth ≥ k
//         rows, so panel p starts at b_packed + p·b_depth·8. Pass
//         b_packed + r0·8 to start at row r0 (a head's rows of W^O).
//   bias: n floats, added to every row; nullptr for none
//   c:    m × n, row stride ldc; overwritten (never read)
// m, n, k ≥ 1. c must not overlap a or b.
void gemm_packed(int m, int n, int k, const float* a, int lda,
                 const float* b_packed, int b_depth, const float* bias,
                 float* c, int ldc);

// c = a · b + bias with b row-major, read in place (no packing): for a B
// used once, such as a weight of a pretrained model at inference, whose
// packing would copy it whole on every call. Each 8-column panel of a row is
// read as the packed form would hold it, so n must be a multiple of kPanel.
//   b: k × n, row stride ldb ≥ n; the other arguments as gemm_packed.
void gemm_row_major(int m, int n, int k, const float* a, int lda,
                    const float* b, int ldb, const float* bias, float* c,
                    int ldc);

// The mask of one block of score rows, as multi_head_attention applies it.
struct RowMask {
  bool causal = false;                 // query i sees keys 0..i only
  const std::uint8_t* keep = nullptr;  // n flags, 0 hides a key; or nullptr
};

// For each row r of s (rows × cols, row stride lds), whose query index is
// first_query + r:
//   1. scores  = scale · s, masked cells -infinity;
//   2. weights = exp(scores - max) / sum, masked cells exactly 0; a row
//      with every cell masked becomes all 0 (never NaN).
// s is overwritten by the weights. When scores_out is not nullptr it
// receives the scores (rows × cols, row stride ld_scores).
// When inv_sums (rows floats) is not nullptr, step 2 stops before the
// division: s holds exp(scores - max) and inv_sums[r] = 1 / sum (0 for a
// fully masked row), so a caller that only needs weights·V can scale the
// d_k-wide product instead of the n-wide row.
// Columns are key indices 0..cols-1; keep, when given, has ≥ cols flags.
void softmax_rows_fused(int rows, int cols, float* s, int lds, float scale,
                        int first_query, const RowMask& mask, float* scores_out,
                        int ld_scores, float* inv_sums = nullptr);

// exp of each of n floats, in place, as the softmax computes it (f32x4
// polynomial under SIMD128; std::exp otherwise). For tests.
void exp_inplace(int n, float* x);

// True when none of values[0, count) is NaN or ±Infinity. The test is on
// the bits (a float is not finite exactly when its 8 exponent bits are all
// ones), so no compiler's treatment of NaN can change it; under SIMD128 it
// reads four floats per instruction, at about the speed of memory. The
// checks of validate.h run it over every result before naming a bad cell.
bool all_finite(const float* values, std::size_t count);

}  // namespace mha::kernels

#endif  // MHA_KERNELS_H_
