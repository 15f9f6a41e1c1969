// Head metrics on hand-made attention patterns whose scores are known, the
// classifier's thresholds, and the copying score of a hand-built model.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mha/model/metrics.h"
#include "mha/model/model.h"

namespace mha::model {
namespace {

// n × n causal patterns.
Matrix PreviousToken(int n) {
  Matrix a = Matrix::Zero(n, n);
  a(0, 0) = 1;
  for (int i = 1; i < n; ++i) a(i, i - 1) = 1;
  return a;
}

Matrix UniformCausal(int n) {
  Matrix a = Matrix::Zero(n, n);
  for (int i = 0; i < n; ++i) a.row(i).head(i + 1).setConstant(1.0f / (i + 1));
  return a;
}

Matrix Diagonal(int n) { return Matrix::Identity(n, n); }

Matrix FirstToken(int n) {
  Matrix a = Matrix::Zero(n, n);
  a.col(0).setOnes();
  return a;
}

TEST(PatternMetrics, PerfectPreviousTokenHeadScoresOne) {
  const PatternMetrics m = pattern_metrics(PreviousToken(16), nullptr);
  EXPECT_FLOAT_EQ(m.previous_token, 1.0f);
  EXPECT_FLOAT_EQ(m.self_mass, 0.0f);
  EXPECT_FLOAT_EQ(m.confidence, 1.0f);
  EXPECT_FLOAT_EQ(m.entropy, 0.0f);
  EXPECT_FLOAT_EQ(m.mean_distance, 1.0f);
  EXPECT_FLOAT_EQ(m.local_mass, 1.0f);
  EXPECT_EQ(classify_head(m), HeadLabel::kPreviousToken);
}

TEST(PatternMetrics, UniformAttentionHasNormalisedEntropyOne) {
  const int n = 32;
  const PatternMetrics m = pattern_metrics(UniformCausal(n), nullptr);
  EXPECT_NEAR(m.entropy_normalized, 1.0f, 1e-5);
  // Mean of ln(i + 1) over rows 1..n-1, in nats.
  double expected = 0;
  for (int i = 1; i < n; ++i) expected += std::log(i + 1.0);
  EXPECT_NEAR(m.entropy, expected / (n - 1), 1e-4);
  // Row i's mean distance is i/2, so the average is n/4.
  EXPECT_NEAR(m.mean_distance, n / 4.0f, 1e-4);
  EXPECT_EQ(classify_head(m), HeadLabel::kBroad);
  // Without the causal mask: uniform over all n keys.
  const PatternMetrics full =
      pattern_metrics(Matrix::Constant(n, n, 1.0f / n), nullptr, false);
  EXPECT_NEAR(full.entropy_normalized, 1.0f, 1e-5);
  EXPECT_NEAR(full.confidence, 1.0f / n, 1e-6);
}

TEST(PatternMetrics, InductionOnTheRepeatedProbe) {
  // tokens: 10 distinct ids, then the same again; a perfect induction head
  // attends from i (second half) to i − 10 + 1, the successor of the
  // earlier occurrence of its token.
  const int half = 10, n = 2 * half;
  std::vector<int> tokens(n);
  for (int i = 0; i < n; ++i) tokens[i] = 10 + i % half;
  Matrix a = Matrix::Zero(n, n);
  for (int i = 0; i < n; ++i) a(i, i >= half ? i - half + 1 : 0) = 1;
  const PatternMetrics m = pattern_metrics(a, tokens.data());
  EXPECT_FLOAT_EQ(m.induction, 1.0f);
  EXPECT_EQ(classify_head(m), HeadLabel::kInduction);
  // A previous-token head scores 0 on the same probe.
  EXPECT_FLOAT_EQ(pattern_metrics(PreviousToken(n), tokens.data()).induction,
                  0.0f);
  // No repeated token at all: no query counts, the score is 0.
  std::vector<int> distinct(n);
  for (int i = 0; i < n; ++i) distinct[i] = i;
  EXPECT_FLOAT_EQ(pattern_metrics(a, distinct.data()).induction, 0.0f);
}

TEST(PatternMetrics, SinkAndSelf) {
  const PatternMetrics sink = pattern_metrics(FirstToken(12), nullptr);
  EXPECT_FLOAT_EQ(sink.sink_mass, 1.0f);
  EXPECT_EQ(classify_head(sink), HeadLabel::kSink);
  const PatternMetrics self = pattern_metrics(Diagonal(12), nullptr);
  EXPECT_FLOAT_EQ(self.self_mass, 1.0f);
  EXPECT_FLOAT_EQ(self.mean_distance, 0.0f);
  EXPECT_EQ(classify_head(self), HeadLabel::kSelf);
}

TEST(PatternMetrics, LocalAndWeird) {
  const int n = 24;
  // Half on the token 2 back, half on the token 3 back: positional/local.
  Matrix local = Matrix::Zero(n, n);
  Matrix far = Matrix::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    local(i, std::max(0, i - 2)) += 0.5f;
    local(i, std::max(0, i - 3)) += 0.5f;
    far(i, i / 2) = 1;  // a sharp, content-free jump halfway back
  }
  const PatternMetrics l = pattern_metrics(local, nullptr);
  EXPECT_FLOAT_EQ(l.local_mass, 1.0f);
  EXPECT_EQ(classify_head(l), HeadLabel::kLocal);
  EXPECT_EQ(classify_head(pattern_metrics(far, nullptr)), HeadLabel::kWeird);
}

TEST(Classifier, ThresholdsAreInclusiveAndInOrder) {
  PatternMetrics m;
  m.previous_token = 0.5f;
  EXPECT_EQ(classify_head(m), HeadLabel::kPreviousToken);
  m.previous_token = 0.49f;
  EXPECT_EQ(classify_head(m), HeadLabel::kWeird);
  m.induction = 0.5f;  // induction wins over everything
  m.previous_token = 0.9f;
  m.sink_mass = 0.9f;
  EXPECT_EQ(classify_head(m), HeadLabel::kInduction);
  m = PatternMetrics{};
  m.sink_mass = 0.5f;
  m.self_mass = 0.5f;  // sink before self
  EXPECT_EQ(classify_head(m), HeadLabel::kSink);
  m = PatternMetrics{};
  m.local_mass = 0.9f;
  m.entropy_normalized = 0.75f;  // broad before local
  EXPECT_EQ(classify_head(m), HeadLabel::kBroad);
  m.entropy_normalized = 0.74f;
  EXPECT_EQ(classify_head(m), HeadLabel::kLocal);
  m.local_mass = 0.59f;
  EXPECT_EQ(classify_head(m), HeadLabel::kWeird);
  ClassifierThresholds strict;
  strict.previous_token = 0.95f;
  m = PatternMetrics{};
  m.previous_token = 0.9f;
  EXPECT_EQ(classify_head(m, strict), HeadLabel::kWeird);
  EXPECT_STREQ(head_label_name(HeadLabel::kSelf), "self/copy");
  EXPECT_STREQ(head_label_name(HeadLabel::kWeird), "weird");
}

TEST(Divergence, ZeroForIdenticalOneBitForDisjoint) {
  EXPECT_NEAR(js_divergence(PreviousToken(10), PreviousToken(10)), 0.0f, 1e-7);
  EXPECT_NEAR(js_divergence(PreviousToken(10), Diagonal(10)), 1.0f, 1e-6);
  const float d = js_divergence(UniformCausal(10), Diagonal(10));
  EXPECT_GT(d, 0.0f);
  EXPECT_LT(d, 1.0f);
  EXPECT_FLOAT_EQ(d, js_divergence(Diagonal(10), UniformCausal(10)));
}

// One layer, one head, d_model = vocab = 6, one-hot embeddings and
// W_V = W_O = W_U = I: whatever the head attends to, it writes that token's
// direction, so it promotes exactly the attended token. Copying = 1; with
// W_O = −I it demotes it: copying = 0.
TEST(Copying, AHandBuiltCopyingHeadScoresOne) {
  ModelConfig c;
  c.vocab = 6;
  c.context = 8;
  c.d_model = 6;
  c.heads = 1;
  c.layers = 1;
  Weights w = zero_weights(c);
  w.token_embedding = Matrix::Identity(6, 6);
  w.layers[0].ln1_gain.setOnes();
  w.layers[0].wv = Matrix::Identity(6, 6);
  w.layers[0].wo = Matrix::Identity(6, 6);
  w.lnf_gain.setOnes();
  w.unembedding = Matrix::Identity(6, 6);
  const std::vector<int> tokens = {0, 3, 5, 1, 3, 2, 4, 0};
  Result<ModelHeadReport> r = analyze_heads(w, tokens, 1, 8);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_FLOAT_EQ(r.value().at(0, 0).copying, 1.0f);
  w.layers[0].wo = -Matrix::Identity(6, 6);
  EXPECT_FLOAT_EQ(analyze_heads(w, tokens, 1, 8).value().at(0, 0).copying,
                  0.0f);
}

TEST(AnalyzeHeads, ReportsEveryHeadAndASymmetricDivergence) {
  ModelConfig c;
  c.layers = 2;
  c.heads = 2;
  c.d_model = 8;
  c.context = 16;
  const Weights w = init_weights(c, 3).value();
  std::vector<int> tokens(2 * 16);
  for (int i = 0; i < 32; ++i) tokens[i] = (i * 7) % c.vocab;
  const ModelHeadReport r = analyze_heads(w, tokens, 2, 16).value();
  ASSERT_EQ(r.heads_by_index.size(), 4u);
  EXPECT_EQ(r.at(1, 0).layer, 1);
  EXPECT_EQ(r.at(1, 0).head, 0);
  ASSERT_EQ(r.divergence.rows(), 4);
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(r.divergence(p, p), 0.0f);
    for (int q = 0; q < 4; ++q)
      EXPECT_EQ(r.divergence(p, q), r.divergence(q, p));
  }
  // Freshly initialised heads attend almost uniformly.
  EXPECT_EQ(r.at(0, 0).label, HeadLabel::kBroad);
  EXPECT_EQ(analyze_heads(w, tokens, 2, 15).status().code,
            ErrorCode::kShapeMismatch);
  EXPECT_EQ(analyze_heads(w, {1}, 1, 1).status().code, ErrorCode::kZeroSize);
}

