// What multi-head attention costs, for the dimension-splitting calculator:
// parameters and floating-point operations of h heads of width d_k against
// one head of width d_model. Splitting changes neither count (up to the
// softmax): that is the point the calculator makes.
#ifndef MHA_COST_H_
#define MHA_COST_H_

#include "mha/status.h"

namespace mha {

struct Cost {
  int d_k = 0;  // d_model / heads
  // Weights: W_Q, W_K, W_V, W_O, each d_model × d_model (biases excluded).
  long long parameters = 0;
  // Per head: W_Q, W_K, W_V columns (3·d_model·d_k) and W_O rows
  // (d_k·d_model).
  long long parameters_per_head = 0;
  // FLOPs for one token attending over a context of n tokens (multiply and
  // add counted separately): projections 8·d_model², scores and weighted sum
  // 4·n·d_model, softmax about 3·n per head (exp, sum, divide).
  double flops_per_token = 0;
  double projection_flops_per_token = 0;
  double attention_flops_per_token = 0;
  double softmax_flops_per_token = 0;
};

// n: context length; d_model, heads: as in MultiHeadWeights. Checks that
// heads divides d_model and that the sizes are positive (no upper limit:
// the calculator describes models, such as GPT-3, far larger than the core
// computes).
Result<Cost> attention_cost(long long n, long long d_model, long long heads);

// A size typed as a double (a calculator's input, which may exceed 2^31) as
// a long long for attention_cost: clamped to kMaxCostSize first, so that a
// value beyond long long's range stays too large instead of wrapping.
inline constexpr double kMaxCostSize = 0x1p62;
long long cost_size(double v);

}  // namespace mha

#endif  // MHA_COST_H_
