// Training: seeded initialisation, deterministic steps, a loss that falls,
// and configuration errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "mha/model/data.h"
#include "mha/model/train.h"

namespace mha::model {
namespace {

TrainConfig TinyRun(float mix) {
  TrainConfig c;
  c.model.context = 32;
  c.model.d_model = 16;
  c.model.heads = 2;
  c.model.layers = 1;
  c.data.batch = 4;
  c.data.n = 32;
  c.data.synthetic_fraction = mix;
  c.adam.lr = 1e-2f;
  c.adam.warmup = 5;
  c.seed = 42;
  return c;
}

std::vector<int> Text() {
  std::string s;
  for (int i = 0; i < 40; ++i) s += "Call me Ishmael. Some years ago. ";
  return encode_text(s);
}

TEST(Init, SeededAndScaledLikeGpt2) {
  ModelConfig c;
  const Weights a = init_weights(c, 7).value();
  const Weights b = init_weights(c, 7).value();
  const Weights other = init_weights(c, 8).value();
  EXPECT_EQ(a.layers[1].wq, b.layers[1].wq);
  EXPECT_NE(a.layers[1].wq, other.layers[1].wq);
  const Matrix& e = a.token_embedding;
  const float std = std::sqrt(e.squaredNorm() / e.size());
  EXPECT_NEAR(std, 0.02f, 0.002f);
  const Matrix& wo = a.layers[0].wo;  // 0.02 / √(2L) = 0.01
  EXPECT_NEAR(std::sqrt(wo.squaredNorm() / wo.size()), 0.01f, 0.001f);
  EXPECT_EQ(a.layers[0].ln1_gain, Matrix::Ones(1, c.d_model));
  EXPECT_EQ(a.layers[0].bq, Matrix::Zero(1, c.d_model));
  EXPECT_EQ(parameter_count(a),
            96 * 64 + 128 * 64 + 2 * (4 * 64 * 64 + 6 * 64) + 2 * 64 + 64 * 96);
  EXPECT_TRUE(check_weights(a).ok());
}

TEST(Trainer, SameSeedSameWeightsBitForBit) {
  const std::vector<int> text = Text();
  Trainer a = Trainer::create(TinyRun(0.5f), text).value();
  Trainer b = Trainer::create(TinyRun(0.5f), text).value();
  TrainConfig other_seed = TinyRun(0.5f);
  other_seed.seed = 43;
  Trainer c = Trainer::create(other_seed, text).value();
  for (int i = 0; i < 3; ++i) {
    const StepStats sa = a.step().value();
    const StepStats sb = b.step().value();
    c.step();
    EXPECT_EQ(sa.loss, sb.loss);
    EXPECT_EQ(sa.step, i + 1);
  }
  EXPECT_EQ(a.weights().unembedding, b.weights().unembedding);
  EXPECT_EQ(a.weights().layers[0].wk, b.weights().layers[0].wk);
  EXPECT_NE(a.weights().unembedding, c.weights().unembedding);
  EXPECT_EQ(a.steps_done(), 3);
}

TEST(Trainer, LossFallsOnText) {
  Trainer t = Trainer::create(TinyRun(0.0f), Text()).value();
  const StepStats first = t.step().value();
  EXPECT_NEAR(first.loss, std::log(96.0f), 0.1f);  // uniform at the start
  EXPECT_EQ(first.loss_synthetic, 0.0f);
  StepStats last;
  for (int i = 0; i < 60; ++i) last = t.step().value();
  EXPECT_LT(last.loss, first.loss - 1.0f);
  EXPECT_EQ(last.loss, last.loss_text);
  EXPECT_GT(last.grad_norm, 0.0f);
  EXPECT_FLOAT_EQ(last.lr, 1e-2f);
}

TEST(Trainer, AllSyntheticNeedsNoText) {
  Trainer t = Trainer::create(TinyRun(1.0f), {}).value();
  const StepStats s = t.step().value();
  EXPECT_EQ(s.loss, s.loss_synthetic);
  EXPECT_EQ(s.loss_text, 0.0f);
}

TEST(Trainer, BadConfigurationsAreNamed) {
  TrainConfig c = TinyRun(0.5f);
  c.data.n = 64;  // longer than the context
  EXPECT_NE(Trainer::create(c, Text()).status().message.find("context"),
            std::string::npos);
  c = TinyRun(0.5f);
  c.model.vocab = 50;
  EXPECT_NE(Trainer::create(c, Text()).status().message.find("vocab"),
            std::string::npos);
  c = TinyRun(0.5f);
  EXPECT_EQ(Trainer::create(c, {1, 2}).status().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(Trainer::create(c, std::vector<int>(100, 96)).status().code,
            ErrorCode::kShapeMismatch);
  c.model.heads = 3;
  EXPECT_EQ(Trainer::create(c, Text()).status().code,
            ErrorCode::kHeadsDoNotDivide);
}

TEST(TrainStep, RefusesTargetsOutsideTheVocabulary) {
  TrainConfig c = TinyRun(1.0f);
  Weights w = init_weights(c.model, 1).value();
  AdamState state = adam_init(c.model);
  TrainScratch scratch;
  Batch b;
  b.batch = 1;
  b.n = 2;
  b.inputs = {3, 4};
  b.targets = {4, 200};
  EXPECT_EQ(train_step(c.adam, b, &w, &state, &scratch).status().code,
            ErrorCode::kShapeMismatch);
  EXPECT_EQ(state.step, 0);  // nothing was updated
}

}  // namespace
}  // namespace mha::model
