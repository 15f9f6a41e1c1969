#include "mha/attention.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mha {
namespace {

// Two tokens, d_k = 2, worked by hand:
//   Q = [[1, 0], [0, 1]], K = [[1, 0], [1, 1]], V = [[1, 2], [3, 4]]
//   Q·Kᵀ = [[1, 1], [0, 1]];  / √2 → [[0.7071, 0.7071], [0, 0.7071]]
//   row 0: equal scores → weights [0.5, 0.5] → output [2, 3]
//   row 1: softmax([0, 0.7071]) = [1, e^0.7071] / (1 + 2.028115)
//                               = [0.330238, 0.669762]
//          output = 0.330238·[1, 2] + 0.669762·[3, 4] = [2.339523, 3.339523]
TEST(ScaledDotProductAttention, MatchesHandCalculation) {
  Matrix q(2, 2), k(2, 2), v(2, 2);
  q << 1, 0, 0, 1;
  k << 1, 0, 1, 1;
  v << 1, 2, 3, 4;
  const AttentionResult r = scaled_dot_product_attention(q, k, v, Mask::None());
  EXPECT_NEAR(r.scores(0, 0), 0.7071068f, 1e-6);
  EXPECT_NEAR(r.scores(1, 0), 0.0f, 1e-6);
  EXPECT_NEAR(r.weights(0, 0), 0.5f, 1e-6);
  EXPECT_NEAR(r.weights(1, 0), 0.330238f, 1e-5);
  EXPECT_NEAR(r.weights(1, 1), 0.669762f, 1e-5);
  EXPECT_NEAR(r.output(0, 0), 2.0f, 1e-5);
  EXPECT_NEAR(r.output(0, 1), 3.0f, 1e-5);
  EXPECT_NEAR(r.output(1, 0), 2.339523f, 1e-5);
  EXPECT_NEAR(r.output(1, 1), 3.339523f, 1e-5);
}

TEST(ScaledDotProductAttention, CausalFirstTokenCopiesItsOwnValue) {
  Matrix q(2, 2), k(2, 2), v(2, 2);
  q << 1, 0, 0, 1;
  k << 1, 0, 1, 1;
  v << 1, 2, 3, 4;
  const AttentionResult r =
      scaled_dot_product_attention(q, k, v, Mask::Causal());
  EXPECT_EQ(r.scores(0, 1), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(r.weights(0, 1), 0.0f);
  EXPECT_FLOAT_EQ(r.weights(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(r.output(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(r.output(0, 1), 2.0f);
}

TEST(ScaledDotProductAttention, AllKeysMaskedGivesZeroOutputNotNaN) {
  Matrix q = Matrix::Ones(2, 3), k = Matrix::Ones(2, 3), v = Matrix::Ones(2, 3);
  const AttentionResult r =
      scaled_dot_product_attention(q, k, v, Mask::KeyPadding({0, 0}));
  EXPECT_TRUE(r.weights.isZero(0));
  EXPECT_TRUE(r.output.isZero(0));
}

}  // namespace
}  // namespace mha
