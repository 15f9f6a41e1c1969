// Finite inputs whose products overflow the float range give a named
// kNonFinite error, never a silent NaN: the attention layer (full and lean),
// the model's logits, a diverging trainer and non-finite loss weights.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mha/lean.h"
#include "mha/model/ablation.h"
#include "mha/model/train.h"
#include "mha/model/transformer.h"
#include "mha/multi_head.h"
#include "model_test_helpers.h"
#include "test_helpers.h"

namespace mha {
namespace {

// One layer of two heads, width 8, over 11 tokens.
model::ModelConfig TinyModel() {
  model::ModelConfig c;
  c.layers = 1;
  c.d_model = 8;
  c.heads = 2;
  c.context = 8;
  c.vocab = 11;
  return c;
}

TEST(Overflow, HugeFiniteWeightsAreANamedErrorInBothForwards) {
  std::mt19937 rng(3);
  MultiHeadWeights w = testing::RandomWeights(rng, 8, 2);
  w.wq.setConstant(3e38f);  // finite, but q·kᵀ is not
  const Matrix x = testing::RandomMatrix(rng, 4, 8);
  const Result<MultiHeadResult> full =
      multi_head_attention(x, w, Mask::Causal());
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code, ErrorCode::kNonFinite);
  EXPECT_NE(full.status().message.find("overflowed"), std::string::npos)
      << full.status().message;

  ResidentWeights resident;
  ASSERT_TRUE(resident.set(w).ok());
  LeanWorkspace workspace;
  LeanResult result;
  for (ForwardRequest request : {ForwardRequest{true, false, false, false},
                                 ForwardRequest{false, false, false, true},
                                 ForwardRequest{false, false, true, false}}) {
    const Status s = resident.forward_lean(x.data(), 4, Mask::Causal(), request,
                                           &workspace, &result);
    EXPECT_EQ(s.code, ErrorCode::kNonFinite) << s.message;
  }
}

TEST(Overflow, MaskedScoresOfMinusInfinityAreNotAnError) {
  std::mt19937 rng(4);
  const MultiHeadWeights w = testing::RandomWeights(rng, 8, 2);
  ResidentWeights resident;
  ASSERT_TRUE(resident.set(w).ok());
  const Matrix x = testing::RandomMatrix(rng, 4, 8);
  LeanWorkspace workspace;
  LeanResult result;
  EXPECT_TRUE(resident
                  .forward_lean(x.data(), 4, Mask::Causal(),
                                ForwardRequest{false, false, true, false},
                                &workspace, &result)
                  .ok());
}

TEST(Overflow, AModelWithHugeWeightsGivesNoNaNLogits) {
  // Every weight 1e30, as in the checkpoint: finite, but the
  // products are not.
  model::Weights w = model::testing::RandomModel(TinyModel(), 2);
  for (model::TensorRef& t : model::tensors(&w)) t.tensor->setConstant(1e30f);
  const std::vector<int> ids = {1, 2, 3};
  model::ForwardCache cache;
  const Status s = model::forward(w, ids.data(), 1, 3, {}, &cache);
  EXPECT_EQ(s.code, ErrorCode::kNonFinite) << s.message;
}

TEST(Overflow, ADivergingTrainerStopsWithANamedErrorAndKeepsItsWeights) {
  model::TrainConfig c;
  c.model.vocab = model::kVocabSize;
  c.model.layers = 1;
  c.model.d_model = 16;
  c.model.heads = 2;
  c.model.context = 32;
  c.data.batch = 2;
  c.data.n = 32;
  c.data.synthetic_fraction = 1;
  c.adam.lr = 1e30f;
  c.adam.warmup = 0;
  c.adam.clip_norm = 0;
  model::Trainer t = model::Trainer::create(c, {}).value();
  std::vector<model::StepStats> stats;
  Status s;
  int steps = 0;
  while (steps < 50 && (s = t.steps(1, &stats)).ok()) ++steps;
  ASSERT_EQ(s.code, ErrorCode::kNonFinite) << s.message;
  EXPECT_LT(steps, 50);
  EXPECT_EQ(t.steps_done(), steps);  // the failing step changed nothing
}

TEST(Overflow, NonFiniteLossWeightsAreRefused) {
  const model::ModelConfig c = TinyModel();
  const model::Weights w = model::testing::RandomModel(c, 2);
  const std::vector<int> seq = {1, 2, 3, 4};
  for (float bad : {std::nanf(""), 1.0f / 0.0f, -1.0f}) {
    const Result<model::AblationEffect> r = model::ablation_effect(
        w, seq, 1, 3, {1.0f, bad, 1.0f}, std::vector<std::uint8_t>(2, 0));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code, ErrorCode::kNonFinite);
  }
}

}  // namespace
}  // namespace mha
