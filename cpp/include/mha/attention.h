// Scaled dot-product attention (Vaswani et al. 2017, eq. 1):
//   Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V
#ifndef MHA_ATTENTION_H_
#define MHA_ATTENTION_H_

#include "mha/mask.h"
#include "mha/types.h"

namespace mha {

struct AttentionResult {
  Matrix scores;   // n_q × n_k: Q·Kᵀ / √d_k, masked cells -infinity
  Matrix weights;  // n_q × n_k: softmax of each row of scores
  Matrix output;   // n_q × d_v: weights · V
};

// q: n_q × d_k, k: n_k × d_k, v: n_k × d_v, all row-major.
// Precondition: shapes agree and values are finite (see validate.h).
AttentionResult scaled_dot_product_attention(const ConstMatrixRef& q,
                                             const ConstMatrixRef& k,
                                             const ConstMatrixRef& v,
                                             const Mask& mask);

}  // namespace mha

#endif  // MHA_ATTENTION_H_
