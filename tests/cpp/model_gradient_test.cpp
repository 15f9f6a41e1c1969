// The gradient check: the backward pass of the whole trainable transformer
// against central finite differences of its loss, tensor by tensor.
//
// The model computes in float, so the differences use a step h = 1e-2 on a
// tiny model whose weights are large enough (±0.5) that gradients stand well
// above float noise. Each tensor's relative error
//   ‖g_numeric − g_backward‖ / max(‖g_numeric‖, ‖g_backward‖)
// must stay below 2e-3 (measured: at most about 4e-4; an error in any
// backward formula gives 0.1 or more). ReLU's kink at 0 needs a smaller
// step, h = 2e-3, so that few pre-activations cross it; float noise then
// grows, so its tolerance is 5e-3 (measured: about 1.3e-3).
//
// One tensor is special: b_K's true gradient is exactly 0 (adding the same
// number to every score of a row leaves its softmax unchanged), so for it the
// check is absolute: the backward pass gives < 1e-6 and the differences, pure
// float noise, < 1e-3.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mha/model/layers.h"
#include "mha/model/model.h"
#include "mha/model/transformer.h"
#include "model_test_helpers.h"

namespace mha::model {
namespace {

using testing::Loss;
using testing::RandomModel;
using testing::RandomTokens;

struct Case {
  const char* name;
  ModelConfig config;
  std::vector<std::uint8_t> ablated;
  float step = 1e-2f;
  double tolerance = 2e-3;
  std::vector<int> position_starts = {};  // empty: every sequence at 0
};

void CheckGradients(const Case& c) {
  SCOPED_TRACE(c.name);
  const int batch = 2, n = 5;
  Weights w = RandomModel(c.config, 7);
  const std::vector<int> inputs = RandomTokens(batch * n, c.config.vocab, 8);
  const std::vector<int> targets = RandomTokens(batch * n, c.config.vocab, 9);
  // Unequal loss weights, one of them zero, exercise the weighted mean.
  std::vector<float> loss_weights(batch * n);
  for (int i = 0; i < batch * n; ++i) loss_weights[i] = (i % 4) * 0.5f;

  // 1. The backward pass.
  ForwardCache cache;
  ASSERT_TRUE(
      forward(w, inputs.data(), batch, n, c.ablated, &cache, c.position_starts)
          .ok());
  Matrix d_logits;
  cross_entropy(cache.logits, targets.data(), loss_weights.data(), &d_logits);
  Weights grads = zero_weights(c.config);
  backward(w, cache, d_logits, &grads);

  // 2. Central differences, one parameter at a time.
  const std::vector<TensorRef> params = tensors(&w);
  const std::vector<TensorRef> analytic = tensors(&grads);
  double worst = 0;
  for (std::size_t t = 0; t < params.size(); ++t) {
    Matrix& p = *params[t].tensor;
    const Matrix& g = *analytic[t].tensor;
    double diff2 = 0, num2 = 0, ana2 = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      const float saved = p.data()[i];
      p.data()[i] = saved + c.step;
      const double up = Loss(w, inputs, targets, loss_weights, batch, n,
                             c.ablated, c.position_starts);
      p.data()[i] = saved - c.step;
      const double down = Loss(w, inputs, targets, loss_weights, batch, n,
                               c.ablated, c.position_starts);
      p.data()[i] = saved;
      const double numeric = (up - down) / (2.0 * c.step);
      diff2 += (numeric - g.data()[i]) * (numeric - g.data()[i]);
      num2 += numeric * numeric;
      ana2 += static_cast<double>(g.data()[i]) * g.data()[i];
    }
    const bool is_key_bias =
        params[t].name.size() >= 3 &&
        params[t].name.compare(params[t].name.size() - 3, 3, ".bk") == 0;
    if (is_key_bias) {
      EXPECT_LT(std::sqrt(ana2), 1e-6) << params[t].name;
      EXPECT_LT(std::sqrt(num2), 1e-3) << params[t].name;
      continue;
    }
    const double rel = std::sqrt(diff2) / std::sqrt(std::max(num2, ana2));
    worst = std::max(worst, rel);
    if (std::getenv("MHA_GRAD_VERBOSE")) {
      std::printf("  %-24s relative error %.2e, norm %.2e\n",
                  params[t].name.c_str(), rel, std::sqrt(ana2));
    }
    EXPECT_LT(rel, c.tolerance)
        << params[t].name << ": relative error " << rel << " (‖numeric‖ "
        << std::sqrt(num2) << ", ‖backward‖ " << std::sqrt(ana2) << ")";
  }
  std::printf(
      "[ gradient ] %-14s %zu tensors, worst relative error %.2e "
      "(tolerance %.0e)\n",
      c.name, params.size(), worst, c.tolerance);
}

ModelConfig Tiny(bool mlp, Activation activation = Activation::kGelu) {
  ModelConfig c;
  c.vocab = 7;
  c.context = 6;
  c.d_model = 8;
  c.heads = 2;
  c.layers = 2;
  c.mlp = mlp;
  c.d_mlp = 12;
  c.activation = activation;
  return c;
}

TEST(GradientCheck, AttentionOnlyModel) {
  CheckGradients({"attention-only", Tiny(false), {}});
}

TEST(GradientCheck, ModelWithGeluMlp) {
  CheckGradients({"mlp (gelu)", Tiny(true), {}});
}

TEST(GradientCheck, ModelWithReluMlp) {
  CheckGradients(
      {"mlp (relu)", Tiny(true, Activation::kRelu), {}, 2e-3f, 5e-3});
}

TEST(GradientCheck, WithAnAblatedHead) {
  // Head 1 of layer 0 is zeroed: its W_Q, W_K, W_V columns get gradient 0,
  // and the check still holds for everything else.
  CheckGradients({"ablated head", Tiny(true), {0, 1, 0, 0}});
}

TEST(GradientCheck, WithShiftedPositions) {
  // Sequence 0 uses positions 1..5, sequence 1 positions 0..4 (context 6).
  Case c{"shifted", Tiny(false), {}};
  c.position_starts = {1, 0};
  CheckGradients(c);
}

TEST(GradientCheck, AblatedHeadGetsNoGradientThroughItsProjections) {
  const ModelConfig c = Tiny(false);
  const Weights w = RandomModel(c, 3);
  const std::vector<int> tokens = RandomTokens(5, c.vocab, 4);
  ForwardCache cache;
  ASSERT_TRUE(forward(w, tokens.data(), 1, 5, {1, 0, 0, 0}, &cache).ok());
  Matrix d_logits;
  cross_entropy(cache.logits, tokens.data(), nullptr, &d_logits);
  Weights g = zero_weights(c);
  backward(w, cache, d_logits, &g);
  const int d_k = c.d_k();
  EXPECT_EQ(g.layers[0].wq.leftCols(d_k).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_EQ(g.layers[0].wv.leftCols(d_k).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_EQ(g.layers[0].wo.topRows(d_k).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_GT(g.layers[0].wq.rightCols(d_k).cwiseAbs().maxCoeff(), 0.0f);
}

}  // namespace
}  // namespace mha::model
