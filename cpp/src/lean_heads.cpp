// Head slices of a layer (lean.h): the lean forward restricted to heads
// [first_head, first_head + head_count), whose partial outputs sum to the
// layer's output.
#include <algorithm>
#include <cmath>
#include <string>

#include "head_attention.h"
#include "mha/kernels.h"
#include "mha/lean.h"
#include "mha/limits.h"
#include "mha/validate.h"

namespace mha {
namespace {

// The slice's columns of one bias, `width` floats from `col`, into out; zeros
// when the bias is absent.
void copy_bias(const RowVector& bias, int col, int width, float* out) {
  if (bias.size() == 0) {
    std::fill(out, out + width, 0.0f);
    return;
  }
  std::copy(bias.data() + col, bias.data() + col + width, out);
}

}  // namespace

Status check_head_range(int heads, int first_head, int head_count) {
  if (first_head < 0 || head_count < 1 || first_head > heads ||
      head_count > heads - first_head) {
    return Status::Error(
        ErrorCode::kOutOfRange,
        "head range [" + std::to_string(first_head) + ", " +
            std::to_string(static_cast<long long>(first_head) + head_count) +
            ") is not a non-empty range of the " + std::to_string(heads) +
            " heads");
  }
  return Status::Ok();
}

Result<HeadSlice> pack_head_slice(const MultiHeadWeights& weights,
                                  int first_head, int head_count) {
  Status s = check_attention_sizes(1, weights.d_model(), weights.heads);
  if (s.ok()) s = check_weights(weights);
  if (s.ok()) s = check_head_range(weights.heads, first_head, head_count);
  if (!s.ok()) return s;
  HeadSlice out;
  const int d = weights.d_model();
  out.heads = weights.heads;
  out.d_model = d;
  out.first_head = first_head;
  out.head_count = head_count;
  const int w = out.width(), col = first_head * out.d_k();

  // [Q_s | K_s | V_s], d × 3w, then packed.
  Matrix side(d, 3 * w);
  side << weights.wq.middleCols(col, w), weights.wk.middleCols(col, w),
      weights.wv.middleCols(col, w);
  out.wqkv.resize(kernels::packed_size(d, 3 * w));
  kernels::pack_b(d, 3 * w, side.data(), 3 * w, out.wqkv.data());

  if (weights.bq.size() != 0 || weights.bk.size() != 0 ||
      weights.bv.size() != 0) {
    out.bqkv.resize(static_cast<std::size_t>(3 * w));
    copy_bias(weights.bq, col, w, out.bqkv.data());
    copy_bias(weights.bk, col, w, out.bqkv.data() + w);
    copy_bias(weights.bv, col, w, out.bqkv.data() + 2 * w);
  }

  // W_O's rows [col, col + w), w × d, packed.
  out.wo.resize(kernels::packed_size(w, d));
  kernels::pack_b(w, d,
                  weights.wo.data() + static_cast<std::ptrdiff_t>(col) * d, d,
                  out.wo.data());
  if (first_head == 0) {
    out.bo.assign(weights.bo.data(), weights.bo.data() + weights.bo.size());
  }
  return out;
}

Status head_slice_forward(const float* x, int n, const HeadSlice& slice,
                          const Mask& mask, LeanWorkspace* workspace,
                          Matrix* output) {
  if (slice.empty()) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "no head slice: set the slice's weights first");
  }
  Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  const int d = slice.d_model, d_k = slice.d_k(), w = slice.width();
  // The whole layer's bound: a slice never holds more.
  const long long floats =
      lean_work_floats(n, d, slice.heads, ForwardRequest());
  if (floats > kMaxWorkFloats) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "a forward pass with n " + std::to_string(n) + " and d_model " +
            std::to_string(d) + " needs about " +
            std::to_string(floats * 4 >> 20) + " MiB, above the limit of " +
            std::to_string(kMaxWorkFloats * 4 >> 20) + " MiB");
  }
  const Eigen::Map<const Matrix> xm(x, n, d);
  s = check_tokens(xm, d, mask);
  if (!s.ok()) return s;

  // 1. Q, K and V of the slice's heads in one GEMM: n × 3w, row stride 3w.
  workspace->qkv.resize(static_cast<std::size_t>(n) * 3 * w);
  float* qkv = workspace->qkv.data();
  kernels::gemm_packed(n, 3 * w, d, x, d, slice.wqkv.data(), d,
                       slice.bqkv.empty() ? nullptr : slice.bqkv.data(), qkv,
                       3 * w);
  // 2. Each head into its d_k columns of the slice's concat (n × w).
  workspace->concat.resize(static_cast<std::size_t>(n) * w);
  float* concat = workspace->concat.data();
  const internal::HeadScratch scratch{&workspace->k_packed,
                                      &workspace->v_packed, &workspace->s};
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));
  for (int i = 0; i < slice.head_count; ++i) {
    const int col = i * d_k;
    internal::head_attention(n, d_k, qkv + col, 3 * w, qkv + w + col, 3 * w,
                             qkv + 2 * w + col, 3 * w, mask, nullptr, nullptr,
                             concat + col, w, scratch, scale);
  }
  // 3. The slice's share of the output projection.
  output->resize(n, d);
  kernels::gemm_packed(n, d, w, concat, w, slice.wo.data(), w,
                       slice.bo.empty() ? nullptr : slice.bo.data(),
                       output->data(), d);
  const Eigen::Map<const Matrix> qkv_m(qkv, n, 3 * w);
  s = check_overflow("query, key and value projections", qkv_m);
  if (s.ok()) s = check_overflow("output", *output);
  return s;
}

}  // namespace mha
