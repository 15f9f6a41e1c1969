#include "mha/attention.h"

#include <cmath>

#include "mha/softmax.h"

namespace mha {

AttentionResult scaled_dot_product_attention(const ConstMatrixRef& q,
                                             const ConstMatrixRef& k,
                                             const ConstMatrixRef& v,
                                             const Mask& mask) {
  AttentionResult result;
  const float scale = 1.0f / std::sqrt(static_cast<float>(q.cols()));
  // 1. Similarity of every query with every key, scaled so the variance does
  //    not grow with d_k.
  result.scores.noalias() = (q * k.transpose()) * scale;
  // 2. Hide what the mask forbids.
  apply_mask(mask, result.scores);
  // 3. One probability distribution over keys per query.
  result.weights = softmax_rows(result.scores);
  // 4. Each query's output is its weighted average of the values.
  result.output.noalias() = result.weights * v;
  return result;
}

}  // namespace mha
