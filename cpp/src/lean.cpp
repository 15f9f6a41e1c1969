#include "mha/lean.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "head_attention.h"
#include "mha/kernels.h"
#include "mha/limits.h"
#include "mha/validate.h"

namespace mha {
namespace internal {

void head_attention(int n, int d_k, const float* q, int ldq, const float* k,
                    int ldk, const float* v, int ldv, const Mask& mask,
                    float* scores, float* weights, float* out, int ldo,
                    const HeadScratch& scratch, float scale) {
  constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
  // 1. Pack the keys transposed (d_k × n) and the values (n × d_k) once.
  scratch.k_packed->resize(kernels::packed_size(d_k, n));
  scratch.v_packed->resize(kernels::packed_size(n, d_k));
  kernels::pack_bt(d_k, n, k, ldk, scratch.k_packed->data());
  kernels::pack_b(n, d_k, v, ldv, scratch.v_packed->data());
  if (weights == nullptr) {
    scratch.s->resize(static_cast<std::size_t>(kQueryBlock) * n);
  }
  const kernels::RowMask row_mask{
      mask.causal, mask.keep.empty() ? nullptr : mask.keep.data()};
  for (int q0 = 0; q0 < n; q0 += kQueryBlock) {
    const int rows = std::min(kQueryBlock, n - q0);
    // Under a causal mask no query of this block sees a key past its last.
    const int keys = mask.causal ? std::min(n, q0 + rows) : n;
    const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(q0) * n;
    float* s = weights != nullptr ? weights + at : scratch.s->data();
    float* scores_block = scores != nullptr ? scores + at : nullptr;
    // 2. Raw scores of the block: rows × keys.
    kernels::gemm_packed(rows, keys, d_k,
                         q + static_cast<std::ptrdiff_t>(q0) * ldq, ldq,
                         scratch.k_packed->data(), d_k, nullptr, s, n);
    // 3. Scale, mask, softmax; keys past `keys` are masked by construction.
    //    Unless the weights are wanted, their division by the row sum waits
    //    for step 5, where rows are d_k wide instead of n.
    float inv_sums[kQueryBlock];
    kernels::softmax_rows_fused(rows, keys, s, n, scale, q0, row_mask,
                                scores_block, n,
                                weights == nullptr ? inv_sums : nullptr);
    if (keys < n) {
      for (int r = 0; r < rows; ++r) {
        if (weights != nullptr) {
          std::fill(s + r * n + keys, s + (r + 1) * n, 0.0f);
        }
        if (scores_block != nullptr) {
          std::fill(scores_block + r * n + keys, scores_block + (r + 1) * n,
                    kMinusInf);
        }
      }
    }
    // 4. Weighted sum of the values: rows × d_k.
    float* out_block = out + static_cast<std::ptrdiff_t>(q0) * ldo;
    kernels::gemm_packed(rows, d_k, keys, s, n, scratch.v_packed->data(), n,
                         nullptr, out_block, ldo);
    // 5. The deferred normalisation.
    if (weights == nullptr) {
      for (int r = 0; r < rows; ++r) {
        float* o = out_block + static_cast<std::ptrdiff_t>(r) * ldo;
        for (int c = 0; c < d_k; ++c) o[c] *= inv_sums[r];
      }
    }
  }
}

}  // namespace internal

namespace {

// [W_Q | W_K | W_V] side by side, d_model × 3·d_model, packed.
void pack_qkv(const MultiHeadWeights& w, std::vector<float>* out) {
  const int d = w.d_model();
  out->resize(kernels::packed_size(d, 3 * d));
  // Panels never straddle two matrices when 8 divides d; otherwise pack the
  // three side by side first.
  if (d % kernels::kPanel == 0) {
    const std::size_t part = kernels::packed_size(d, d);
    kernels::pack_b(d, d, w.wq.data(), d, out->data());
    kernels::pack_b(d, d, w.wk.data(), d, out->data() + part);
    kernels::pack_b(d, d, w.wv.data(), d, out->data() + 2 * part);
    return;
  }
  Matrix side(d, 3 * d);
  side << w.wq, w.wk, w.wv;
  kernels::pack_b(d, 3 * d, side.data(), 3 * d, out->data());
}

}  // namespace

void pack_weights_unchecked(const MultiHeadWeights& weights,
                            PackedWeights* out) {
  const int d = weights.d_model();
  out->heads = weights.heads;
  out->d_model = d;
  pack_qkv(weights, &out->wqkv);
  const bool any_bias = weights.bq.size() != 0 || weights.bk.size() != 0 ||
                        weights.bv.size() != 0;
  out->bqkv.clear();
  if (any_bias) {
    out->bqkv.assign(static_cast<std::size_t>(3 * d), 0.0f);
    const RowVector* biases[] = {&weights.bq, &weights.bk, &weights.bv};
    for (int i = 0; i < 3; ++i) {
      if (biases[i]->size() != 0) {
        std::copy(biases[i]->data(), biases[i]->data() + d,
                  out->bqkv.begin() + i * d);
      }
    }
  }
  out->wo.resize(kernels::packed_size(d, d));
  kernels::pack_b(d, d, weights.wo.data(), d, out->wo.data());
  out->bo.assign(weights.bo.data(), weights.bo.data() + weights.bo.size());
}

Result<PackedWeights> pack_weights(const MultiHeadWeights& weights) {
  const Status s = check_weights(weights);
  if (!s.ok()) return s;
  PackedWeights packed;
  pack_weights_unchecked(weights, &packed);
  return packed;
}

long long lean_work_floats(int n, int d_model, int heads,
                           const ForwardRequest& request) {
  const long long N = n, D = d_model, H = heads;
  // Weights, packed (and once more as the caller's copy), and x.
  const long long weights = 2 * 4 * (D + 8) * D + N * D;
  // qkv, concat, output, packed K and V, a block of scores.
  const long long work = 3 * N * D + 2 * N * D + 2 * (N + 8) * (D / H + 8) +
                         internal::kQueryBlock * N;
  const long long maps =
      (request.scores ? H * N * N : 0) + (request.weights ? H * N * N : 0);
  return weights + work + maps;
}

Status check_lean_input(const ConstMatrixRef& x, const PackedWeights& weights,
                        const Mask& mask, const ForwardRequest& request) {
  const int n = static_cast<int>(x.rows());
  Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  const long long floats =
      lean_work_floats(n, weights.d_model, weights.heads, request);
  if (floats > kMaxWorkFloats) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "a forward pass with n " + std::to_string(n) + ", d_model " +
            std::to_string(weights.d_model) + " and heads " +
            std::to_string(weights.heads) + " needs about " +
            std::to_string(floats * 4 >> 20) + " MiB, above the limit of " +
            std::to_string(kMaxWorkFloats * 4 >> 20) + " MiB");
  }
  return check_tokens(x, weights.d_model, mask);
}