TEST(BestHead, HighestScoreWinsAndTiesGoToTheFirst) {
  std::vector<HeadReport> heads(3);
  heads[0].layer = 0, heads[0].head = 0, heads[0].pattern.induction = 0.2f;
  heads[1].layer = 0, heads[1].head = 1, heads[1].pattern.induction = 0.7f;
  heads[2].layer = 1, heads[2].head = 0, heads[2].pattern.induction = 0.7f;
  heads[2].pattern.previous_token = 0.9f;
  const BestHead ind = best_head(heads, &PatternMetrics::induction);
  EXPECT_EQ(ind.layer, 0);
  EXPECT_EQ(ind.head, 1);
  EXPECT_FLOAT_EQ(ind.value, 0.7f);
  const BestHead prev = best_head(heads, &PatternMetrics::previous_token);
  EXPECT_EQ(prev.layer, 1);
  EXPECT_EQ(prev.head, 0);
  EXPECT_FLOAT_EQ(prev.value, 0.9f);
  EXPECT_EQ(best_head({}, &PatternMetrics::induction).layer, -1);
}

TEST(PhaseChangeStep, FirstStepHalfwayFromFirstToLastScore) {
  // first 0.1, last 0.9: halfway is 0.5; step 300 (0.4) is short of it.
  EXPECT_EQ(
      phase_change_step(
          {{0, 0.1f}, {100, 0.2f}, {300, 0.4f}, {400, 0.5f}, {500, 0.9f}}),
      400);
  // Not monotone: the first crossing counts, even if it dips afterwards.
  EXPECT_EQ(phase_change_step({{0, 0.0f}, {10, 0.8f}, {20, 0.3f}, {30, 1.0f}}),
            10);
}

