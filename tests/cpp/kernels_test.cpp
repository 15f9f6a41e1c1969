// The SIMD128 kernels (kernels.h) and the forwards built on them (lean.h,
// multi_head_attention) against the plain Eigen reference, on odd sizes
// (n, d not multiples of 4, 8 or 16; d_k from 1 to 16), masked rows, causal
// masks, and every fixture configuration. The same binary runs natively (the
// portable kernels) and under Node (the wasm SIMD128 kernels).
//
// Tolerance: 1e-4 relative. For a product, relative to Σ|a·b| of the dot
// product (the scale its rounding error has); for attention results,
// |got - want| ≤ 1e-5 + 1e-4·|want| as in fixtures_test.cpp.
#include "mha/kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "mha/lean.h"
#include "mha/multi_head.h"
#include "mha/softmax.h"
#include "mha/validate.h"
#include "test_helpers.h"

namespace mha {
namespace {

using testing::RandomMatrix;
using testing::RandomWeights;

constexpr double kAbs = 1e-5;
constexpr double kRel = 1e-4;
constexpr float kInf = std::numeric_limits<float>::infinity();

// Every cell within kAbs + kRel·|want|; -infinity must match exactly. On
// failure, names the worst cell and the tolerance.
::testing::AssertionResult Close(const char* name, const float* got,
                                 const float* want, Eigen::Index size) {
  double worst_excess = -1;
  Eigen::Index at = -1;
  for (Eigen::Index i = 0; i < size; ++i) {
    if (std::isinf(want[i]) || std::isinf(got[i])) {
      if (got[i] != want[i]) {
        return ::testing::AssertionFailure()
               << name << "[" << i << "] = " << got[i] << ", want " << want[i];
      }
      continue;
    }
    const double excess = std::abs(static_cast<double>(got[i]) - want[i]) -
                          (kAbs + kRel * std::abs(want[i]));
    if (excess > worst_excess) {
      worst_excess = excess;
      at = i;
    }
  }
  if (worst_excess > 0) {
    return ::testing::AssertionFailure()
           << name << ": largest difference "
           << std::abs(static_cast<double>(got[at]) - want[at]) << " at " << at
           << " (got " << got[at] << ", want " << want[at] << "), tolerance "
           << kAbs << " + " << kRel << "·|want|";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Close(const char* name, const Matrix& got,
                                 const Matrix& want) {
  if (got.rows() != want.rows() || got.cols() != want.cols()) {
    return ::testing::AssertionFailure()
           << name << ": shape " << got.rows() << " × " << got.cols()
           << ", want " << want.rows() << " × " << want.cols();
  }
  return Close(name, got.data(), want.data(), got.size());
}

// ---- gemm_packed ------------------------------------------------------------

struct GemmCase {
  int m, n, k;
  bool bias;
};

// a: m × k inside a wider buffer (lda = k + 3), c: m × n inside ldc = n + 5,
// B packed with 2 extra rows above (b_depth = k + 2, start at row 2).
void CheckGemm(const GemmCase& g, std::mt19937& rng) {
  const int lda = g.k + 3, ldc = g.n + 5, depth = g.k + 2;
  const Matrix a = RandomMatrix(rng, g.m, lda);
  const Matrix b = RandomMatrix(rng, depth, g.n);
  const Matrix bias = RandomMatrix(rng, 1, g.n);
  std::vector<float> packed(kernels::packed_size(depth, g.n));
  kernels::pack_b(depth, g.n, b.data(), g.n, packed.data());
  std::vector<float> c(static_cast<std::size_t>(g.m) * ldc, 12345.0f);
  kernels::gemm_packed(g.m, g.n, g.k, a.data(), lda,
                       packed.data() + 2 * kernels::kPanel, depth,
                       g.bias ? bias.data() : nullptr, c.data(), ldc);
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < ldc; ++j) {
      const float got = c[static_cast<std::size_t>(i) * ldc + j];
      if (j >= g.n) {
        ASSERT_EQ(got, 12345.0f) << "wrote past column " << g.n;
        continue;
      }
      double want = g.bias ? bias(0, j) : 0.0, magnitude = std::abs(want);
      for (int p = 0; p < g.k; ++p) {
        want += static_cast<double>(a(i, p)) * b(p + 2, j);
        magnitude += std::abs(static_cast<double>(a(i, p)) * b(p + 2, j));
      }
      ASSERT_LE(std::abs(got - want), 1e-4 * magnitude + 1e-6)
          << "c(" << i << ", " << j << ") of " << g.m << " × " << g.n << " × "
          << g.k << (g.bias ? " with bias" : "");
    }
  }
}

TEST(Gemm, MatchesDoublePrecisionOnOddSizes) {
  std::mt19937 rng(1);
  for (int m : {1, 2, 3, 4, 5, 7, 13, 97, 101}) {
    for (int n : {1, 3, 8, 9, 17, 30}) {
      for (int k : {1, 3, 16, 17, 255, 256, 257, 300}) {
        CheckGemm({m, n, k, (m + n + k) % 2 == 0}, rng);
      }
    }
  }
}

// gemm_row_major: B read in place, inside a wider buffer (ldb = n + 8).
TEST(Gemm, RowMajorBMatchesDoublePrecision) {
  std::mt19937 rng(2);
  for (int m : {1, 3, 4, 5, 33}) {
    for (int n : {8, 16, 40}) {
      for (int k : {1, 17, 256, 300}) {
        const int lda = k + 1, ldb = n + 8, ldc = n + 3;
        const Matrix a = RandomMatrix(rng, m, lda);
        const Matrix b = RandomMatrix(rng, k, ldb);
        const Matrix bias = RandomMatrix(rng, 1, n);
        std::vector<float> c(static_cast<std::size_t>(m) * ldc, 12345.0f);
        kernels::gemm_row_major(m, n, k, a.data(), lda, b.data(), ldb,
                                bias.data(), c.data(), ldc);
        for (int i = 0; i < m; ++i) {
          for (int j = 0; j < ldc; ++j) {
            const float got = c[static_cast<std::size_t>(i) * ldc + j];
            if (j >= n) {
              ASSERT_EQ(got, 12345.0f) << "wrote past column " << n;
              continue;
            }
            double want = bias(0, j), magnitude = std::abs(want);
            for (int p = 0; p < k; ++p) {
              want += static_cast<double>(a(i, p)) * b(p, j);
              magnitude += std::abs(static_cast<double>(a(i, p)) * b(p, j));
            }
            ASSERT_LE(std::abs(got - want), 1e-4 * magnitude + 1e-6)
                << "c(" << i << ", " << j << ") of " << m << " × " << n << " × "
                << k;
          }
        }
      }
    }
  }
}

TEST(Gemm, TransposedPackingGivesQTimesKTransposed) {
  std::mt19937 rng(2);
  for (int d_k = 1; d_k <= 16; ++d_k) {
    for (int n : {1, 5, 9, 33}) {
      const Matrix q = RandomMatrix(rng, n, d_k);
      const Matrix k = RandomMatrix(rng, n, d_k);
      std::vector<float> packed(kernels::packed_size(d_k, n));
      kernels::pack_bt(d_k, n, k.data(), d_k, packed.data());
      Matrix s(n, n);
      kernels::gemm_packed(n, n, d_k, q.data(), d_k, packed.data(), d_k,
                           nullptr, s.data(), n);
      const Matrix want = q * k.transpose();
      EXPECT_TRUE(Close("q·kᵀ", s, want)) << "d_k " << d_k << ", n " << n;
    }
  }
}

// ---- softmax_rows_fused ----

// Reference: scale, apply_mask, softmax_rows (Eigen), for query rows
// [first, first + rows) of an n-key attention.
void CheckSoftmax(int rows, int cols, int first, const Mask& mask,
                  std::mt19937& rng, bool deferred) {
  const float scale = 0.37f;
  const Matrix raw = RandomMatrix(rng, rows, cols, 6.0f);
  Matrix full_scores(first + rows, cols);
  full_scores.setZero();
  full_scores.bottomRows(rows) = raw * scale;
  apply_mask(mask, full_scores);
  const Matrix want_scores = full_scores.bottomRows(rows);
  const Matrix want_weights = softmax_rows(want_scores);

  Matrix s = raw, scores(rows, cols);
  std::vector<float> inv(static_cast<std::size_t>(rows));
  const kernels::RowMask row_mask{
      mask.causal, mask.keep.empty() ? nullptr : mask.keep.data()};
  kernels::softmax_rows_fused(rows, cols, s.data(), cols, scale, first,
                              row_mask, scores.data(), cols,
                              deferred ? inv.data() : nullptr);
  if (deferred) {
    for (int r = 0; r < rows; ++r) s.row(r) *= inv[static_cast<std::size_t>(r)];
  }
  EXPECT_TRUE(Close("scores", scores, want_scores))
      << rows << " × " << cols << " from row " << first;
  EXPECT_TRUE(Close("weights", s, want_weights))
      << rows << " × " << cols << " from row " << first;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (std::isinf(want_scores(r, c))) {
        ASSERT_EQ(s(r, c), 0.0f);
      }
    }
  }
}