void multi_head_attention_lean_unchecked(const ConstMatrixRef& x,
                                         const PackedWeights& weights,
                                         const Mask& mask,
                                         const ForwardRequest& request,
                                         LeanWorkspace* workspace,
                                         LeanResult* result) {
  const int n = static_cast<int>(x.rows());
  const int d = weights.d_model, h = weights.heads, d_k = weights.d_k();
  result->heads = h;
  result->n = n;
  result->d_model = d;
  result->d_k = d_k;
  const auto size = [](Matrix* m, bool wanted, Eigen::Index rows,
                       Eigen::Index cols) {
    if (wanted) {
      m->resize(rows, cols);
    } else {
      m->resize(0, 0);
    }
  };
  size(&result->output, request.output, n, d);
  size(&result->concat, request.concat, n, d);
  size(&result->scores, request.scores, static_cast<Eigen::Index>(h) * n, n);
  size(&result->weights, request.weights, static_cast<Eigen::Index>(h) * n, n);

  // 1. Q, K and V of every head in one GEMM: n × 3d, row stride 3d.
  workspace->qkv.resize(static_cast<std::size_t>(n) * 3 * d);
  float* qkv = workspace->qkv.data();
  kernels::gemm_packed(n, 3 * d, d, x.data(), static_cast<int>(x.outerStride()),
                       weights.wqkv.data(), d,
                       weights.bqkv.empty() ? nullptr : weights.bqkv.data(),
                       qkv, 3 * d);

  // 2. Each head writes its d_k columns of concat.
  float* concat = result->concat.data();
  if (!request.concat) {
    workspace->concat.resize(static_cast<std::size_t>(n) * d);
    concat = workspace->concat.data();
  }
  const internal::HeadScratch scratch{&workspace->k_packed,
                                      &workspace->v_packed, &workspace->s};
  const std::ptrdiff_t per_head = static_cast<std::ptrdiff_t>(n) * n;
  for (int i = 0; i < h; ++i) {
    const int col = i * d_k;
    internal::head_attention(
        n, d_k, qkv + col, 3 * d, qkv + d + col, 3 * d, qkv + 2 * d + col,
        3 * d, mask,
        request.scores ? result->scores.data() + i * per_head : nullptr,
        request.weights ? result->weights.data() + i * per_head : nullptr,
        concat + col, d, scratch, 1.0f / std::sqrt(static_cast<float>(d_k)));
  }

  // 3. The output projection.
  if (request.output) {
    kernels::gemm_packed(n, d, d, concat, d, weights.wo.data(), d,
                         weights.bo.empty() ? nullptr : weights.bo.data(),
                         result->output.data(), d);
  }
}

