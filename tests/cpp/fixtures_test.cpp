// Golden values from the independent Python reference
// (tests/fixtures/generate_mha_fixtures.py, plain loops in double precision).
// Every intermediate the core returns is compared, cell by cell, with
// |got - want| <= kAbs + kRel·|want|. A failure prints the largest difference,
// where it is, and the tolerance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mha/multi_head.h"

namespace mha {
namespace {

constexpr double kAbs = 1e-5;
constexpr double kRel = 1e-4;

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(MHA_FIXTURES_DIR)) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

nlohmann::json LoadFixture(const std::string& name) {
  std::ifstream in(std::string(MHA_FIXTURES_DIR) + "/" + name + ".json");
  return nlohmann::json::parse(in);
}

Matrix ToMatrix(const nlohmann::json& values, int rows, int cols) {
  Matrix m(rows, cols);
  for (int i = 0; i < rows * cols; ++i) {
    m.data()[i] = values[i].get<float>();
  }
  return m;
}

RowVector ToBias(const nlohmann::json& values, int d_model) {
  if (values.is_null()) return {};
  return ToMatrix(values, 1, d_model).row(0);
}

// Compares a computed tensor with the expected flat array; JSON null in
// `want` stands for -infinity (a masked score).
::testing::AssertionResult Matches(const char* name, const Matrix& got,
                                   const nlohmann::json& want) {
  if (static_cast<size_t>(got.size()) != want.size()) {
    return ::testing::AssertionFailure()
           << name << ": " << got.size() << " values, expected " << want.size();
  }
  double worst = 0, worst_excess = -1;
  size_t worst_at = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const float g = got.data()[i];
    if (want[i].is_null()) {
      if (g != -std::numeric_limits<float>::infinity()) {
        return ::testing::AssertionFailure()
               << name << "[" << i << "] = " << g << ", expected -inf";
      }
      continue;
    }
    const double w = want[i].get<double>();
    const double diff =
        std::isfinite(g) ? std::abs(g - w) : std::numeric_limits<double>::max();
    const double excess = diff - (kAbs + kRel * std::abs(w));
    if (excess > worst_excess) {
      worst_excess = excess;
      worst = diff;
      worst_at = i;
    }
  }
  if (worst_excess > 0) {
    return ::testing::AssertionFailure()
           << name << ": largest difference " << worst << " at flat index "
           << worst_at << " (got " << got.data()[worst_at] << ", want "
           << want[worst_at] << "), tolerance " << kAbs << " + " << kRel
           << "·|want|";
  }
  return ::testing::AssertionSuccess();
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, EveryIntermediateMatchesReference) {
  const nlohmann::json f = LoadFixture(GetParam());
  const int n = f["n"], d_model = f["d_model"], heads = f["heads"];
  const nlohmann::json& in = f["inputs"];
  MultiHeadWeights w;
  w.heads = heads;
  w.wq = ToMatrix(in["wq"], d_model, d_model);
  w.wk = ToMatrix(in["wk"], d_model, d_model);
  w.wv = ToMatrix(in["wv"], d_model, d_model);
  w.wo = ToMatrix(in["wo"], d_model, d_model);
  w.bq = ToBias(in["bq"], d_model);
  w.bk = ToBias(in["bk"], d_model);
  w.bv = ToBias(in["bv"], d_model);
  w.bo = ToBias(in["bo"], d_model);
  Mask mask;
  mask.causal = f["causal"].get<bool>();
  if (!in["keep"].is_null()) {
    mask.keep = in["keep"].get<std::vector<std::uint8_t>>();
  }
  const Matrix x = ToMatrix(in["x"], n, d_model);

  const Result<MultiHeadResult> result = multi_head_attention(x, w, mask);
  ASSERT_TRUE(result.ok()) << result.status().message;
  const MultiHeadResult& r = result.value();
  const nlohmann::json& want = f["expected"];
  EXPECT_TRUE(Matches("q", r.q, want["q"]));
  EXPECT_TRUE(Matches("k", r.k, want["k"]));
  EXPECT_TRUE(Matches("v", r.v, want["v"]));
  EXPECT_TRUE(Matches("scores", r.scores, want["scores"]));
  EXPECT_TRUE(Matches("weights", r.weights, want["weights"]));
  EXPECT_TRUE(Matches("heads", r.head_outputs, want["heads"]));
  EXPECT_TRUE(Matches("concat", r.concat, want["concat"]));
  EXPECT_TRUE(Matches("output", r.output, want["output"]));
  EXPECT_TRUE(Matches("contributions", r.contributions, want["contributions"]));
  EXPECT_TRUE(Matches("contribution_norms", r.contribution_norms,
                      want["contribution_norms"]));
}

INSTANTIATE_TEST_SUITE_P(Reference, Fixture,
                         ::testing::ValuesIn(FixtureNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(Fixtures, AtLeastFortyAreCommitted) {
  EXPECT_GE(FixtureNames().size(), 40u);
}

}  // namespace
}  // namespace mha
