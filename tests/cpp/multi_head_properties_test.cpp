// Properties that must hold for any input, checked on random ones.
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "mha/attention.h"
#include "mha/multi_head.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::MaxAbsDiff;
using testing::RandomMatrix;
using testing::RandomWeights;

MultiHeadResult Forward(const Matrix& x, const MultiHeadWeights& w,
                        const Mask& mask) {
  Result<MultiHeadResult> r = multi_head_attention(x, w, mask);
  EXPECT_TRUE(r.ok()) << r.status().message;
  return std::move(r).value();
}

TEST(MultiHeadProperties, WeightRowsSumToOne) {
  std::mt19937 rng(1);
  const MultiHeadResult r = Forward(RandomMatrix(rng, 9, 12),
                                    RandomWeights(rng, 12, 3), Mask::None());
  for (Eigen::Index row = 0; row < r.weights.rows(); ++row) {
    EXPECT_NEAR(r.weights.row(row).sum(), 1.0f, 1e-5) << "row " << row;
  }
  EXPECT_GE(r.weights.minCoeff(), 0.0f);
}

TEST(MultiHeadProperties, CausalCellsAreExactlyZero) {
  std::mt19937 rng(2);
  const int n = 7, h = 4;
  const MultiHeadResult r = Forward(RandomMatrix(rng, n, 16),
                                    RandomWeights(rng, 16, h), Mask::Causal());
  for (int i = 0; i < h; ++i) {
    const auto w = MultiHeadResult::head_block(r.weights, i, n);
    const auto s = MultiHeadResult::head_block(r.scores, i, n);
    for (int q = 0; q < n; ++q) {
      EXPECT_NEAR(w.row(q).sum(), 1.0f, 1e-5);
      for (int k = q + 1; k < n; ++k) {
        EXPECT_EQ(w(q, k), 0.0f);
        EXPECT_EQ(s(q, k), -std::numeric_limits<float>::infinity());
      }
    }
  }
}

TEST(MultiHeadProperties, FullyMaskedRowHasNoNaN) {
  std::mt19937 rng(3);
  Mask mask{true, {0, 1, 1, 1}};  // query 0 may only see key 0: padding
  const MultiHeadResult r =
      Forward(RandomMatrix(rng, 4, 8), RandomWeights(rng, 8, 2, true), mask);
  EXPECT_FALSE(r.weights.hasNaN());
  EXPECT_FALSE(r.output.hasNaN());
  EXPECT_FALSE(r.contributions.hasNaN());
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(MultiHeadResult::head_block(r.weights, i, 4).row(0).isZero(0));
  }
}

TEST(MultiHeadProperties, OneHeadEqualsPlainAttention) {
  std::mt19937 rng(4);
  const Matrix x = RandomMatrix(rng, 6, 8);
  const MultiHeadWeights w = RandomWeights(rng, 8, 1);
  const MultiHeadResult r = Forward(x, w, Mask::Causal());
  const AttentionResult plain = scaled_dot_product_attention(
      x * w.wq, x * w.wk, x * w.wv, Mask::Causal());
  EXPECT_LT(MaxAbsDiff(r.weights, plain.weights), 1e-6);
  EXPECT_LT(MaxAbsDiff(r.head_outputs, plain.output), 1e-6);
  EXPECT_LT(MaxAbsDiff(r.output, plain.output * w.wo), 1e-5);
}

TEST(MultiHeadProperties, ConcatTimesWoEqualsSumOfContributions) {
  std::mt19937 rng(5);
  const int n = 5, d = 12, h = 4;
  const MultiHeadWeights w = RandomWeights(rng, d, h, true);
  const MultiHeadResult r = Forward(RandomMatrix(rng, n, d), w, Mask::None());
  Matrix projected = r.concat * w.wo;
  projected.rowwise() += w.bo;
  EXPECT_LT(MaxAbsDiff(projected, r.output), 1e-5);
  Matrix summed = Matrix::Zero(n, d);
  for (int i = 0; i < h; ++i) {
    summed += MultiHeadResult::head_block(r.contributions, i, n);
  }
  summed.rowwise() += w.bo;
  EXPECT_LT(MaxAbsDiff(summed, r.output), 1e-5);
}