namespace {

// The requested results, checked for overflow (check_overflow).
Status check_lean_overflow(const ForwardRequest& request,
                           const LeanWorkspace& workspace,
                           const LeanResult& result) {
  // The projections first: the softmax would hide their overflow (a row
  // with no finite score is treated as fully masked).
  const Eigen::Map<const Matrix> qkv(workspace.qkv.data(), result.n,
                                     3 * result.d_model);
  Status s = check_overflow("query, key and value projections", qkv);
  if (!s.ok()) return s;
  if (request.output && !(s = check_overflow("output", result.output)).ok()) {
    return s;
  }
  if (request.concat && !(s = check_overflow("concat", result.concat)).ok()) {
    return s;
  }
  if (request.weights &&
      !(s = check_overflow("weights", result.weights)).ok()) {
    return s;
  }
  if (request.scores &&
      !(s = check_overflow("scores", result.scores, true)).ok()) {
    return s;
  }
  return Status::Ok();
}

}  // namespace

Status multi_head_attention_lean(const ConstMatrixRef& x,
                                 const PackedWeights& weights, const Mask& mask,
                                 const ForwardRequest& request,
                                 LeanWorkspace* workspace, LeanResult* result) {
  const Status s = check_lean_input(x, weights, mask, request);
  if (!s.ok()) return s;
  multi_head_attention_lean_unchecked(x, weights, mask, request, workspace,
                                      result);
  return check_lean_overflow(request, *workspace, *result);
}

Status ResidentWeights::set(const MultiHeadWeights& weights) {
  clear();
  Status s = check_attention_sizes(1, weights.d_model(), weights.heads);
  if (s.ok()) s = check_weights(weights);
  if (!s.ok()) return s;
  weights_ = weights;
  pack_weights_unchecked(weights_, &packed_);
  set_ = true;
  return s;
}

void ResidentWeights::clear() {
  set_ = false;
  weights_ = {};
  packed_ = {};
}

Status ResidentWeights::forward_lean(const float* x, int n, const Mask& mask,
                                     const ForwardRequest& request,
                                     LeanWorkspace* workspace,
                                     LeanResult* result) const {
  if (!set_) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "no weights: call setWeights() first");
  }
  const Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  const Eigen::Map<const Matrix> xm(x, n, packed_.d_model);
  return multi_head_attention_lean(xm, packed_, mask, request, workspace,
                                   result);
}

}  // namespace mha