TEST(FusedSoftmax, MatchesEigenWithAndWithoutMasks) {
  std::mt19937 rng(3);
  for (int cols = 1; cols <= 19; ++cols) {
    for (int first : {0, 3}) {
      for (bool deferred : {false, true}) {
        CheckSoftmax(5, cols, first, Mask::None(), rng, deferred);
        Mask causal = Mask::Causal();
        CheckSoftmax(5, cols, first, causal, rng, deferred);
        std::vector<std::uint8_t> keep(static_cast<std::size_t>(cols), 1);
        for (int j = 0; j < cols; j += 3) keep[static_cast<std::size_t>(j)] = 0;
        CheckSoftmax(5, cols, first, Mask::KeyPadding(keep), rng, deferred);
        Mask both{true, keep};
        CheckSoftmax(5, cols, first, both, rng, deferred);
      }
    }
  }
}

TEST(FusedSoftmax, AFullyMaskedRowIsZeroNotNaN) {
  // keep hides key 0, and causal row 0 sees only key 0.
  Mask mask{true, {0, 1, 1, 1, 1}};
  Matrix s = Matrix::Constant(2, 5, 1.0f), scores(2, 5);
  const kernels::RowMask row_mask{true, mask.keep.data()};
  float inv[2];
  kernels::softmax_rows_fused(2, 5, s.data(), 5, 1.0f, 0, row_mask,
                              scores.data(), 5, inv);
  for (int c = 0; c < 5; ++c) {
    EXPECT_EQ(s(0, c), 0.0f);
    EXPECT_EQ(scores(0, c), -kInf);
  }
  EXPECT_EQ(inv[0], 0.0f);
  EXPECT_FLOAT_EQ(s(1, 1), 1.0f);  // row 1 sees key 1 alone (unnormalised)
}

