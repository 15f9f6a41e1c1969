// top_next_tokens against a double softmax of the full forward's logits, and
// its checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "mha/model/next_token.h"
#include "mha/model/transformer.h"
#include "model_test_helpers.h"

namespace mha::model {
namespace {

ModelConfig SmallConfig() {
  ModelConfig c;
  c.vocab = 11;
  c.context = 16;
  c.d_model = 8;
  c.heads = 2;
  c.layers = 2;
  return c;
}

TEST(TopNextTokens, IsTheTopOfASoftmaxOfTheFullForwardsRow) {
  const Weights w = testing::RandomModel(SmallConfig(), 5);
  const std::vector<int> tokens = testing::RandomTokens(9, 11, 6);
  ForwardCache cache;
  ASSERT_TRUE(forward(w, tokens.data(), 1, 9, {}, &cache).ok());
  for (int position : {0, 4, 8}) {
    std::vector<double> p(11);
    double sum = 0;
    for (int t = 0; t < 11; ++t)
      sum += p[t] = std::exp(cache.logits(position, t));
    for (double& q : p) q /= sum;
    std::vector<int> order(11);
    for (int t = 0; t < 11; ++t) order[t] = t;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return p[a] > p[b]; });
    const Result<NextTokens> r = top_next_tokens(w, tokens, position, 4);
    ASSERT_TRUE(r.ok()) << r.status().message;
    ASSERT_EQ(r.value().ids.size(), 4u);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(r.value().ids[i], order[i]) << "position " << position;
      EXPECT_NEAR(r.value().probabilities[i], p[order[i]], 1e-5);
    }
  }
  // All of them sum to 1.
  const Result<NextTokens> all = top_next_tokens(w, tokens, 3, 11);
  ASSERT_TRUE(all.ok());
  double total = 0;
  for (float q : all.value().probabilities) total += q;
  EXPECT_NEAR(total, 1.0, 1e-5);
}

TEST(TopNextTokens, RefusesBadPositionKAndIds) {
  const Weights w = testing::RandomModel(SmallConfig(), 5);
  const std::vector<int> tokens = {1, 2, 3};
  EXPECT_EQ(top_next_tokens(w, tokens, 3, 1).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(top_next_tokens(w, tokens, -1, 1).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(top_next_tokens(w, tokens, 0, 0).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(top_next_tokens(w, tokens, 0, 12).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(top_next_tokens(w, {}, 0, 1).status().code, ErrorCode::kOutOfRange);
  EXPECT_FALSE(top_next_tokens(w, {1, 99, 3}, 2, 1).ok());
}

TEST(TopNextTokens, AblatedHeadsMatchTheAblatedForward) {
  const Weights w = testing::RandomModel(SmallConfig(), 11);
  const std::vector<int> tokens = {3, 1, 4, 1, 5, 9};
  const int heads = w.config.layers * w.config.heads;
  std::vector<std::uint8_t> flags(heads, 0);
  flags[0] = 1;
  ForwardCache cache;
  ASSERT_TRUE(forward(w, tokens.data(), 1, 6, flags, &cache).ok());
  // The ablated forward's row 5, softmaxed in double precision.
  std::vector<double> p(w.config.vocab);
  double sum = 0;
  for (int t = 0; t < w.config.vocab; ++t)
    sum += p[t] = std::exp(cache.logits(5, t));
  int best = 0;
  for (int t = 1; t < w.config.vocab; ++t)
    if (p[t] > p[best]) best = t;
  const Result<NextTokens> r = top_next_tokens(w, tokens, 5, 1, flags);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r.value().ids[0], best);
  EXPECT_NEAR(r.value().probabilities[0], p[best] / sum, 1e-5);
  // Wrongly sized flags are refused.
  EXPECT_FALSE(top_next_tokens(w, tokens, 5, 1, {1}).ok());
}

}  // namespace
}  // namespace mha::model
