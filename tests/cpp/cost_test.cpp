#include "mha/cost.h"

#include <gtest/gtest.h>

namespace mha {
namespace {

TEST(AttentionCost, Gpt3SplitsIntoNinetySixHeadsOf128) {
  const Result<Cost> c = attention_cost(2048, 12288, 96);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().d_k, 128);
  // 4 · 12288² weights, worked by hand: 4 · 150,994,944 = 603,979,776.
  EXPECT_EQ(c.value().parameters, 603979776LL);
  // Per head: 4 · 12288 · 128 = 6,291,456; times 96 heads gives all of them.
  EXPECT_EQ(c.value().parameters_per_head, 6291456LL);
  EXPECT_EQ(c.value().parameters_per_head * 96, c.value().parameters);
}

TEST(AttentionCost, SplittingKeepsTheFlopsButTheSoftmax) {
  const Cost one = attention_cost(128, 768, 1).value();
  const Cost twelve = attention_cost(128, 768, 12).value();
  EXPECT_EQ(one.projection_flops_per_token, twelve.projection_flops_per_token);
  EXPECT_EQ(one.attention_flops_per_token, twelve.attention_flops_per_token);
  // 8 · 768² + 4 · 128 · 768 + 3 · 128 · 12 = 4,718,592 + 393,216 + 4,608.
  EXPECT_DOUBLE_EQ(twelve.flops_per_token, 5116416.0);
  EXPECT_DOUBLE_EQ(one.flops_per_token, 5112192.0);
}

TEST(AttentionCost, RefusesHeadsThatDoNotDivide) {
  const Result<Cost> c = attention_cost(8, 100, 12);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code, ErrorCode::kHeadsDoNotDivide);
  EXPECT_EQ(c.status().message, "d_model (100) is not divisible by heads (12)");
  EXPECT_EQ(attention_cost(8, 0, 1).status().code, ErrorCode::kZeroSize);
}

}  // namespace
}  // namespace mha