TEST(PhaseChangeStep, NoneWhenNothingWasLearned) {
  EXPECT_EQ(phase_change_step({}), -1);
  EXPECT_EQ(phase_change_step({{0, 0.5f}}), -1);
  EXPECT_EQ(phase_change_step({{0, 0.6f}, {10, 0.9f}, {20, 0.6f}}), -1);
  EXPECT_EQ(phase_change_step({{0, 0.6f}, {10, 0.2f}}), -1);
}

// ---- checked_pattern_metrics ----
std::vector<float> RowMajor(const Matrix& a) {
  return std::vector<float>(a.data(), a.data() + a.size());  // row-major
}

TEST(CheckedPatternMetrics, AgreesWithPatternMetricsOnGoodInput) {
  const Matrix a = UniformCausal(6);
  const std::vector<int> tokens = {1, 2, 3, 1, 2, 3};
  const Result<PatternMetrics> r =
      checked_pattern_metrics(RowMajor(a), 6, &tokens, true);
  ASSERT_TRUE(r.ok()) << r.status().message;
  const PatternMetrics m = pattern_metrics(a, tokens.data(), true);
  EXPECT_EQ(r.value().previous_token, m.previous_token);
  EXPECT_EQ(r.value().induction, m.induction);
  EXPECT_EQ(r.value().entropy, m.entropy);
  EXPECT_EQ(r.value().local_mass, m.local_mass);
  // Uniform causal row i puts 1/(i+1) on its previous token.
  double previous = 0;
  for (int i = 1; i < 6; ++i) previous += 1.0 / (i + 1);
  EXPECT_NEAR(r.value().previous_token, previous / 5, 1e-6);
}

