// Head slices (lean.h): the partial outputs of a partition of the heads sum
// to the Eigen reference's output (multi_head_attention_reference), under
// causal and key masks; bad ranges are refused by the core.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "mha/lean.h"
#include "mha/multi_head.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::MaxAbsDiff;
using testing::RandomMatrix;
using testing::RandomWeights;

// Sum of the slices' partials for the partition given as head counts.
Matrix SumOfSlices(const Matrix& x, const MultiHeadWeights& weights,
                   const Mask& mask, const std::vector<int>& counts) {
  Matrix sum = Matrix::Zero(x.rows(), x.cols());
  LeanWorkspace workspace;  // shared across slices on purpose
  int first = 0;
  for (int count : counts) {
    Result<HeadSlice> slice = pack_head_slice(weights, first, count);
    EXPECT_TRUE(slice.ok()) << slice.status().message;
    if (!slice.ok()) return sum;
    Matrix partial;
    const Status s =
        head_slice_forward(x.data(), static_cast<int>(x.rows()), slice.value(),
                           mask, &workspace, &partial);
    EXPECT_TRUE(s.ok()) << s.message;
    sum += partial;
    first += count;
  }
  EXPECT_EQ(first, weights.heads);
  return sum;
}

struct Case {
  int n, d_model, heads;
  std::vector<int> counts;
};

void ExpectPartitionsMatch(bool causal, bool keep, bool biases) {
  const std::vector<Case> cases = {
      {5, 8, 2, {1, 1}},    {7, 12, 3, {1, 1, 1}},  {9, 16, 4, {2, 2}},
      {9, 16, 4, {1, 3}},   {70, 24, 6, {1, 2, 3}}, {33, 20, 5, {4, 1}},
      {130, 64, 8, {3, 5}}, {17, 64, 8, {8}},       {65, 48, 12, {5, 4, 3}},
  };
  std::mt19937 rng(11);
  for (const Case& c : cases) {
    SCOPED_TRACE("n " + std::to_string(c.n) + " d " +
                 std::to_string(c.d_model) + " h " + std::to_string(c.heads));
    const MultiHeadWeights w = RandomWeights(rng, c.d_model, c.heads, biases);
    const Matrix x = RandomMatrix(rng, c.n, c.d_model);
    Mask mask;
    mask.causal = causal;
    if (keep) {
      mask.keep.assign(c.n, 1);
      for (int i = 1; i < c.n; i += 3) mask.keep[i] = 0;
    }
    const Matrix expected = multi_head_attention_reference(x, w, mask).output;
    const Matrix got = SumOfSlices(x, w, mask, c.counts);
    const float scale = std::max(1.0f, expected.cwiseAbs().maxCoeff());
    EXPECT_LT(MaxAbsDiff(got, expected), 1e-4f * scale);
  }
}

TEST(HeadSlice, PartitionsSumToTheReference) {
  ExpectPartitionsMatch(false, false, false);
}
TEST(HeadSlice, PartitionsSumToTheReferenceWithBiases) {
  ExpectPartitionsMatch(false, false, true);
}
TEST(HeadSlice, PartitionsSumToTheReferenceCausal) {
  ExpectPartitionsMatch(true, false, true);
}
TEST(HeadSlice, PartitionsSumToTheReferenceKeyMask) {
  ExpectPartitionsMatch(false, true, true);
}
TEST(HeadSlice, PartitionsSumToTheReferenceCausalAndKeyMask) {
  ExpectPartitionsMatch(true, true, false);
}

TEST(HeadSlice, OneSliceIsTheHeadsContributions) {
  // A slice of one head is that head's contribution (plus b_O for head 0).
  std::mt19937 rng(3);
  const MultiHeadWeights w = RandomWeights(rng, 16, 4, /*biases=*/true);
  const Matrix x = RandomMatrix(rng, 6, 16);
  const MultiHeadResult ref = multi_head_attention_reference(x, w, Mask());
  LeanWorkspace workspace;
  for (int h = 0; h < 4; ++h) {
    const HeadSlice slice = pack_head_slice(w, h, 1).value();
    EXPECT_EQ(slice.bo.empty(), h != 0);
    Matrix partial;
    ASSERT_TRUE(
        head_slice_forward(x.data(), 6, slice, Mask(), &workspace, &partial)
            .ok());
    Matrix expected = ref.contributions.middleRows(h * 6, 6);
    if (h == 0) expected.rowwise() += w.bo;
    EXPECT_LT(MaxAbsDiff(partial, expected), 1e-5f);
  }
}

TEST(HeadSlice, RefusesBadRanges) {
  std::mt19937 rng(4);
  const MultiHeadWeights w = RandomWeights(rng, 8, 4);
  const std::vector<std::pair<int, int>> bad = {
      {-1, 1}, {0, 0}, {0, -2}, {0, 5}, {3, 2}, {4, 1}, {5, 1}, {2, 1 << 30}};
  for (const auto& [first, count] : bad) {
    const Result<HeadSlice> r = pack_head_slice(w, first, count);
    ASSERT_FALSE(r.ok()) << first << " " << count;
    EXPECT_EQ(r.status().code, ErrorCode::kOutOfRange);
  }
  EXPECT_TRUE(check_head_range(4, 3, 1).ok());
  EXPECT_TRUE(check_head_range(4, 0, 4).ok());
}

TEST(HeadSlice, RefusesBadWeightsAndInputs) {
  std::mt19937 rng(5);
  MultiHeadWeights w = RandomWeights(rng, 8, 3);  // 3 does not divide 8
  EXPECT_EQ(pack_head_slice(w, 0, 1).status().code,
            ErrorCode::kHeadsDoNotDivide);
  w = RandomWeights(rng, 8, 2);
  w.wq(1, 1) = std::nanf("");
  EXPECT_EQ(pack_head_slice(w, 0, 1).status().code, ErrorCode::kNonFinite);

  w = RandomWeights(rng, 8, 2);
  const HeadSlice slice = pack_head_slice(w, 1, 1).value();
  LeanWorkspace workspace;
  Matrix out;
  Matrix x = RandomMatrix(rng, 3, 8);
  EXPECT_EQ(
      head_slice_forward(x.data(), 0, slice, Mask(), &workspace, &out).code,
      ErrorCode::kZeroSize);
  Mask short_keep;
  short_keep.keep = {1, 1};
  EXPECT_EQ(
      head_slice_forward(x.data(), 3, slice, short_keep, &workspace, &out).code,
      ErrorCode::kShapeMismatch);
  x(2, 3) = std::numeric_limits<float>::infinity();
  EXPECT_EQ(
      head_slice_forward(x.data(), 3, slice, Mask(), &workspace, &out).code,
      ErrorCode::kNonFinite);
  EXPECT_EQ(
      head_slice_forward(x.data(), 3, HeadSlice(), Mask(), &workspace, &out)
          .code,
      ErrorCode::kShapeMismatch);
}

}  // namespace
}  // namespace mha
