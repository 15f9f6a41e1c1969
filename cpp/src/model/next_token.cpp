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
  ForwardCache cache;
  s = forward(weights, tokens.data(), 1, run, ablated, &cache);
  if (!s.ok()) return s;
  // logits: run × vocab; the last row is `position`'s.
  const auto row = cache.logits.row(run - 1);
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

}  // namespace mha::model