TEST(CheckedPatternMetrics, RefusesNOutsideItsLimits) {
  EXPECT_EQ(checked_pattern_metrics({1}, 1, nullptr).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(checked_pattern_metrics({}, 0, nullptr).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(
      checked_pattern_metrics({}, kMaxPatternTokens + 1, nullptr).status().code,
      ErrorCode::kTooLarge);
}

TEST(CheckedPatternMetrics, RefusesWrongLengths) {
  const std::vector<float> w = RowMajor(Diagonal(3));
  EXPECT_EQ(checked_pattern_metrics({1, 0, 0}, 3, nullptr).status().code,
            ErrorCode::kShapeMismatch);
  const std::vector<int> two = {1, 2};
  EXPECT_EQ(checked_pattern_metrics(w, 3, &two).status().code,
            ErrorCode::kShapeMismatch);
}

TEST(CheckedPatternMetrics, RefusesNonFiniteAndNegativeWeights) {
  std::vector<float> w = RowMajor(Diagonal(3));
  w[4] = std::nanf("");
  EXPECT_EQ(checked_pattern_metrics(w, 3, nullptr).status().code,
            ErrorCode::kNonFinite);
  w[4] = -0.5f;
  EXPECT_EQ(checked_pattern_metrics(w, 3, nullptr).status().code,
            ErrorCode::kOutOfRange);
}

TEST(CheckedPhaseChangeStep, AgreesWithTheRuleOnGoodPoints) {
  const std::vector<InductionPoint> points = {
      {0, 0.1f}, {100, 0.2f}, {200, 0.55f}, {300, 0.9f}};
  const Result<int> r = checked_phase_change_step(points);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r.value(), 200);  // halfway from 0.1 to 0.9 is 0.5
  EXPECT_EQ(checked_phase_change_step({}).value(), -1);
}

TEST(CheckedPhaseChangeStep, RefusesUnorderedNegativeOrNonFinitePoints) {
  EXPECT_EQ(checked_phase_change_step({{10, 0.1f}, {10, 0.2f}}).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(checked_phase_change_step({{20, 0.1f}, {10, 0.2f}}).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(checked_phase_change_step({{-1, 0.1f}}).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(
      checked_phase_change_step({{0, 0.1f}, {1, std::nanf("")}}).status().code,
      ErrorCode::kNonFinite);
}

}  // namespace
}  // namespace mha::model

TEST(BestHead, OfScoresNamesLayerAndHeadFromTheFlatIndex) {
  // Two layers of three heads; the largest score is at index 4: L1H1.
  const mha::Result<mha::model::BestHead> best =
      mha::model::best_head_of_scores({0.1f, 0.5f, 0.2f, 0.3f, 0.9f, 0.9f}, 3);
  ASSERT_TRUE(best.ok()) << best.status().message;
  EXPECT_EQ(best.value().layer, 1);
  EXPECT_EQ(best.value().head, 1);
  EXPECT_FLOAT_EQ(best.value().value, 0.9f);
  EXPECT_EQ(mha::model::best_head_of_scores({0.1f}, 0).status().code,
            mha::ErrorCode::kOutOfRange);
  EXPECT_EQ(
      mha::model::best_head_of_scores({0.1f, 0.2f, 0.3f}, 2).status().code,
      mha::ErrorCode::kShapeMismatch);
  EXPECT_EQ(mha::model::best_head_of_scores({}, 4).value().layer, -1);
}