TEST(FusedSoftmax, ExpIsAccurateOverTheSoftmaxRange) {
  std::vector<float> x;
  for (float v = -87.0f; v <= 0.0f; v += 0.01f) x.push_back(v);
  std::vector<float> e = x;
  kernels::exp_inplace(static_cast<int>(e.size()), e.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(static_cast<double>(x[i]));
    ASSERT_LE(std::abs(e[i] - want), 1e-6 * want) << "exp(" << x[i] << ")";
  }
  float low[5] = {-kInf, -1000.0f, -88.0f, -87.5f, 0.0f};
  kernels::exp_inplace(5, low);
  EXPECT_EQ(low[0], 0.0f);
  EXPECT_EQ(low[1], 0.0f);
  EXPECT_EQ(low[2], 0.0f);
  EXPECT_EQ(low[3], 0.0f);
  EXPECT_EQ(low[4], 1.0f);
}

// ---- finiteness ----

// Every length up to past two SIMD blocks, and each bad value at every
// position (the head, the 16-float body, the scalar tail, across the
// 1024-float block edge), against std::isfinite cell by cell.
TEST(AllFinite, FindsEveryNonFiniteValueAtEveryPosition) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float bad[] = {nan, -nan, kInf, -kInf,
                       std::numeric_limits<float>::signaling_NaN()};
  // Finite extremes: the largest, the smallest normal and subnormal, -0.
  const float edge[] = {std::numeric_limits<float>::max(),
                        -std::numeric_limits<float>::max(),
                        std::numeric_limits<float>::min(),
                        std::numeric_limits<float>::denorm_min(), -0.0f};
  for (std::size_t count :
       {0u, 1u, 3u, 15u, 16u, 17u, 33u, 1023u, 1024u, 1025u, 1040u, 2071u}) {
    std::vector<float> v(count);
    for (std::size_t i = 0; i < count; ++i) v[i] = edge[i % 5];
    ASSERT_TRUE(kernels::all_finite(v.data(), count)) << count;
    for (std::size_t at = 0; at < count; ++at) {
      const float before = v[at];
      v[at] = bad[at % 5];
      ASSERT_FALSE(std::isfinite(v[at]));
      ASSERT_FALSE(kernels::all_finite(v.data(), count))
          << "count " << count << ", " << v[at] << " at " << at;
      // Only the first `at` floats: the bad one is outside.
      ASSERT_TRUE(kernels::all_finite(v.data(), at)) << count << " " << at;
      v[at] = before;
    }
  }
}

