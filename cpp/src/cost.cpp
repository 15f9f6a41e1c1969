#include "mha/cost.h"

#include <string>

namespace mha {

Result<Cost> attention_cost(long long n, long long d_model, long long heads) {
  if (n < 1 || d_model < 1 || heads < 1) {
    return Status::Error(ErrorCode::kZeroSize,
                         "n, d_model and heads must each be at least 1");
  }
  if (d_model > (1LL << 20) || n > (1LL << 24)) {
    return Status::Error(ErrorCode::kTooLarge,
                         "d_model or n is too large to describe");
  }
  if (d_model % heads != 0) {
    return Status::Error(ErrorCode::kHeadsDoNotDivide,
                         "d_model (" + std::to_string(d_model) +
                             ") is not divisible by heads (" +
                             std::to_string(heads) + ")");
  }
  Cost c;
  const long long d_k = d_model / heads;
  c.d_k = static_cast<int>(d_k);
  c.parameters = 4 * d_model * d_model;
  c.parameters_per_head = 3 * d_model * d_k + d_k * d_model;
  const double N = static_cast<double>(n), D = static_cast<double>(d_model);
  c.projection_flops_per_token = 8 * D * D;
  c.attention_flops_per_token = 4 * N * D;
  c.softmax_flops_per_token = 3 * N * static_cast<double>(heads);
  c.flops_per_token = c.projection_flops_per_token +
                      c.attention_flops_per_token + c.softmax_flops_per_token;
  return c;
}

long long cost_size(double v) {
  return static_cast<long long>(v > kMaxCostSize ? kMaxCostSize : v);
}

}  // namespace mha
