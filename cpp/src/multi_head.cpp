#include "mha/multi_head.h"

#include <utility>
#include <vector>

#include "head_attention.h"
#include "mha/attention.h"
#include "mha/kernels.h"
#include "mha/lean.h"
#include "mha/validate.h"

namespace mha {
namespace {

// x·W + b, where an empty b means no bias. x: n × d_model, w: d_model ×
// d_model, b: 1 × d_model or empty. Returns n × d_model.
Matrix project(const ConstMatrixRef& x, const Matrix& w, const RowVector& b) {
  Matrix y = x * w;
  if (b.size() != 0) y.rowwise() += b;
  return y;
}

}  // namespace

Status check_weights(const MultiHeadWeights& weights) {
  const int d_model = weights.d_model();
  Status s = check_heads(d_model, weights.heads);
  if (!s.ok()) return s;
  const struct {
    const char* name;
    const Matrix& m;
  } matrices[] = {{"wq", weights.wq},
                  {"wk", weights.wk},
                  {"wv", weights.wv},
                  {"wo", weights.wo}};
  for (const auto& [name, m] : matrices) {
    if (!(s = check_shape(name, m, d_model, d_model)).ok()) return s;
  }
  for (const auto& [name, m] : matrices) {
    if (!(s = check_finite(name, m)).ok()) return s;
  }
  const struct {
    const char* name;
    const RowVector& b;
  } biases[] = {{"bq", weights.bq},
                {"bk", weights.bk},
                {"bv", weights.bv},
                {"bo", weights.bo}};
  for (const auto& [name, b] : biases) {
    if (!(s = check_bias(name, b, d_model)).ok()) return s;
  }
  return Status::Ok();
}

Status check_multi_head_input(const ConstMatrixRef& x,
                              const MultiHeadWeights& weights,
                              const Mask& mask) {
  Status s = check_weights(weights);
  if (!s.ok()) return s;
  const int n = static_cast<int>(x.rows());
  if (!(s = check_sequence_length(n)).ok()) return s;
  if (!(s = check_work_size(n, weights.d_model(), weights.heads)).ok()) {
    return s;
  }
  return check_tokens(x, weights.d_model(), mask);
}

MultiHeadResult multi_head_attention_unchecked(const ConstMatrixRef& x,
                                               const MultiHeadWeights& weights,
                                               const Mask& mask) {
  MultiHeadResult r;
  r.heads = weights.heads;
  r.n = static_cast<int>(x.rows());
  r.d_model = weights.d_model();
  r.d_k = weights.d_k();
  const int h = r.heads, n = r.n, d = r.d_model, d_k = r.d_k;

  // 1. Q, K and V of every head in one GEMM (kernels.h): n × 3d.
  PackedWeights packed;
  pack_weights_unchecked(weights, &packed);
  Matrix qkv(n, 3 * d);
  kernels::gemm_packed(n, 3 * d, d, x.data(), static_cast<int>(x.outerStride()),
                       packed.wqkv.data(), d,
                       packed.bqkv.empty() ? nullptr : packed.bqkv.data(),
                       qkv.data(), 3 * d);

  r.q.resize(h * n, d_k);
  r.k.resize(h * n, d_k);
  r.v.resize(h * n, d_k);
  r.scores.resize(h * n, n);
  r.weights.resize(h * n, n);
  r.head_outputs.resize(h * n, d_k);
  r.concat.resize(n, d);
  r.contributions.resize(h * n, d);

  std::vector<float> k_packed, v_packed, s;
  const internal::HeadScratch scratch{&k_packed, &v_packed, &s};
  for (int i = 0; i < h; ++i) {
    const Eigen::Index rows = static_cast<Eigen::Index>(i) * n;
    const Eigen::Index cols = static_cast<Eigen::Index>(i) * d_k;
    // 2. Each head attends independently in its own d_k-wide subspace.
    r.q.middleRows(rows, n) = qkv.middleCols(cols, d_k);
    r.k.middleRows(rows, n) = qkv.middleCols(d + cols, d_k);
    r.v.middleRows(rows, n) = qkv.middleCols(2 * d + cols, d_k);
    float* head_out = r.head_outputs.data() + rows * d_k;
    internal::head_attention(
        n, d_k, r.q.data() + rows * d_k, d_k, r.k.data() + rows * d_k, d_k,
        r.v.data() + rows * d_k, d_k, mask, r.scores.data() + rows * n,
        r.weights.data() + rows * n, head_out, d_k, scratch,
        1.0f / std::sqrt(static_cast<float>(d_k)));
    // 3. Concatenate: head i fills its own d_k columns.
    r.concat.middleCols(cols, d_k) = r.head_outputs.middleRows(rows, n);
    // 4. Head i's share of the output: its output times its rows of W^O,
    //    rows [i·d_k, (i+1)·d_k) of the packed W^O.
    kernels::gemm_packed(n, d, d_k, head_out, d_k,
                         packed.wo.data() + cols * kernels::kPanel, d, nullptr,
                         r.contributions.data() + rows * d, d);
  }

  // 5. Project the concatenation back to d_model.
  r.output.resize(n, d);
  kernels::gemm_packed(n, d, d, r.concat.data(), d, packed.wo.data(), d,
                       packed.bo.empty() ? nullptr : packed.bo.data(),
                       r.output.data(), d);
  // 6. Norm of each contribution row, (h·n) × 1 read back as h × n.
  const Eigen::VectorXf norms = r.contributions.rowwise().norm();
  r.contribution_norms = Eigen::Map<const Matrix>(norms.data(), h, n);
  return r;
}

MultiHeadResult multi_head_attention_reference(const ConstMatrixRef& x,
                                               const MultiHeadWeights& weights,
                                               const Mask& mask) {
  MultiHeadResult r;
  r.heads = weights.heads;
  r.n = static_cast<int>(x.rows());
  r.d_model = weights.d_model();
  r.d_k = weights.d_k();
  const int h = r.heads, n = r.n, d_k = r.d_k;

  // 1. Project every token once with the full matrices; head i's Q, K, V are
  //    then columns [i·d_k, (i+1)·d_k) of these.
  const Matrix q_all = project(x, weights.wq, weights.bq);
  const Matrix k_all = project(x, weights.wk, weights.bk);
  const Matrix v_all = project(x, weights.wv, weights.bv);

  r.q.resize(h * n, d_k);
  r.k.resize(h * n, d_k);
  r.v.resize(h * n, d_k);
  r.scores.resize(h * n, n);
  r.weights.resize(h * n, n);
  r.head_outputs.resize(h * n, d_k);
  r.concat.resize(n, r.d_model);
  r.contributions.resize(h * n, r.d_model);

  for (int i = 0; i < h; ++i) {
    const Eigen::Index rows = static_cast<Eigen::Index>(i) * n;
    const Eigen::Index cols = static_cast<Eigen::Index>(i) * d_k;
    // 2. Each head attends independently in its own d_k-wide subspace.
    r.q.middleRows(rows, n) = q_all.middleCols(cols, d_k);
    r.k.middleRows(rows, n) = k_all.middleCols(cols, d_k);
    r.v.middleRows(rows, n) = v_all.middleCols(cols, d_k);
    AttentionResult head = scaled_dot_product_attention(
        r.q.middleRows(rows, n), r.k.middleRows(rows, n),
        r.v.middleRows(rows, n), mask);
    r.scores.middleRows(rows, n) = head.scores;
    r.weights.middleRows(rows, n) = head.weights;
    r.head_outputs.middleRows(rows, n) = head.output;
    // 3. Concatenate: head i fills its own d_k columns.
    r.concat.middleCols(cols, d_k) = head.output;
    // 4. Head i's share of the output: its output times its rows of W^O.
    r.contributions.middleRows(rows, n).noalias() =
        head.output * weights.wo.middleRows(cols, d_k);
  }

  // 5. Project the concatenation back to d_model.
  r.output = project(r.concat, weights.wo, weights.bo);
  // 6. Norm of each contribution row, (h·n) × 1 read back as h × n.
  const Eigen::VectorXf norms = r.contributions.rowwise().norm();
  r.contribution_norms = Eigen::Map<const Matrix>(norms.data(), h, n);
  return r;
}

Result<MultiHeadResult> multi_head_attention(const ConstMatrixRef& x,
                                             const MultiHeadWeights& weights,
                                             const Mask& mask) {
  Status s = check_multi_head_input(x, weights, mask);
  if (!s.ok()) return s;
  MultiHeadResult result = multi_head_attention_unchecked(x, weights, mask);
  // An overflow in the projections would be hidden by the softmax (which
  // treats a row with no finite score as fully masked), so check them too.
  for (const auto& [name, m] :
       {std::pair<const char*, const Matrix*>{"queries", &result.q},
        {"keys", &result.k},
        {"values", &result.v},
        {"output", &result.output}}) {
    if (!(s = check_overflow(name, *m)).ok()) return s;
  }
  return result;
}

}  // namespace mha
