#include "mha/lean.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

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

ForwardRequest ForwardRequest::all() {
  ForwardRequest r;
  r.output = r.concat = r.scores = r.weights = true;
  r.q = r.k = r.v = r.head_outputs = true;
  r.contributions = r.contribution_norms = true;
  return r;
}

bool ForwardRequest::everything() const {
  return output && concat && scores && weights && q && k && v && head_outputs &&
         contributions && contribution_norms;
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
  const long long per_head =
      N * D * (request.q + request.k + request.v + request.head_outputs) +
      (request.contributions ? H * N * D
                             : (request.contribution_norms ? N * D : 0)) +
      (request.contribution_norms ? H * N : 0);
  return weights + work + maps + per_head;
}

Status check_lean_input(const ConstMatrixRef& x, const PackedWeights& weights,
                        const Mask& mask, const ForwardRequest& request) {
  const int n = static_cast<int>(x.rows());
  Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  if (request.everything()) {
    // The full forward's limit and message (multi_head_attention).
    s = check_work_size(n, weights.d_model, weights.heads);
    if (!s.ok()) return s;
    return check_tokens(x, weights.d_model, mask);
  }
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

namespace {

// Head by head, the columns [offset + i·d_k, offset + (i+1)·d_k) of the
// projections (qkv: n × 3·d_model, row stride 3·d_model) stacked into out:
// (h·n) × d_k, head i's block at rows [i·n, (i+1)·n).
void copy_head_columns(const float* qkv, int n, int d, int h, int offset,
                       Matrix* out) {
  const int d_k = d / h;
  float* o = out->data();
  for (int i = 0; i < h; ++i) {
    for (int r = 0; r < n; ++r) {
      const float* from =
          qkv + static_cast<std::ptrdiff_t>(r) * 3 * d + offset + i * d_k;
      std::copy(from, from + d_k, o);
      o += d_k;
    }
  }
}

// Head i's output (n × d_k, row stride ldh) into its columns of concat
// (n × d_model).
void copy_into_concat(const float* head, int ldh, int n, int d, int d_k,
                      int col, float* concat) {
  for (int r = 0; r < n; ++r) {
    const float* from = head + static_cast<std::ptrdiff_t>(r) * ldh;
    std::copy(from, from + d_k,
              concat + static_cast<std::ptrdiff_t>(r) * d + col);
  }
}

// The L2 norm of each row of one head's contribution (n × d_model) into
// norms (n floats).
void row_norms(const float* contribution, int n, int d, float* norms) {
  for (int r = 0; r < n; ++r) {
    const float* row = contribution + static_cast<std::ptrdiff_t>(r) * d;
    float sum = 0.0f;
    for (int c = 0; c < d; ++c) sum += row[c] * row[c];
    norms[r] = std::sqrt(sum);
  }
}

// out (n × d_model) += one head's contribution (n × d_model); the first
// head starts it at b_O (bias: d_model floats or nullptr).
void accumulate_output(const float* contribution, int n, int d,
                       const float* bias, bool first, float* out) {
  const std::ptrdiff_t size = static_cast<std::ptrdiff_t>(n) * d;
  if (first) {
    if (bias == nullptr) {
      std::copy(contribution, contribution + size, out);
      return;
    }
    for (int r = 0; r < n; ++r) {
      const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(r) * d;
      for (int c = 0; c < d; ++c) out[at + c] = bias[c] + contribution[at + c];
    }
    return;
  }
  for (std::ptrdiff_t i = 0; i < size; ++i) out[i] += contribution[i];
}

// One pass over every head's contribution (contributions: (h·n) × d_model,
// head i's block at rows [i·n, (i+1)·n)), a row of each at a time while it
// is in L1: output (n × d_model, or nullptr) = b_O (bias: d_model floats or
// nullptr) + Σ_i contribution_i, and norms (h × n, or nullptr) = the L2
// norm of each contribution row.
void sum_contributions(const float* contributions, int h, int n, int d,
                       const float* bias, float* output, float* norms) {
  const std::ptrdiff_t head_size = static_cast<std::ptrdiff_t>(n) * d;
  for (int r = 0; r < n; ++r) {
    float* out = output != nullptr ? output + static_cast<std::ptrdiff_t>(r) * d
                                   : nullptr;
    if (out != nullptr) {
      if (bias != nullptr) {
        std::copy(bias, bias + d, out);
      } else {
        std::fill(out, out + d, 0.0f);
      }
    }
    for (int i = 0; i < h; ++i) {
      const float* row =
          contributions + i * head_size + static_cast<std::ptrdiff_t>(r) * d;
      if (out != nullptr) {
        for (int c = 0; c < d; ++c) out[c] += row[c];
      }
      if (norms != nullptr) {
        float sum = 0.0f;
        for (int c = 0; c < d; ++c) sum += row[c] * row[c];
        norms[static_cast<std::ptrdiff_t>(i) * n + r] = std::sqrt(sum);
      }
    }
  }
}

}  // namespace

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
  const Eigen::Index hn = static_cast<Eigen::Index>(h) * n;
  size(&result->output, request.output, n, d);
  size(&result->concat, request.concat, n, d);
  size(&result->scores, request.scores, hn, n);
  size(&result->weights, request.weights, hn, n);
  size(&result->q, request.q, hn, d_k);
  size(&result->k, request.k, hn, d_k);
  size(&result->v, request.v, hn, d_k);
  size(&result->head_outputs, request.head_outputs, hn, d_k);
  size(&result->contributions, request.contributions, hn, d);
  size(&result->contribution_norms, request.contribution_norms, h, n);

  // 1. Q, K and V of every head in one GEMM: n × 3d, row stride 3d.
  workspace->qkv.resize(static_cast<std::size_t>(n) * 3 * d);
  float* qkv = workspace->qkv.data();
  kernels::gemm_packed(n, 3 * d, d, x.data(), static_cast<int>(x.outerStride()),
                       weights.wqkv.data(), d,
                       weights.bqkv.empty() ? nullptr : weights.bqkv.data(),
                       qkv, 3 * d);
  if (request.q) copy_head_columns(qkv, n, d, h, 0, &result->q);
  if (request.k) copy_head_columns(qkv, n, d, h, d, &result->k);
  if (request.v) copy_head_columns(qkv, n, d, h, 2 * d, &result->v);

  // Each head's contribution is computed when it or its norm is asked for;
  // the output is then their sum, not a second GEMM over concat.
  const bool contribute = request.contributions || request.contribution_norms;
  const bool output_by_sum = request.output && contribute;
  // Without head_outputs requested, the heads write into concat.
  const bool need_concat = request.concat ||
                           (request.output && !output_by_sum) ||
                           !request.head_outputs;
  // 2. Each head writes its d_k columns of concat, or its block of
  //    head_outputs (copied into concat when that is needed too).
  float* concat = nullptr;
  if (need_concat) {
    if (request.concat) {
      concat = result->concat.data();
    } else {
      workspace->concat.resize(static_cast<std::size_t>(n) * d);
      concat = workspace->concat.data();
    }
  }
  if (contribute && !request.contributions) {
    workspace->contribution.resize(static_cast<std::size_t>(n) * d);
  }
  const internal::HeadScratch scratch{&workspace->k_packed,
                                      &workspace->v_packed, &workspace->s};
  const std::ptrdiff_t per_head = static_cast<std::ptrdiff_t>(n) * n;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));
  for (int i = 0; i < h; ++i) {
    const int col = i * d_k;
    const std::ptrdiff_t block = static_cast<std::ptrdiff_t>(i) * n;
    float* head_out = request.head_outputs
                          ? result->head_outputs.data() + block * d_k
                          : concat + col;
    const int ldh = request.head_outputs ? d_k : d;
    internal::head_attention(
        n, d_k, qkv + col, 3 * d, qkv + d + col, 3 * d, qkv + 2 * d + col,
        3 * d, mask,
        request.scores ? result->scores.data() + i * per_head : nullptr,
        request.weights ? result->weights.data() + i * per_head : nullptr,
        head_out, ldh, scratch, scale);
    if (request.head_outputs && need_concat) {
      copy_into_concat(head_out, ldh, n, d, d_k, col, concat);
    }
    if (!contribute) continue;
    // 3a. Head i's share of the output: its output times rows
    //     [i·d_k, (i+1)·d_k) of W_O, a GEMM of depth d_k.
    float* contribution = request.contributions
                              ? result->contributions.data() + block * d
                              : workspace->contribution.data();
    kernels::gemm_packed(n, d, d_k, head_out, ldh,
                         weights.wo.data() + col * kernels::kPanel, d, nullptr,
                         contribution, d);
    if (request.contributions) continue;  // summed below, in one pass
    // Only the norms: this head's contribution is scratch, used at once.
    row_norms(contribution, n, d, result->contribution_norms.data() + block);
    if (output_by_sum) {
      accumulate_output(contribution, n, d,
                        weights.bo.empty() ? nullptr : weights.bo.data(),
                        i == 0, result->output.data());
    }
  }
  if (request.contributions && (request.output || request.contribution_norms)) {
    sum_contributions(result->contributions.data(), h, n, d,
                      weights.bo.empty() ? nullptr : weights.bo.data(),
                      request.output ? result->output.data() : nullptr,
                      request.contribution_norms
                          ? result->contribution_norms.data()
                          : nullptr);
  }

  // 3b. Otherwise the output projection.
  if (request.output && !output_by_sum) {
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
  // with no finite score is treated as fully masked). With all three
  // per-head copies requested, under the full forward's names.
  Status s;
  if (request.q && request.k && request.v) {
    for (const auto& [name, m] :
         {std::pair<const char*, const Matrix*>{"queries", &result.q},
          {"keys", &result.k},
          {"values", &result.v}}) {
      if (!(s = check_overflow(name, *m)).ok()) return s;
    }
  } else {
    const Eigen::Map<const Matrix> qkv(workspace.qkv.data(), result.n,
                                       3 * result.d_model);
    s = check_overflow("query, key and value projections", qkv);
    if (!s.ok()) return s;
  }
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
  // The norms are not checked: a finite contribution may have a norm beyond
  // the float range, as in multi_head_attention.
  if (request.contributions &&
      !(s = check_overflow("contributions", result.contributions)).ok()) {
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
  return set(MultiHeadWeights(weights));
}

Status ResidentWeights::set(MultiHeadWeights&& weights) {
  // The packing's memory is kept for the next weights of the same size (a
  // lean call that passes its own weights sets them on every call).
  set_ = false;
  Status s = check_attention_sizes(1, weights.d_model(), weights.heads);
  if (s.ok()) s = check_weights(weights);
  if (!s.ok()) {
    clear();
    return s;
  }
  weights_ = std::move(weights);
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