// The checks of validate.h on a block of a wider matrix (rows not
// contiguous): the bad cell outside the block is not seen, one inside is.
TEST(AllFinite, ChecksABlockOfAWiderMatrixRowByRow) {
  Matrix m = Matrix::Constant(5, 37, 1.0f);
  m(2, 30) = kInf;
  EXPECT_TRUE(all_finite(m.block(0, 0, 5, 20)));
  EXPECT_FALSE(all_finite(m.block(1, 25, 3, 10)));
  EXPECT_FALSE(all_finite(m));
  const Status s = check_finite("m", m);
  EXPECT_EQ(s.code, ErrorCode::kNonFinite);
  EXPECT_NE(s.message.find("row 2, column 30"), std::string::npos) << s.message;
}

// ---- whole forwards ----

struct Config {
  int n, d_model, heads;
  bool causal, pad, bias;
};

Mask MaskFor(const Config& c) {
  Mask mask;
  mask.causal = c.causal;
  if (c.pad) {
    mask.keep.assign(static_cast<std::size_t>(c.n), 1);
    // Hide every third key, and key 0, so that under a causal mask row 0
    // has nothing to attend to (a fully masked row).
    for (int j = 0; j < c.n; j += 3) mask.keep[static_cast<std::size_t>(j)] = 0;
  }
  return mask;
}

// Lean (all four requests, and output alone) and full forward against the
// Eigen reference.
void CheckForwards(const Matrix& x, const MultiHeadWeights& w, const Mask& mask,
                   const std::string& label) {
  SCOPED_TRACE(label);
  const MultiHeadResult want = multi_head_attention_reference(x, w, mask);

  const MultiHeadResult full = multi_head_attention_unchecked(x, w, mask);
  EXPECT_TRUE(Close("q", full.q, want.q));
  EXPECT_TRUE(Close("k", full.k, want.k));
  EXPECT_TRUE(Close("v", full.v, want.v));
  EXPECT_TRUE(Close("scores", full.scores, want.scores));
  EXPECT_TRUE(Close("weights", full.weights, want.weights));
  EXPECT_TRUE(Close("heads", full.head_outputs, want.head_outputs));
  EXPECT_TRUE(Close("concat", full.concat, want.concat));
  EXPECT_TRUE(Close("output", full.output, want.output));
  EXPECT_TRUE(Close("contributions", full.contributions, want.contributions));
  EXPECT_TRUE(Close("contribution_norms", full.contribution_norms,
                    want.contribution_norms));

  const Result<PackedWeights> packed = pack_weights(w);
  ASSERT_TRUE(packed.ok()) << packed.status().message;
  LeanWorkspace workspace;
  LeanResult all, only_output;
  ForwardRequest everything;
  everything.concat = everything.scores = everything.weights = true;
  ASSERT_TRUE(multi_head_attention_lean(x, packed.value(), mask, everything,
                                        &workspace, &all)
                  .ok());
  EXPECT_TRUE(Close("lean output", all.output, want.output));
  EXPECT_TRUE(Close("lean concat", all.concat, want.concat));
  EXPECT_TRUE(Close("lean scores", all.scores, want.scores));
  EXPECT_TRUE(Close("lean weights", all.weights, want.weights));
  ASSERT_TRUE(multi_head_attention_lean(x, packed.value(), mask,
                                        ForwardRequest(), &workspace,
                                        &only_output)
                  .ok());
  EXPECT_TRUE(Close("lean output only", only_output.output, want.output));
  EXPECT_EQ(only_output.weights.size(), 0);
  EXPECT_EQ(only_output.scores.size(), 0);
  EXPECT_EQ(only_output.concat.size(), 0);
}

TEST(Forwards, MatchTheReferenceOnOddSizes) {
  std::mt19937 rng(4);
  std::vector<Config> configs;
  // d_k = 1..16, with n and d_model off every multiple of 4, 8 and 16.
  for (int d_k = 1; d_k <= 16; ++d_k) {
    const int heads = 1 + d_k % 3;
    const int n = 1 + (7 * d_k) % 23;
    configs.push_back(
        {n, d_k * heads, heads, d_k % 2 == 0, d_k % 3 == 0, d_k % 4 != 1});
  }
  configs.push_back({70, 21, 3, true, true, true});     // > one query block
  configs.push_back({130, 12, 4, false, true, false});  // 3 query blocks
  configs.push_back({65, 36, 12, true, false, true});
  configs.push_back({1, 5, 5, true, false, false});
  for (const Config& c : configs) {
    const MultiHeadWeights w = RandomWeights(rng, c.d_model, c.heads, c.bias);
    const Matrix x = RandomMatrix(rng, c.n, c.d_model);
    CheckForwards(x, w, MaskFor(c),
                  "n " + std::to_string(c.n) + ", d_model " +
                      std::to_string(c.d_model) + ", heads " +
                      std::to_string(c.heads) + (c.causal ? ", causal" : "") +
                      (c.pad ? ", padded" : "") + (c.bias ? ", biases" : ""));
  }
}