TEST(MultiHeadProperties, ContributionNormsAreRowNorms) {
  std::mt19937 rng(6);
  const int n = 3, h = 2;
  const MultiHeadResult r =
      Forward(RandomMatrix(rng, n, 6), RandomWeights(rng, 6, h), Mask::None());
  ASSERT_EQ(r.contribution_norms.rows(), h);
  ASSERT_EQ(r.contribution_norms.cols(), n);
  for (int i = 0; i < h; ++i) {
    for (int a = 0; a < n; ++a) {
      EXPECT_NEAR(r.contribution_norms(i, a),
                  r.contributions.row(i * n + a).norm(), 1e-6);
    }
  }
}

TEST(MultiHeadProperties, HeadUsesItsOwnColumnsOfWq) {
  // Changing head 1's columns of W_Q must leave head 0's weights unchanged.
  std::mt19937 rng(7);
  const int n = 4, d = 8, h = 2;
  const Matrix x = RandomMatrix(rng, n, d);
  MultiHeadWeights w = RandomWeights(rng, d, h);
  const MultiHeadResult before = Forward(x, w, Mask::None());
  w.wq.rightCols(4) = RandomMatrix(rng, d, 4);
  const MultiHeadResult after = Forward(x, w, Mask::None());
  EXPECT_EQ(MaxAbsDiff(MultiHeadResult::head_block(before.weights, 0, n),
                       MultiHeadResult::head_block(after.weights, 0, n)),
            0.0f);
  EXPECT_GT(MaxAbsDiff(MultiHeadResult::head_block(before.weights, 1, n),
                       MultiHeadResult::head_block(after.weights, 1, n)),
            1e-4);
}

TEST(MultiHeadProperties, PermutingTokensPermutesOutputs) {
  std::mt19937 rng(8);
  const int n = 6, d = 12;
  const Matrix x = RandomMatrix(rng, n, d);
  const MultiHeadWeights w = RandomWeights(rng, d, 3, true);
  Eigen::PermutationMatrix<Eigen::Dynamic> perm(n);
  perm.indices() << 3, 0, 5, 1, 4, 2;
  const MultiHeadResult r = Forward(x, w, Mask::None());
  const MultiHeadResult rp = Forward(Matrix(perm * x), w, Mask::None());
  EXPECT_LT(MaxAbsDiff(perm * r.output, rp.output), 1e-5);
}

TEST(MultiHeadProperties, ScoresOfTenThousandStayFinite) {
  std::mt19937 rng(9);
  const int n = 5, d = 4;
  MultiHeadWeights w = RandomWeights(rng, d, 1);
  w.wq = Matrix::Identity(d, d) * 141.5f;
  w.wk = Matrix::Identity(d, d) * 141.5f;
  Matrix x = Matrix::Zero(n, d);
  x.col(0).setConstant(1.0f);
  x(1, 0) = -1.0f;
  // q·k = ±141.5², scaled by 1/√d_k = 1/2: scores of about ±1.0011e4.
  const MultiHeadResult r = Forward(x, w, Mask::None());
  EXPECT_GE(r.scores.cwiseAbs().maxCoeff(), 1e4f);
  EXPECT_TRUE(r.scores.allFinite());
  EXPECT_TRUE(r.weights.allFinite());
  EXPECT_TRUE(r.output.allFinite());
  for (int q = 0; q < n; ++q) EXPECT_NEAR(r.weights.row(q).sum(), 1.0f, 1e-5);
}

TEST(MultiHeadProperties, ShapesOfEveryIntermediate) {
  std::mt19937 rng(10);
  const int n = 3, d = 8, h = 4, d_k = 2;
  const MultiHeadResult r =
      Forward(RandomMatrix(rng, n, d), RandomWeights(rng, d, h), Mask::None());
  EXPECT_EQ(r.d_k, d_k);
  EXPECT_EQ(r.q.rows(), h * n);
  EXPECT_EQ(r.q.cols(), d_k);
  EXPECT_EQ(r.scores.rows(), h * n);
  EXPECT_EQ(r.scores.cols(), n);
  EXPECT_EQ(r.head_outputs.cols(), d_k);
  EXPECT_EQ(r.concat.rows(), n);
  EXPECT_EQ(r.concat.cols(), d);
  EXPECT_EQ(r.contributions.rows(), h * n);
  EXPECT_EQ(r.contributions.cols(), d);
}

}  // namespace
}  // namespace mha
