// Adam, its learning-rate schedule and gradient clipping, against hand
// calculations.
#include <gtest/gtest.h>

#include <cmath>

#include "mha/model/optimizer.h"

namespace mha::model {
namespace {

// The smallest model: every tensor tiny, so a test can set values by hand.
ModelConfig TinyConfig() {
  ModelConfig c;
  c.vocab = 2;
  c.context = 1;
  c.d_model = 1;
  c.heads = 1;
  c.layers = 1;
  return c;
}

TEST(Adam, FirstTwoStepsMatchHandCalculation) {
  const ModelConfig c = TinyConfig();
  AdamConfig cfg;
  cfg.lr = 0.1f;
  cfg.beta1 = 0.9f;
  cfg.beta2 = 0.99f;
  cfg.epsilon = 1e-8f;
  cfg.warmup = 0;
  Weights w = zero_weights(c);
  w.unembedding(0, 0) = 1.0f;
  Weights g = zero_weights(c);
  AdamState state = adam_init(c);

  // Step 1, g = 0.5: m = 0.05, v = 0.0025; m̂ = 0.5, v̂ = 0.25;
  // w = 1 − 0.1 · 0.5 / (0.5 + 1e-8) = 0.9 (Adam's first step is ±lr).
  g.unembedding(0, 0) = 0.5f;
  EXPECT_FLOAT_EQ(adam_step(cfg, g, &state, &w), 0.1f);
  EXPECT_NEAR(w.unembedding(0, 0), 0.9f, 1e-6);
  EXPECT_NEAR(state.m.unembedding(0, 0), 0.05f, 1e-7);
  EXPECT_NEAR(state.v.unembedding(0, 0), 0.0025f, 1e-8);

  // Step 2, g = −1: m = 0.045 − 0.1 = −0.055, v = 0.002475 + 0.01 =
  // 0.012475; m̂ = −0.055 / 0.19 = −0.2894737, v̂ = 0.012475 / 0.0199 =
  // 0.6268844, √v̂ = 0.7917603; w = 0.9 + 0.1 · 0.2894737 / 0.7917603
  // = 0.9365607.
  g.unembedding(0, 0) = -1.0f;
  adam_step(cfg, g, &state, &w);
  EXPECT_NEAR(w.unembedding(0, 0), 0.9365607f, 1e-6);
  EXPECT_EQ(state.step, 2);
  // Tensors with zero gradient stay where they were.
  EXPECT_EQ(w.token_embedding(0, 0), 0.0f);
}

TEST(LearningRate, LinearWarmupThenConstantOrCosine) {
  AdamConfig cfg;
  cfg.lr = 1.0f;
  cfg.warmup = 4;
  EXPECT_FLOAT_EQ(learning_rate(cfg, 1), 0.25f);
  EXPECT_FLOAT_EQ(learning_rate(cfg, 4), 1.0f);
  EXPECT_FLOAT_EQ(learning_rate(cfg, 100), 1.0f);
  cfg.cosine = true;
  cfg.decay_steps = 14;
  cfg.min_lr = 0.1f;
  EXPECT_FLOAT_EQ(learning_rate(cfg, 4), 1.0f);
  // Halfway through the decay: min + (lr − min) · ½ · (1 + cos(π/2)).
  EXPECT_NEAR(learning_rate(cfg, 9), 0.55f, 1e-6);
  EXPECT_NEAR(learning_rate(cfg, 14), 0.1f, 1e-6);
  EXPECT_NEAR(learning_rate(cfg, 50), 0.1f, 1e-6);
  cfg.warmup = 0;
  cfg.cosine = false;
  EXPECT_FLOAT_EQ(learning_rate(cfg, 1), 1.0f);
}

TEST(Clipping, ScalesTheGlobalNormDownOnly) {
  const ModelConfig c = TinyConfig();
  Weights g = zero_weights(c);
  g.unembedding(0, 0) = 3.0f;
  g.token_embedding(1, 0) = 4.0f;  // global norm 5
  EXPECT_FLOAT_EQ(gradient_norm(g), 5.0f);
  EXPECT_FLOAT_EQ(clip_gradients(&g, 10.0f), 5.0f);  // under the limit
  EXPECT_FLOAT_EQ(g.unembedding(0, 0), 3.0f);
  EXPECT_FLOAT_EQ(clip_gradients(&g, 1.0f), 5.0f);  // returns the old norm
  EXPECT_NEAR(g.unembedding(0, 0), 0.6f, 1e-6);
  EXPECT_NEAR(g.token_embedding(1, 0), 0.8f, 1e-6);
  EXPECT_NEAR(gradient_norm(g), 1.0f, 1e-6);
}

TEST(AdamConfig, BadValuesAreNamed) {
  AdamConfig cfg;
  EXPECT_TRUE(check_adam_config(cfg).ok());
  cfg.lr = 0;
  EXPECT_EQ(check_adam_config(cfg).code, ErrorCode::kOutOfRange);
  EXPECT_NE(check_adam_config(cfg).message.find("lr"), std::string::npos);
  cfg = AdamConfig{};
  cfg.beta2 = 1.0f;
  EXPECT_NE(check_adam_config(cfg).message.find("beta2"), std::string::npos);
  cfg = AdamConfig{};
  cfg.cosine = true;
  cfg.decay_steps = cfg.warmup;
  EXPECT_NE(check_adam_config(cfg).message.find("decay_steps"),
            std::string::npos);
}

}  // namespace
}  // namespace mha::model
