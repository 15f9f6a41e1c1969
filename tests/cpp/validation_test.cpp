// Every validation error: its code, and a message that names the problem.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

#include "mha/limits.h"
#include "mha/multi_head.h"
#include "mha/validate.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::RandomMatrix;
using testing::RandomWeights;

class Validation : public ::testing::Test {
 protected:
  std::mt19937 rng{11};
  Matrix x = RandomMatrix(rng, 4, 8);
  MultiHeadWeights w = RandomWeights(rng, 8, 2);

  Status Check(const Mask& mask = Mask::None()) {
    return check_multi_head_input(x, w, mask);
  }
};

void ExpectError(const Status& s, ErrorCode code, const std::string& text) {
  EXPECT_EQ(s.code, code) << s.message;
  EXPECT_NE(s.message.find(text), std::string::npos)
      << "message \"" << s.message << "\" lacks \"" << text << "\"";
}

TEST_F(Validation, ValidInputPasses) { EXPECT_TRUE(Check().ok()); }

TEST_F(Validation, HeadsNotDividingDModelGivesBothNumbers) {
  w.heads = 3;
  ExpectError(Check(), ErrorCode::kHeadsDoNotDivide,
              "d_model (8) is not divisible by heads (3)");
}

TEST_F(Validation, ZeroHeads) {
  w.heads = 0;
  ExpectError(Check(), ErrorCode::kZeroSize, "heads must be at least 1");
}

TEST_F(Validation, ZeroDModel) {
  w.wq.resize(0, 0);
  ExpectError(Check(), ErrorCode::kZeroSize, "d_model must be at least 1");
}

TEST_F(Validation, ZeroTokens) {
  x.resize(0, 8);
  ExpectError(Check(), ErrorCode::kZeroSize, "n (the number of tokens)");
}

TEST_F(Validation, SequenceLongerThanTheMaximum) {
  x = Matrix::Zero(kMaxTokens + 1, 8);
  ExpectError(Check(), ErrorCode::kTooLarge,
              "above the maximum of " + std::to_string(kMaxTokens));
}

TEST_F(Validation, ModelWiderThanTheMaximum) {
  EXPECT_EQ(check_heads(kMaxModelDim + 1, 1).code, ErrorCode::kTooLarge);
}

TEST_F(Validation, WorkBeyondTheMemoryLimitIsRefusedUpFront) {
  // Within the size limits, but the per-head contributions alone need
  // 64 · 1024 · 4096 floats.
  ExpectError(check_work_size(1024, 4096, 64), ErrorCode::kTooLarge,
              "MiB, above the limit of 1024 MiB");
  EXPECT_TRUE(check_work_size(1024, 768, 12).ok());
  EXPECT_TRUE(check_work_size(kMaxTokens, 64, 4).ok());
}

TEST_F(Validation, XOfWrongWidthNamesXAndTheExpectedShape) {
  x = RandomMatrix(rng, 4, 7);
  ExpectError(Check(), ErrorCode::kShapeMismatch,
              "x has shape 4 × 7, expected 4 × 8");
}

TEST_F(Validation, EachWeightMatrixOfWrongShapeIsNamed) {
  for (Matrix MultiHeadWeights::*m :
       {&MultiHeadWeights::wk, &MultiHeadWeights::wv, &MultiHeadWeights::wo}) {
    MultiHeadWeights bad = w;
    bad.*m = Matrix::Zero(8, 6);
    const Status s = check_multi_head_input(x, bad, Mask::None());
    EXPECT_EQ(s.code, ErrorCode::kShapeMismatch);
    EXPECT_NE(s.message.find("has shape 8 × 6, expected 8 × 8"),
              std::string::npos)
        << s.message;
  }
  w.wo = Matrix::Zero(6, 8);
  ExpectError(Check(), ErrorCode::kShapeMismatch, "wo has shape 6 × 8");
}

TEST_F(Validation, BiasOfWrongLength) {
  w.bv = RowVector::Zero(5);
  ExpectError(Check(), ErrorCode::kShapeMismatch,
              "bv has length 5, expected 8 (d_model)");
}

TEST_F(Validation, KeepOfWrongLength) {
  ExpectError(Check(Mask::KeyPadding({1, 1})), ErrorCode::kShapeMismatch,
              "keep has length 2, expected 4 (n)");
}

TEST_F(Validation, NaNInXNamesTheCell) {
  x(2, 5) = std::numeric_limits<float>::quiet_NaN();
  ExpectError(Check(), ErrorCode::kNonFinite,
              "x contains NaN at row 2, column 5");
}

TEST_F(Validation, InfinityInAWeight) {
  w.wk(0, 1) = std::numeric_limits<float>::infinity();
  ExpectError(Check(), ErrorCode::kNonFinite, "wk contains Infinity");
}

TEST_F(Validation, MinusInfinityInABias) {
  w.bo = RowVector::Zero(8);
  w.bo(3) = -std::numeric_limits<float>::infinity();
  ExpectError(Check(), ErrorCode::kNonFinite, "bo contains -Infinity");
}

TEST_F(Validation, ForwardRefusesBadInputWithTheSameStatus) {
  w.heads = 3;
  const Result<MultiHeadResult> r = multi_head_attention(x, w, Mask::None());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code, ErrorCode::kHeadsDoNotDivide);
}

TEST(ErrorCodeName, IsStableForEveryCode) {
  EXPECT_STREQ(error_code_name(ErrorCode::kHeadsDoNotDivide),
               "HEADS_DO_NOT_DIVIDE");
  EXPECT_STREQ(error_code_name(ErrorCode::kNonFinite), "NON_FINITE");
  EXPECT_STREQ(error_code_name(ErrorCode::kBadJson), "BAD_JSON");
  EXPECT_STREQ(error_code_name(ErrorCode::kTooLarge), "TOO_LARGE");
}

}  // namespace
}  // namespace mha
