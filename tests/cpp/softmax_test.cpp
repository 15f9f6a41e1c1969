#include "mha/softmax.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mha {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Softmax, MatchesHandCalculation) {
  // softmax([1, 2, 3]) = [e^1, e^2, e^3] / (e^1 + e^2 + e^3), worked by hand:
  // 2.718282 / 30.192873, 7.389056 / 30.192873, 20.085537 / 30.192873.
  Matrix s(1, 3);
  s << 1, 2, 3;
  const Matrix w = softmax_rows(s);
  EXPECT_NEAR(w(0, 0), 0.0900306f, 1e-6);
  EXPECT_NEAR(w(0, 1), 0.2447285f, 1e-6);
  EXPECT_NEAR(w(0, 2), 0.6652410f, 1e-6);
}

TEST(Softmax, RowsSumToOne) {
  Matrix s(3, 4);
  s << 0.5, -1, 2, 0, 10, 10, 10, 10, -3, 4, 0.25, 1;
  const Matrix w = softmax_rows(s);
  for (int r = 0; r < 3; ++r) EXPECT_NEAR(w.row(r).sum(), 1.0f, 1e-6);
}

TEST(Softmax, MaskedCellsAreExactlyZero) {
  Matrix s(1, 3);
  s << 1, -kInf, 1;
  const Matrix w = softmax_rows(s);
  EXPECT_EQ(w(0, 1), 0.0f);
  EXPECT_FLOAT_EQ(w(0, 0), 0.5f);
  EXPECT_FLOAT_EQ(w(0, 2), 0.5f);
}

TEST(Softmax, FullyMaskedRowIsZerosNotNaN) {
  Matrix s(2, 3);
  s << -kInf, -kInf, -kInf, 0, 0, 0;
  const Matrix w = softmax_rows(s);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(w(0, c), 0.0f);
  EXPECT_NEAR(w.row(1).sum(), 1.0f, 1e-6);
}

TEST(Softmax, HugeScoresStayFinite) {
  Matrix s(2, 3);
  s << 1e4f, -1e4f, 1e4f, -1e4f, -1e4f, -1e4f + 1;
  const Matrix w = softmax_rows(s);
  EXPECT_TRUE(w.allFinite());
  EXPECT_FLOAT_EQ(w(0, 0), 0.5f);
  EXPECT_EQ(w(0, 1), 0.0f);
  // Equal shift invariance: [0, 0, 1] → e/(2+e) on the last cell.
  EXPECT_NEAR(w(1, 2), std::exp(1.0f) / (2 + std::exp(1.0f)), 1e-6);
}

TEST(Softmax, InvariantToAddingAConstant) {
  Matrix s(1, 4);
  s << 0.1f, 0.7f, -0.3f, 2.0f;
  const Matrix shifted = (s.array() + 50.0f).matrix();
  EXPECT_LT((softmax_rows(s) - softmax_rows(shifted)).cwiseAbs().maxCoeff(),
            1e-6);
}

}  // namespace
}  // namespace mha
