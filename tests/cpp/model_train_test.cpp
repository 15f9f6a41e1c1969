// Training: seeded initialisation, deterministic steps, a loss that falls,
// and configuration errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

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

TEST(TrainerSteps, KStepsEqualKSingleSteps) {
  const std::vector<int> text = Text();
  Trainer batched = Trainer::create(TinyRun(0.5f), text).value();
  Trainer single = Trainer::create(TinyRun(0.5f), text).value();
  std::vector<StepStats> stats = {StepStats()};  // cleared by steps()
  ASSERT_TRUE(batched.steps(3, &stats).ok());
  ASSERT_EQ(stats.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const StepStats s = single.step().value();
    EXPECT_EQ(stats[i].step, s.step);
    EXPECT_EQ(stats[i].loss, s.loss);
    EXPECT_EQ(stats[i].grad_norm, s.grad_norm);
    EXPECT_EQ(stats[i].lr, s.lr);
  }
  EXPECT_EQ(batched.steps_done(), 3);
  EXPECT_EQ(batched.weights().unembedding, single.weights().unembedding);
  EXPECT_EQ(batched.weights().layers[0].wq, single.weights().layers[0].wq);
}

TEST(TrainerSteps, CountMustBeWithinOneAndTheLimit) {
  Trainer t = Trainer::create(TinyRun(1.0f), {}).value();
  std::vector<StepStats> stats;
  for (const int count : {0, -1, max_steps_per_call(t.config()) + 1}) {
    const Status s = t.steps(count, &stats);
    EXPECT_EQ(s.code, ErrorCode::kOutOfRange) << count;
    EXPECT_EQ(
        s.message.rfind("steps must be between 1 and " +
                            std::to_string(max_steps_per_call(t.config())) +
                            " per call",
                        0),
        0u)
        << s.message;
    EXPECT_TRUE(stats.empty());
  }
  EXPECT_EQ(t.steps_done(), 0);  // nothing was taken
  ASSERT_TRUE(t.steps(1, &stats).ok());
  EXPECT_EQ(stats.size(), 1u);
}

TEST(MaxStepsPerCall, BoundsTheWorkOfOneCall) {
  TrainConfig small = TinyRun(0.5f);
  TrainConfig big = small;
  big.model.d_model = 128;
  big.model.heads = 4;
  big.data.batch = 16;
  EXPECT_GT(step_work(big), step_work(small));
  EXPECT_GE(max_steps_per_call(small), max_steps_per_call(big));
  EXPECT_GE(max_steps_per_call(big), 1);
  EXPECT_LE(
      static_cast<long long>(max_steps_per_call(small)) * step_work(small),
      kMaxStepWorkPerCall);
}

TEST(TrainerSnapshot, HoldsTheTrainersWeightsAndStep) {
  Trainer t = Trainer::create(TinyRun(0.5f), Text()).value();
  std::vector<StepStats> stats;
  ASSERT_TRUE(t.steps(2, &stats).ok());
  const Checkpoint c = t.snapshot();
  EXPECT_EQ(c.step, 2);
  EXPECT_EQ(c.meta_json, "{}");
  EXPECT_EQ(c.weights.token_embedding, t.weights().token_embedding);
  EXPECT_EQ(c.weights.unembedding, t.weights().unembedding);
  EXPECT_EQ(c.weights.layers[0].wo, t.weights().layers[0].wo);
  // A copy: training on does not change it.
  ASSERT_TRUE(t.steps(1, &stats).ok());
  EXPECT_NE(c.weights.unembedding, t.weights().unembedding);
}

TEST(RepeatedHalfWeights, ScoresOnlyTheRepeatedHalf) {
  // half 3: positions 0..4 predict tokens 1..5; 3 and 4 predict the repeat.
  const std::vector<float> w = repeated_half_weights(2, 3).value();
  const std::vector<float> expected = {0, 0, 0, 1, 1, 0, 0, 0, 1, 1};
  EXPECT_EQ(w, expected);
}

TEST(RepeatedHalfWeights, SizesOutsideTheNamedLimitsAreRefused) {
  EXPECT_TRUE(repeated_half_weights(kMaxProbeBatch, 1).ok());
  EXPECT_TRUE(repeated_half_weights(1, kMaxProbeHalf).ok());
  for (const auto& [batch, half] :
       {std::pair{0, 4}, std::pair{4, 0}, std::pair{kMaxProbeBatch + 1, 4},
        std::pair{4, kMaxProbeHalf + 1}}) {
    const Result<std::vector<float>> r = repeated_half_weights(batch, half);
    ASSERT_FALSE(r.ok()) << batch << " " << half;
    EXPECT_EQ(r.status().code, ErrorCode::kOutOfRange);
    EXPECT_EQ(r.status().message,
              "repeatedHalfWeights needs 1 ≤ batch ≤ 2048 and 1 ≤ half ≤ 1024");
  }
}

}  // namespace
}  // namespace mha::model
