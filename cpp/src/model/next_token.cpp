#include "mha/model/next_token.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "mha/model/transformer.h"

namespace mha::model {

Result<NextTokens> top_next_tokens(const Weights& weights,
                                   const std::vector<int>& tokens, int position,
                                   int k,
                                   const std::vector<std::uint8_t>& ablated) {
  const int n = static_cast<int>(tokens.size());
  const int vocab = weights.config.vocab;
  if (position < 0 || position >= n) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "position must be in [0, " + std::to_string(n) +
                             "), got " + std::to_string(position));
  }
  if (k < 1 || k > vocab) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "k must be between 1 and the vocabulary size " +
                             std::to_string(vocab) + ", got " +
                             std::to_string(k));
  }
  const int run = position + 1;  // later tokens cannot change this row
  Status s =
      check_forward_input(weights.config, tokens.data(), 1, run, ablated);
  if (!s.ok()) return s;
  // Only `position`'s row of logits, and no attention kept.
  ForwardCache cache;
  s = forward(weights, tokens.data(), 1, run, ablated, &cache, {},
              inference_options(false, {run - 1}));
  if (!s.ok()) return s;
  const auto row = cache.logits.row(0);
  const double top = row.maxCoeff();
  std::vector<double> p(vocab);
  double sum = 0;
  for (int t = 0; t < vocab; ++t) sum += p[t] = std::exp(row(t) - top);
  std::vector<int> order(vocab);
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(
      order.begin(), order.begin() + k, order.end(),
      [&](int a, int b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
  NextTokens next;
  for (int i = 0; i < k; ++i) {
    next.ids.push_back(order[i]);
    next.probabilities.push_back(static_cast<float>(p[order[i]] / sum));
  }
  return next;
}

Result<std::vector<int>> greedy_continuation(
    const Weights& weights, const std::vector<int>& tokens, int steps,
    const std::vector<std::uint8_t>& ablated) {
  const ModelConfig& c = weights.config;
  if (steps < 0 || steps > kMaxGreedySteps) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "steps must be in [0, " +
                             std::to_string(kMaxGreedySteps) + "], got " +
                             std::to_string(steps));
  }
  const long long total = static_cast<long long>(tokens.size()) + steps;
  if (total > c.context) {
    return Status::Error(
        ErrorCode::kTooLarge,
        std::to_string(tokens.size()) + " tokens and " + std::to_string(steps) +
            " new ones do not fit the context of " + std::to_string(c.context));
  }
  const int n = static_cast<int>(tokens.size());
  Status s = check_forward_input(c, tokens.data(), 1, n, ablated);
  if (!s.ok()) return s;
  std::vector<int> out = tokens;
  ForwardCache cache;
  for (int step = 0; step < steps; ++step) {
    const int length = static_cast<int>(out.size());
    s = forward(weights, out.data(), 1, length, ablated, &cache, {},
                inference_options(false, {length - 1}));
    if (!s.ok()) return s;
    // The most likely token; a tie keeps the lower id (as top_next_tokens).
    Eigen::Index best = 0;
    cache.logits.row(0).maxCoeff(&best);
    out.push_back(static_cast<int>(best));
  }
  return out;
}

}  // namespace mha::model