TEST(Forwards, AWorkspaceReusedAcrossSizesGivesFreshResults) {
  std::mt19937 rng(5);
  const MultiHeadWeights w = RandomWeights(rng, 24, 4, true);
  const PackedWeights packed = pack_weights(w).value();
  LeanWorkspace shared;
  LeanResult result;
  for (int n : {40, 3, 71, 1, 40}) {
    const Matrix x = RandomMatrix(rng, n, 24);
    const Mask mask = n % 2 == 1 ? Mask::Causal() : Mask::None();
    ASSERT_TRUE(multi_head_attention_lean(x, packed, mask, ForwardRequest(),
                                          &shared, &result)
                    .ok());
    EXPECT_TRUE(Close("output", result.output,
                      multi_head_attention_reference(x, w, mask).output))
        << "n " << n;
  }
}

TEST(Forwards, LeanInputIsValidated) {
  std::mt19937 rng(6);
  const PackedWeights packed = pack_weights(RandomWeights(rng, 8, 2)).value();
  LeanWorkspace workspace;
  LeanResult result;
  Matrix x = RandomMatrix(rng, 3, 8);
  x(1, 2) = std::nanf("");
  EXPECT_EQ(multi_head_attention_lean(x, packed, Mask::None(), ForwardRequest(),
                                      &workspace, &result)
                .code,
            ErrorCode::kNonFinite);
  x(1, 2) = 0;
  EXPECT_EQ(multi_head_attention_lean(x, packed, Mask::KeyPadding({1, 1}),
                                      ForwardRequest(), &workspace, &result)
                .code,
            ErrorCode::kShapeMismatch);
  EXPECT_EQ(
      multi_head_attention_lean(RandomMatrix(rng, 3, 7), packed, Mask::None(),
                                ForwardRequest(), &workspace, &result)
          .code,
      ErrorCode::kShapeMismatch);
  MultiHeadWeights bad = RandomWeights(rng, 8, 3);
  EXPECT_EQ(pack_weights(bad).status().code, ErrorCode::kHeadsDoNotDivide);
}

// ---- every fixture configuration ----

Matrix ToMatrix(const nlohmann::json& values, int rows, int cols) {
  Matrix m(rows, cols);
  for (int i = 0; i < rows * cols; ++i) m.data()[i] = values[i].get<float>();
  return m;
}

class KernelFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(KernelFixture, KernelsMatchTheEigenReference) {
  std::ifstream in(std::string(MHA_FIXTURES_DIR) + "/" + GetParam() + ".json");
  const nlohmann::json f = nlohmann::json::parse(in);
  const int n = f["n"], d = f["d_model"], heads = f["heads"];
  const nlohmann::json& i = f["inputs"];
  MultiHeadWeights w;
  w.heads = heads;
  w.wq = ToMatrix(i["wq"], d, d);
  w.wk = ToMatrix(i["wk"], d, d);
  w.wv = ToMatrix(i["wv"], d, d);
  w.wo = ToMatrix(i["wo"], d, d);
  const std::pair<const char*, RowVector*> biases[] = {
      {"bq", &w.bq}, {"bk", &w.bk}, {"bv", &w.bv}, {"bo", &w.bo}};
  for (const auto& [name, b] : biases) {
    if (!i[name].is_null()) *b = ToMatrix(i[name], 1, d).row(0);
  }
  Mask mask;
  mask.causal = f["causal"].get<bool>();
  if (!i["keep"].is_null()) {
    mask.keep = i["keep"].get<std::vector<std::uint8_t>>();
  }
  CheckForwards(ToMatrix(i["x"], n, d), w, mask, GetParam());
}

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(MHA_FIXTURES_DIR)) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, KernelFixture,
                         ::testing::ValuesIn(FixtureNames()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return p.param;
                         });

}  // namespace
}  // namespace mha
