#include "mha/mask.h"

#include <gtest/gtest.h>

#include <limits>

namespace mha {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Mask, NoneMasksNothing) {
  Matrix s = Matrix::Zero(3, 3);
  apply_mask(Mask::None(), s);
  EXPECT_TRUE(s.allFinite());
  EXPECT_FALSE(is_masked(Mask::None(), 0, 2));
}

TEST(Mask, CausalMasksStrictlyFutureKeys) {
  Matrix s = Matrix::Zero(3, 3);
  apply_mask(Mask::Causal(), s);
  for (int q = 0; q < 3; ++q) {
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(is_masked(Mask::Causal(), q, k), k > q);
      if (k > q) {
        EXPECT_EQ(s(q, k), -kInf) << "query " << q << " key " << k;
      } else {
        EXPECT_EQ(s(q, k), 0.0f) << "query " << q << " key " << k;
      }
    }
  }
}

TEST(Mask, KeyPaddingMasksWholeKeyColumns) {
  const Mask mask = Mask::KeyPadding({1, 0, 1});
  Matrix s = Matrix::Ones(3, 3);
  apply_mask(mask, s);
  for (int q = 0; q < 3; ++q) {
    EXPECT_EQ(s(q, 1), -kInf);
    EXPECT_EQ(s(q, 0), 1.0f);
    EXPECT_EQ(s(q, 2), 1.0f);
    EXPECT_TRUE(is_masked(mask, q, 1));
  }
}

TEST(Mask, CausalAndPaddingCombine) {
  const Mask mask{true, {0, 1, 1}};
  Matrix s = Matrix::Ones(3, 3);
  apply_mask(mask, s);
  // Row 0 sees only key 0, which is padding: the whole row is masked.
  EXPECT_EQ(s(0, 0), -kInf);
  EXPECT_EQ(s(0, 1), -kInf);
  EXPECT_EQ(s(2, 0), -kInf);
  EXPECT_EQ(s(2, 1), 1.0f);
  EXPECT_EQ(s(1, 2), -kInf);
}

}  // namespace
}  // namespace mha
