// The training core's building blocks, each against finite differences or a
// hand calculation, and the batched attention against the inference core.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "mha/attention.h"
#include "mha/mask.h"
#include "mha/model/layers.h"
#include "mha/model/transformer.h"
#include "mha/multi_head.h"
#include "mha/softmax.h"
#include "model_test_helpers.h"
#include "test_helpers.h"

namespace mha::model {
namespace {

using mha::testing::RandomMatrix;

// Central differences of a scalar function of one matrix, in float with
// step h, cell by cell.
Matrix NumericGradient(const std::function<double(const Matrix&)>& f,
                       const Matrix& at, float h = 1e-2f) {
  Matrix x = at, g(at.rows(), at.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const float saved = x.data()[i];
    x.data()[i] = saved + h;
    const double up = f(x);
    x.data()[i] = saved - h;
    const double down = f(x);
    x.data()[i] = saved;
    g.data()[i] = static_cast<float>((up - down) / (2.0 * h));
  }
  return g;
}

// ‖a − b‖ / max(‖a‖, ‖b‖).
double RelativeError(const Matrix& a, const Matrix& b) {
  return (a - b).norm() / std::max(a.norm(), b.norm());
}

// A fixed random "upstream gradient" makes any block's output a scalar:
// L = Σ out ⊙ probe.
double Dot(const Matrix& a, const Matrix& b) {
  return a.cwiseProduct(b).cast<double>().sum();
}

TEST(LayerNorm, ForwardNormalisesEachRow) {
  std::mt19937 rng(1);
  const Matrix x = RandomMatrix(rng, 3, 6, 3.0f);
  const Matrix gain = Matrix::Ones(1, 6), bias = Matrix::Zero(1, 6);
  Matrix out, x_hat, rstd;
  layer_norm_forward(x, gain, bias, &out, &x_hat, &rstd);
  for (int r = 0; r < 3; ++r) {
    EXPECT_NEAR(out.row(r).mean(), 0.0f, 1e-6);
    EXPECT_NEAR(out.row(r).squaredNorm() / 6, 1.0f, 1e-3);  // ε = 1e-5
  }
}

TEST(LayerNorm, BackwardMatchesFiniteDifferences) {
  std::mt19937 rng(2);
  const Matrix x = RandomMatrix(rng, 4, 5, 2.0f);
  const Matrix gain = RandomMatrix(rng, 1, 5) + Matrix::Ones(1, 5);
  const Matrix bias = RandomMatrix(rng, 1, 5);
  const Matrix probe = RandomMatrix(rng, 4, 5);
  Matrix out, x_hat, rstd, d_x, d_gain, d_bias;
  layer_norm_forward(x, gain, bias, &out, &x_hat, &rstd);
  layer_norm_backward(probe, x_hat, rstd, gain, &d_x, &d_gain, &d_bias);

  const auto loss_of_x = [&](const Matrix& xx) {
    Matrix o, h, s;
    layer_norm_forward(xx, gain, bias, &o, &h, &s);
    return Dot(o, probe);
  };
  const auto loss_of_gain = [&](const Matrix& g) {
    Matrix o, h, s;
    layer_norm_forward(x, g, bias, &o, &h, &s);
    return Dot(o, probe);
  };
  const auto loss_of_bias = [&](const Matrix& b) {
    Matrix o, h, s;
    layer_norm_forward(x, gain, b, &o, &h, &s);
    return Dot(o, probe);
  };
  EXPECT_LT(RelativeError(NumericGradient(loss_of_x, x), d_x), 2e-3);
  EXPECT_LT(RelativeError(NumericGradient(loss_of_gain, gain), d_gain), 2e-3);
  EXPECT_LT(RelativeError(NumericGradient(loss_of_bias, bias), d_bias), 2e-3);
}

TEST(Activation, GeluMatchesItsFormulaAtKnownPoints) {
  // gelu(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))): gelu(0) = 0,
  // gelu(1) = 0.841192, gelu(−1) = −0.158808 (by hand from the formula).
  Matrix pre(1, 3), post;
  pre << 0, 1, -1;
  activation_forward(Activation::kGelu, pre, &post);
  EXPECT_EQ(post(0, 0), 0.0f);
  EXPECT_NEAR(post(0, 1), 0.841192f, 1e-5);
  EXPECT_NEAR(post(0, 2), -0.158808f, 1e-5);
}

TEST(Activation, FastGeluMatchesTheFormulaFromMinusHundredToHundred) {
  // 2001 points over [-100, 100] plus the clamp's edges, against the tanh
  // form in double precision.
  Matrix pre(1, 2005);
  for (int i = 0; i <= 2000; ++i) pre(0, i) = -100.0f + 0.1f * i;
  pre(0, 2001) = 0.0f;
  pre(0, 2002) = -6.0f;
  pre(0, 2003) = 6.0f;
  pre(0, 2004) = 1e-30f;
  Matrix fast;
  gelu_forward_fast(pre, &fast);
  for (int i = 0; i < pre.cols(); ++i) {
    const double x = pre(0, i);
    const double want =
        0.5 * x *
        (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
    EXPECT_NEAR(fast(0, i), want, 1e-6 * std::max(1.0, std::abs(want)))
        << "x = " << x;
  }
}

TEST(Activation, BackwardMatchesFiniteDifferences) {
  std::mt19937 rng(3);
  Matrix pre = RandomMatrix(rng, 3, 7, 2.5f);
  // Keep ReLU's inputs away from its kink at 0.
  for (Eigen::Index i = 0; i < pre.size(); ++i) {
    if (std::fabs(pre.data()[i]) < 0.1f) pre.data()[i] = 0.5f;
  }
  const Matrix probe = RandomMatrix(rng, 3, 7);
  for (Activation act : {Activation::kGelu, Activation::kRelu}) {
    SCOPED_TRACE(activation_name(act));
    Matrix d_pre;
    activation_backward(act, pre, probe, &d_pre);
    const auto loss = [&](const Matrix& p) {
      Matrix post;
      activation_forward(act, p, &post);
      return Dot(post, probe);
    };
    EXPECT_LT(RelativeError(NumericGradient(loss, pre, 1e-3f), d_pre), 2e-3);
  }
}

TEST(CausalSoftmax, EqualsTheInferenceCoresMaskedSoftmax) {
  std::mt19937 rng(4);
  const Matrix scores = RandomMatrix(rng, 6, 6, 4.0f);
  Matrix expected = scores;
  apply_mask(Mask::Causal(), expected);
  softmax_rows_inplace(expected);
  Matrix got = scores;
  causal_softmax_inplace(got);
  EXPECT_LT(mha::testing::MaxAbsDiff(got, expected), 1e-6f);
  EXPECT_EQ(got(0, 5), 0.0f);  // masked cells are exactly 0
  EXPECT_EQ(got(0, 0), 1.0f);  // the first query sees only itself
}

TEST(CausalSoftmax, BackwardMatchesFiniteDifferences) {
  std::mt19937 rng(5);
  const Matrix scores = RandomMatrix(rng, 5, 5, 2.0f);
  const Matrix probe = RandomMatrix(rng, 5, 5);
  Matrix weights = scores;
  causal_softmax_inplace(weights);
  Matrix d_scores(5, 5);
  softmax_backward(weights, probe, d_scores);
  const auto loss = [&](const Matrix& s) {
    Matrix w = s;
    causal_softmax_inplace(w);
    return Dot(w, probe);
  };
  EXPECT_LT(RelativeError(NumericGradient(loss, scores), d_scores), 2e-3);
  EXPECT_EQ(d_scores(1, 3), 0.0f);  // a masked cell gets no gradient
}

TEST(CrossEntropy, MatchesHandCalculation) {
  // logits [0, ln 2, ln 5] → softmax [1, 2, 5] / 8; target 2: loss −ln(5/8).
  Matrix logits(1, 3);
  logits << 0, std::log(2.0f), std::log(5.0f);
  const int target = 2;
  Matrix d;
  const float loss = cross_entropy(logits, &target, nullptr, &d);
  EXPECT_NEAR(loss, -std::log(5.0f / 8.0f), 1e-6);
  EXPECT_NEAR(d(0, 0), 1.0f / 8, 1e-6);
  EXPECT_NEAR(d(0, 1), 2.0f / 8, 1e-6);
  EXPECT_NEAR(d(0, 2), 5.0f / 8 - 1, 1e-6);
}

TEST(CrossEntropy, WeightsMakeAWeightedMeanAndRowLossesAreUnweighted) {
  Matrix logits(2, 2);
  logits << 0, 0, 0, std::log(3.0f);  // p(target 0) = 1/2 and 1/4
  const int targets[] = {0, 0};
  const float weights[] = {1.0f, 3.0f};
  float rows[2];
  const float loss = cross_entropy(logits, targets, weights, nullptr, rows);
  EXPECT_NEAR(loss, (std::log(2.0f) + 3 * std::log(4.0f)) / 4, 1e-6);
  EXPECT_NEAR(rows[0], std::log(2.0f), 1e-6);
  EXPECT_NEAR(rows[1], std::log(4.0f), 1e-6);
  const float zero[] = {0, 0};
  EXPECT_EQ(cross_entropy(logits, targets, zero, nullptr), 0.0f);
}

TEST(CrossEntropy, BackwardMatchesFiniteDifferences) {
  std::mt19937 rng(6);
  const Matrix logits = RandomMatrix(rng, 4, 6, 3.0f);
  const int targets[] = {0, 5, 2, 2};
  const float weights[] = {0.5f, 1.0f, 0.0f, 2.0f};
  Matrix d;
  cross_entropy(logits, targets, weights, &d);
  const auto loss = [&](const Matrix& l) {
    return static_cast<double>(cross_entropy(l, targets, weights, nullptr));
  };
  EXPECT_LT(RelativeError(NumericGradient(loss, logits), d), 2e-3);
}

// The training core's batched attention gives, for every sequence, the same
// heads as the inference core's multi_head_attention (mha/multi_head.h) run
// on LN₁'s output with a causal mask.
TEST(BatchedAttention, AgreesWithTheInferenceCore) {
  ModelConfig c;
  c.vocab = 11;
  c.context = 9;
  c.d_model = 12;
  c.heads = 3;
  c.layers = 1;
  const Weights w = testing::RandomModel(c, 21);
  const int batch = 3, n = 9;
  const std::vector<int> tokens = testing::RandomTokens(batch * n, c.vocab, 22);
  ForwardCache cache;
  ASSERT_TRUE(forward(w, tokens.data(), batch, n, {}, &cache).ok());

  MultiHeadWeights mw;
  mw.heads = c.heads;
  const LayerWeights& l0 = w.layers[0];
  mw.wq = l0.wq;
  mw.wk = l0.wk;
  mw.wv = l0.wv;
  mw.wo = l0.wo;
  mw.bq = l0.bq;
  mw.bk = l0.bk;
  mw.bv = l0.bv;
  mw.bo = l0.bo;
  for (int b = 0; b < batch; ++b) {
    const Matrix x = cache.layers[0].ln1_out.middleRows(b * n, n);
    const MultiHeadResult ref =
        multi_head_attention_unchecked(x, mw, Mask::Causal());
    for (int h = 0; h < c.heads; ++h) {
      EXPECT_LT(mha::testing::MaxAbsDiff(
                    head_weights(cache, 0, b, h, c.heads),
                    MultiHeadResult::head_block(ref.weights, h, n)),
                1e-6f);
    }
    // x_mid = x_in + attention output.
    const Matrix attn = cache.layers[0].x_mid.middleRows(b * n, n) -
                        cache.layers[0].x_in.middleRows(b * n, n);
    EXPECT_LT(mha::testing::MaxAbsDiff(attn, ref.output), 1e-5f);
  }
}

}  // namespace
}  // namespace mha::model
