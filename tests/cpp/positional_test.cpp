#include "mha/positional.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mha {
namespace {

TEST(SinusoidalPositions, MatchesTheFormulaByHand) {
  const Result<Matrix> r = sinusoidal_positions(3, 4);
  ASSERT_TRUE(r.ok());
  const Matrix& pe = r.value();
  // Position 0: sin(0) = 0 and cos(0) = 1 in alternate columns.
  EXPECT_FLOAT_EQ(pe(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(pe(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(pe(0, 2), 0.0f);
  EXPECT_FLOAT_EQ(pe(0, 3), 1.0f);
  // Position 1, pair 0: frequency 1 → sin(1) = 0.841471, cos(1) = 0.540302.
  EXPECT_NEAR(pe(1, 0), 0.841471f, 1e-6);
  EXPECT_NEAR(pe(1, 1), 0.540302f, 1e-6);
  // Position 2, pair 1: frequency 1/10000^(2/4) = 0.01 → sin(0.02), cos(0.02).
  EXPECT_NEAR(pe(2, 2), 0.0199987f, 1e-6);
  EXPECT_NEAR(pe(2, 3), 0.9998000f, 1e-6);
}

TEST(SinusoidalPositions, OddWidthEndsOnASine) {
  const Result<Matrix> r = sinusoidal_positions(2, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().cols(), 3);
  EXPECT_FLOAT_EQ(r.value()(0, 2), 0.0f);
}

TEST(SinusoidalPositions, RejectsZeroAndTooLong) {
  EXPECT_EQ(sinusoidal_positions(0, 4).status().code, ErrorCode::kZeroSize);
  EXPECT_EQ(sinusoidal_positions(3, 0).status().code, ErrorCode::kZeroSize);
  EXPECT_EQ(sinusoidal_positions(kMaxTokens + 1, 4).status().code,
            ErrorCode::kTooLarge);
}

TEST(LearnedPositions, TakesTheFirstRowsOfTheTable) {
  Matrix table(3, 2);
  table << 1, 2, 3, 4, 5, 6;
  const Result<Matrix> r = learned_positions(table, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().rows(), 2);
  EXPECT_EQ(r.value()(1, 1), 4.0f);
}

TEST(LearnedPositions, RejectsSequencesLongerThanTheTable) {
  const Matrix table = Matrix::Zero(3, 2);
  const Result<Matrix> r = learned_positions(table, 4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.status().message.find("3 rows"), std::string::npos);
}

}  // namespace
}  // namespace mha
