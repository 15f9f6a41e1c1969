// ResidentWeights (lean.h) and the size checks a caller reading raw
// pointers runs first (check_attention_sizes, check_position_table,
// cost_size): what the wasm adapters hold and call instead of checking
// anything themselves.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mha/cost.h"
#include "mha/lean.h"
#include "mha/limits.h"
#include "mha/multi_head.h"
#include "mha/positional.h"
#include "mha/validate.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::MaxAbsDiff;
using testing::RandomMatrix;
using testing::RandomWeights;

TEST(ResidentWeights, StartsEmptyAndRefusesAForward) {
  const ResidentWeights w;
  EXPECT_TRUE(w.empty());
  const Matrix x = Matrix::Zero(2, 4);
  LeanWorkspace workspace;
  LeanResult result;
  const Status s = w.forward_lean(x.data(), 2, Mask(), ForwardRequest(),
                                  &workspace, &result);
  EXPECT_EQ(s.code, ErrorCode::kShapeMismatch);
  EXPECT_EQ(s.message, "no weights: call setWeights() first");
}

TEST(ResidentWeights, ForwardEqualsTheFullForwardOnTheSameWeights) {
  std::mt19937 rng(5);
  const MultiHeadWeights weights = RandomWeights(rng, 8, 2, /*biases=*/true);
  ResidentWeights w;
  ASSERT_TRUE(w.set(weights).ok());
  EXPECT_FALSE(w.empty());
  EXPECT_EQ(w.weights().wq, weights.wq);
  EXPECT_EQ(w.weights().bo, weights.bo);
  EXPECT_EQ(w.packed().heads, 2);
  EXPECT_EQ(w.packed().d_model, 8);

  const Matrix x = RandomMatrix(rng, 5, 8);
  Mask mask;
  mask.causal = true;
  ForwardRequest request;
  request.weights = true;
  LeanWorkspace workspace;
  LeanResult lean;
  ASSERT_TRUE(
      w.forward_lean(x.data(), 5, mask, request, &workspace, &lean).ok());
  const MultiHeadResult full = multi_head_attention(x, weights, mask).value();
  EXPECT_LT(MaxAbsDiff(lean.output, full.output), 1e-4f);
  EXPECT_LT(MaxAbsDiff(lean.weights, full.weights), 1e-5f);
}

TEST(ResidentWeights, ChecksTheSequenceLengthBeforeReading) {
  std::mt19937 rng(6);
  ResidentWeights w;
  ASSERT_TRUE(w.set(RandomWeights(rng, 4, 1)).ok());
  LeanWorkspace workspace;
  LeanResult result;
  // n = 0 and n > kMaxTokens are refused without touching x (null here).
  EXPECT_EQ(
      w.forward_lean(nullptr, 0, Mask(), ForwardRequest(), &workspace, &result)
          .code,
      ErrorCode::kZeroSize);
  EXPECT_FALSE(w.forward_lean(nullptr, kMaxTokens + 1, Mask(), ForwardRequest(),
                              &workspace, &result)
                   .ok());
}

TEST(ResidentWeights, AFailedSetLeavesItEmpty) {
  std::mt19937 rng(7);
  ResidentWeights w;
  ASSERT_TRUE(w.set(RandomWeights(rng, 6, 2)).ok());
  MultiHeadWeights bad = RandomWeights(rng, 6, 4);  // 4 does not divide 6
  EXPECT_EQ(w.set(bad).code, ErrorCode::kHeadsDoNotDivide);
  EXPECT_TRUE(w.empty());
  MultiHeadWeights not_finite = RandomWeights(rng, 6, 2);
  not_finite.wv(1, 2) = std::nanf("");
  EXPECT_FALSE(w.set(not_finite).ok());
  EXPECT_TRUE(w.empty());
}

TEST(ResidentWeights, ClearEmptiesIt) {
  std::mt19937 rng(8);
  ResidentWeights w;
  ASSERT_TRUE(w.set(RandomWeights(rng, 4, 2)).ok());
  w.clear();
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(w.weights().wq.size(), 0);
  EXPECT_TRUE(w.packed().wqkv.empty());
}

TEST(CheckAttentionSizes, HeadsThenLengthThenWork) {
  EXPECT_TRUE(check_attention_sizes(16, 8, 2).ok());
  // Both the heads and n are wrong: the heads are named first.
  EXPECT_EQ(check_attention_sizes(0, 6, 4).code, ErrorCode::kHeadsDoNotDivide);
  EXPECT_EQ(check_attention_sizes(0, 8, 2).code, ErrorCode::kZeroSize);
  EXPECT_FALSE(check_attention_sizes(kMaxTokens + 1, 8, 2).ok());
  // Each size within its own limit, too much work together.
  EXPECT_EQ(check_attention_sizes(kMaxTokens, kMaxModelDim, kMaxModelDim).code,
            ErrorCode::kTooLarge);
}

TEST(CheckPositionTable, ColumnsAreAModelWidthAndRowsAtLeastOne) {
  EXPECT_TRUE(check_position_table(1, 4).ok());
  EXPECT_EQ(check_position_table(0, 4).code, ErrorCode::kZeroSize);
  EXPECT_EQ(check_position_table(0, 4).message,
            "the position table has no rows");
  EXPECT_FALSE(check_position_table(4, 0).ok());
  EXPECT_FALSE(check_position_table(4, kMaxModelDim + 1).ok());
}

TEST(CostSize, ClampsBeyondLongLongSoTheCostStaysTooLarge) {
  EXPECT_EQ(cost_size(12288.0), 12288);
  EXPECT_EQ(cost_size(1e30), static_cast<long long>(kMaxCostSize));
  EXPECT_EQ(attention_cost(cost_size(1e30), 64, 8).status().code,
            ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace mha
