// The lean forward with every result requested (ForwardRequest::all()) and
// with each result alone, against the plain-Eigen reference
// (multi_head_attention_reference): the layouts, the numbers, and the full
// forward's size limit and overflow messages.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mha/lean.h"
#include "mha/limits.h"
#include "mha/multi_head.h"
#include "mha/validate.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::RandomMatrix;
using testing::RandomWeights;

// |got - want| ≤ 1e-5 + 1e-4·|want| everywhere; -infinity must match.
void ExpectClose(const std::string& name, const Matrix& got,
                 const Matrix& want) {
  ASSERT_EQ(got.rows(), want.rows()) << name;
  ASSERT_EQ(got.cols(), want.cols()) << name;
  for (Eigen::Index i = 0; i < want.size(); ++i) {
    const float w = want.data()[i], g = got.data()[i];
    if (std::isinf(w)) {
      ASSERT_EQ(g, w) << name << "[" << i << "]";
      continue;
    }
    ASSERT_LE(std::abs(g - w), 1e-5f + 1e-4f * std::abs(w))
        << name << "[" << i << "]";
  }
}

struct Named {
  const char* name;
  bool ForwardRequest::*flag;
  Matrix LeanResult::*lean;
  Matrix MultiHeadResult::*reference;
};

const Named kResults[] = {
    {"q", &ForwardRequest::q, &LeanResult::q, &MultiHeadResult::q},
    {"k", &ForwardRequest::k, &LeanResult::k, &MultiHeadResult::k},
    {"v", &ForwardRequest::v, &LeanResult::v, &MultiHeadResult::v},
    {"scores", &ForwardRequest::scores, &LeanResult::scores,
     &MultiHeadResult::scores},
    {"weights", &ForwardRequest::weights, &LeanResult::weights,
     &MultiHeadResult::weights},
    {"head_outputs", &ForwardRequest::head_outputs, &LeanResult::head_outputs,
     &MultiHeadResult::head_outputs},
    {"concat", &ForwardRequest::concat, &LeanResult::concat,
     &MultiHeadResult::concat},
    {"output", &ForwardRequest::output, &LeanResult::output,
     &MultiHeadResult::output},
    {"contributions", &ForwardRequest::contributions,
     &LeanResult::contributions, &MultiHeadResult::contributions},
    {"contribution_norms", &ForwardRequest::contribution_norms,
     &LeanResult::contribution_norms, &MultiHeadResult::contribution_norms},
};

struct Case {
  int n, d_model, heads;
  bool causal, biases, pad;
};

class LeanFull : public ::testing::TestWithParam<Case> {};

TEST_P(LeanFull, EveryResultAloneAndAllTogetherEqualTheReference) {
  const Case c = GetParam();
  std::mt19937 rng(c.n * 131 + c.d_model * 7 + c.heads);
  const MultiHeadWeights w = RandomWeights(rng, c.d_model, c.heads, c.biases);
  const Matrix x = RandomMatrix(rng, c.n, c.d_model);
  Mask mask;
  mask.causal = c.causal;
  if (c.pad) {
    for (int i = 0; i < c.n; ++i) mask.keep.push_back(i % 3 == 1 ? 0 : 1);
  }
  const MultiHeadResult want = multi_head_attention_reference(x, w, mask);
  const Result<PackedWeights> packed = pack_weights(w);
  ASSERT_TRUE(packed.ok());
  LeanWorkspace workspace;
  LeanResult all;
  ASSERT_TRUE(multi_head_attention_lean(x, packed.value(), mask,
                                        ForwardRequest::all(), &workspace, &all)
                  .ok());
  for (const Named& r : kResults) {
    ExpectClose(std::string("all: ") + r.name, all.*(r.lean),
                want.*(r.reference));
  }
  // Each alone, on the same (reused) workspace: it alone is filled.
  for (const Named& r : kResults) {
    ForwardRequest request;
    request.output = false;
    request.*(r.flag) = true;
    LeanResult one;
    ASSERT_TRUE(multi_head_attention_lean(x, packed.value(), mask, request,
                                          &workspace, &one)
                    .ok());
    for (const Named& other : kResults) {
      if (other.flag == r.flag) {
        ExpectClose(std::string("alone: ") + r.name, one.*(r.lean),
                    want.*(r.reference));
      } else {
        EXPECT_EQ((one.*(other.lean)).size(), 0)
            << other.name << " filled when only " << r.name << " was asked";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, LeanFull,
                         ::testing::Values(Case{1, 4, 1, false, false, false},
                                           Case{7, 12, 3, true, true, false},
                                           Case{33, 16, 2, false, true, true},
                                           Case{70, 40, 5, true, false, true},
                                           Case{130, 64, 4, true, true, true}));

TEST(LeanFull, AllIsEverything) {
  EXPECT_TRUE(ForwardRequest::all().everything());
  EXPECT_FALSE(ForwardRequest().everything());
  for (const Named& r : kResults) {
    ForwardRequest request = ForwardRequest::all();
    request.*(r.flag) = false;
    EXPECT_FALSE(request.everything()) << r.name;
  }
}

TEST(LeanFull, TheFullRequestHasTheFullForwardsLimitAndMessage) {
  // A size check_work_size refuses: the same code and message.
  const int d = 4096, heads = 64, n = kMaxTokens;
  ASSERT_FALSE(check_work_size(n, d, heads).ok());
  PackedWeights packed;
  packed.heads = heads;
  packed.d_model = d;
  const Eigen::Map<const Matrix> x(nullptr, n, d);
  const Status s = check_lean_input(x, packed, Mask(), ForwardRequest::all());
  const Status want = check_work_size(n, d, heads);
  EXPECT_EQ(s.code, want.code);
  EXPECT_EQ(s.message, want.message);
}

TEST(LeanFull, AnOverflowIsReportedUnderTheFullForwardsNames) {
  std::mt19937 rng(3);
  MultiHeadWeights w = RandomWeights(rng, 8, 2);
  w.wk *= 1e30f;
  const Matrix x = RandomMatrix(rng, 4, 8, 1e10f);
  const Result<MultiHeadResult> full = multi_head_attention(x, w, Mask());
  ASSERT_FALSE(full.ok());
  const Result<PackedWeights> packed = pack_weights(w);
  ASSERT_TRUE(packed.ok());
  LeanWorkspace workspace;
  LeanResult result;
  const Status s = multi_head_attention_lean(
      x, packed.value(), Mask(), ForwardRequest::all(), &workspace, &result);
  EXPECT_EQ(s.code, full.status().code);
  EXPECT_EQ(s.message, full.status().message);
}

}  // namespace
}  // namespace mha
