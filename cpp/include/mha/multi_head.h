// Multi-head attention (Vaswani et al. 2017, section 3.2.2):
//   head_i        = Attention(X·W_i^Q, X·W_i^K, X·W_i^V)
//   MultiHead(X)  = Concat(head_1, …, head_h) · W^O
//
// Head i owns columns [i·d_k, (i+1)·d_k) of W^Q, W^K and W^V, and the same
// rows of W^O, where d_k = d_model / h. So Concat·W^O is the sum over heads of
// head_i · (W^O's rows for head i): each head's "contribution" to the output.
#ifndef MHA_MULTI_HEAD_H_
#define MHA_MULTI_HEAD_H_

#include "mha/limits.h"
#include "mha/mask.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha {

struct MultiHeadWeights {
  int heads = 1;
  Matrix wq, wk, wv, wo;  // each d_model × d_model, applied as X·W
  // Optional biases, each 1 × d_model; an empty vector means no bias.
  RowVector bq, bk, bv, bo;

  int d_model() const { return static_cast<int>(wq.rows()); }
  int d_k() const { return heads > 0 ? d_model() / heads : 0; }
};

// Every intermediate the explainer draws. Per-head tensors stack the heads
// vertically: head i's block is rows [i·n, (i+1)·n), so the flat row-major
// index of (head i, token a, column c) is i·n·cols + a·cols + c.
struct MultiHeadResult {
  int heads = 0, n = 0, d_model = 0, d_k = 0;
  Matrix q, k, v;             // (h·n) × d_k: per-head projections
  Matrix scores;              // (h·n) × n: scaled scores, masked -infinity
  Matrix weights;             // (h·n) × n: softmax weights, rows sum to 1
  Matrix head_outputs;        // (h·n) × d_k: weights · V per head
  Matrix concat;              // n × d_model: head outputs side by side
  Matrix output;              // n × d_model: concat · W^O + b^O
  Matrix contributions;       // (h·n) × d_model: head_i · W^O rows of head i
  Matrix contribution_norms;  // h × n: L2 norm of each contribution row

  // The n-row block of a stacked per-head tensor that belongs to head i.
  static auto head_block(const Matrix& stacked, int i, int n) {
    return stacked.middleRows(static_cast<Eigen::Index>(i) * n, n);
  }
};

// Checks the weights alone: heads divide d_model, every matrix is
// d_model × d_model, biases are empty or 1 × d_model, all values finite.
Status check_weights(const MultiHeadWeights& weights);

// check_weights, plus x (n × d_model, finite, 1 ≤ n ≤ kMaxTokens) and the
// mask (keep empty or of length n).
Status check_multi_head_input(const ConstMatrixRef& x,
                              const MultiHeadWeights& weights,
                              const Mask& mask);

// Computes every intermediate. x: n × d_model, row-major.
// Precondition: check_multi_head_input(x, weights, mask).ok().
// The projections, Q·Kᵀ, the softmax and weights·V run on the SIMD128
// kernels of kernels.h (their portable form in native builds).
MultiHeadResult multi_head_attention_unchecked(const ConstMatrixRef& x,
                                               const MultiHeadWeights& weights,
                                               const Mask& mask);

// The same, in plain Eigen (scaled_dot_product_attention per head): the
// reference the kernels are tested against. Same precondition.
MultiHeadResult multi_head_attention_reference(const ConstMatrixRef& x,
                                               const MultiHeadWeights& weights,
                                               const Mask& mask);

// Validates, then computes. x: n × d_model, row-major.
Result<MultiHeadResult> multi_head_attention(const ConstMatrixRef& x,
                                             const MultiHeadWeights& weights,
                                             const Mask& mask);

}  // namespace mha

#endif  // MHA_MULTI_HEAD_H_
