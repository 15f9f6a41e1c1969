// Ablation: zeroing every head equals a model without attention, zeroing
// nothing changes nothing, and bad arguments are refused.
#include <gtest/gtest.h>

#include <vector>

#include "mha/model/ablation.h"
#include "mha/model/layers.h"
#include "mha/model/transformer.h"
#include "model_test_helpers.h"

namespace mha::model {
namespace {

ModelConfig Config(bool mlp) {
  ModelConfig c;
  c.vocab = 10;
  c.context = 8;
  c.d_model = 8;
  c.heads = 2;
  c.layers = 2;
  c.mlp = mlp;
  c.d_mlp = 16;
  return c;
}

// The same model with no attention at all, written out by hand: each layer
// adds only b_O (what is left of an attention sublayer whose every head is
// zeroed), then its MLP.
Matrix LogitsWithoutAttention(const Weights& w, const std::vector<int>& tokens,
                              int n) {
  const ModelConfig& c = w.config;
  Matrix x(static_cast<Eigen::Index>(tokens.size()), c.d_model);
  for (std::size_t r = 0; r < tokens.size(); ++r) {
    x.row(r) = w.token_embedding.row(tokens[r]) +
               w.position_embedding.row(static_cast<int>(r) % n);
  }
  Matrix out, hat, rstd, pre, post;
  for (const LayerWeights& l : w.layers) {
    x.rowwise() += l.bo.row(0);
    if (c.mlp) {
      layer_norm_forward(x, l.ln2_gain, l.ln2_bias, &out, &hat, &rstd);
      pre = out * l.w1;
      pre.rowwise() += l.b1.row(0);
      activation_forward(c.activation, pre, &post);
      Matrix y = post * l.w2;
      y.rowwise() += l.b2.row(0);
      x += y;
    }
  }
  layer_norm_forward(x, w.lnf_gain, w.lnf_bias, &out, &hat, &rstd);
  return out * w.unembedding;
}

TEST(Ablation, AllHeadsZeroedEqualsAModelWithoutAttention) {
  for (bool mlp : {false, true}) {
    SCOPED_TRACE(mlp ? "with MLP" : "attention only");
    const Weights w = testing::RandomModel(Config(mlp), 11);
    const int batch = 2, n = 8;
    const std::vector<int> tokens = testing::RandomTokens(batch * n, 10, 12);
    ForwardCache cache;
    const std::vector<std::uint8_t> all(4, 1);
    ASSERT_TRUE(forward(w, tokens.data(), batch, n, all, &cache).ok());
    const Matrix expected = LogitsWithoutAttention(w, tokens, n);
    EXPECT_LT((cache.logits - expected).cwiseAbs().maxCoeff(), 1e-5f);
    // Zeroing W_O instead gives exactly the same numbers.
    Weights no_wo = w;
    for (LayerWeights& l : no_wo.layers) l.wo.setZero();
    ForwardCache plain;
    ASSERT_TRUE(forward(no_wo, tokens.data(), batch, n, {}, &plain).ok());
    EXPECT_EQ(cache.logits, plain.logits);
  }
}

TEST(Ablation, OneHeadEqualsZeroingItsRowsOfWo) {
  const Weights w = testing::RandomModel(Config(true), 13);
  const std::vector<int> tokens = testing::RandomTokens(8, 10, 14);
  ForwardCache ablated, zeroed;
  ASSERT_TRUE(
      forward(w, tokens.data(), 1, 8, single_head(w.config, 1, 0), &ablated)
          .ok());
  Weights z = w;
  z.layers[1].wo.topRows(w.config.d_k()).setZero();
  ASSERT_TRUE(forward(z, tokens.data(), 1, 8, {}, &zeroed).ok());
  EXPECT_EQ(ablated.logits, zeroed.logits);
  // The ablated head's pattern is still there to draw.
  EXPECT_EQ(ablated.layers[1].weights, zeroed.layers[1].weights);
}

// Not ablation, but the same forward pass: a sequence shifted to start at
// position s gives exactly what the unshifted sequence gives on a model whose
// position table starts at row s; a start that overruns the context is
// refused.
TEST(ShiftedPositions, EqualARolledPositionTable) {
  const Weights w = testing::RandomModel(Config(true), 19);
  const std::vector<int> tokens = testing::RandomTokens(5, 10, 20);
  ForwardCache shifted, rolled;
  ASSERT_TRUE(forward(w, tokens.data(), 1, 5, {}, &shifted, {3}).ok());
  Weights r = w;
  r.position_embedding.topRows(5) = w.position_embedding.middleRows(3, 5);
  ASSERT_TRUE(forward(r, tokens.data(), 1, 5, {}, &rolled).ok());
  EXPECT_EQ(shifted.logits, rolled.logits);
  const Status s = forward(w, tokens.data(), 1, 5, {}, &shifted, {4});
  EXPECT_EQ(s.code, ErrorCode::kTooLarge);
  EXPECT_NE(s.message.find("context of 8"), std::string::npos) << s.message;
  EXPECT_EQ(forward(w, tokens.data(), 1, 5, {}, &shifted, {0, 0}).code,
            ErrorCode::kShapeMismatch);
}

// A batch whose activations would not fit a browser's heap is refused up
// front, by size alone, with the estimate in the message.
TEST(BatchShape, RefusesBatchesBeyondTheWorkingSizeLimit) {
  ModelConfig c;
  c.context = 1024;
  EXPECT_TRUE(check_batch_shape(c, 4, 1024).ok());
  const long long floats = forward_floats(c, 512, 1024);
  EXPECT_GT(floats, kMaxForwardFloats);
  const Status s = check_batch_shape(c, 512, 1024);
  EXPECT_EQ(s.code, ErrorCode::kTooLarge);
  EXPECT_NE(s.message.find("MiB"), std::string::npos) << s.message;
  EXPECT_EQ(check_batch_shape(c, 0, 4).code, ErrorCode::kZeroSize);
  EXPECT_EQ(check_batch_shape(c, 1, 1025).code, ErrorCode::kTooLarge);
}

TEST(Ablation, EffectReportsLossAndPredictionChanges) {
  const Weights w = testing::RandomModel(Config(false), 15, 1.0f);
  const int batch = 3, n = 7;
  const std::vector<int> seqs = testing::RandomTokens(batch * (n + 1), 10, 16);
  const Result<AblationEffect> none =
      ablation_effect(w, seqs, batch, n, {}, {});
  ASSERT_TRUE(none.ok()) << none.status().message;
  EXPECT_EQ(none.value().delta, 0.0f);
  EXPECT_EQ(none.value().changed_predictions, 0.0f);
  EXPECT_EQ(none.value().predicted.size(), static_cast<std::size_t>(batch * n));
  const Result<AblationEffect> all =
      ablation_effect(w, seqs, batch, n, {}, std::vector<std::uint8_t>(4, 1));
  ASSERT_TRUE(all.ok());
  EXPECT_NE(all.value().delta, 0.0f);
  EXPECT_EQ(all.value().loss, none.value().loss);
  EXPECT_GT(all.value().changed_predictions, 0.0f);
  // Only the weighted positions count.
  std::vector<float> only_first(batch * n, 0.0f);
  only_first[0] = 1.0f;
  const AblationEffect one =
      ablation_effect(w, seqs, batch, n, only_first, {1, 1, 1, 1}).value();
  EXPECT_TRUE(one.changed_predictions == 0.0f ||
              one.changed_predictions == 1.0f);
}

TEST(Ablation, BadArgumentsAreRefused) {
  const Weights w = testing::RandomModel(Config(false), 17);
  const std::vector<int> seqs = testing::RandomTokens(2 * 8, 10, 18);
  EXPECT_EQ(ablation_effect(w, seqs, 2, 8, {}, {}).status().code,
            ErrorCode::kShapeMismatch);  // needs 2 × 9 ids
  EXPECT_EQ(ablation_effect(w, seqs, 2, 7, {1.0f}, {}).status().code,
            ErrorCode::kShapeMismatch);
  const Status s = ablation_effect(w, seqs, 2, 7, {}, {1, 0}).status();
  EXPECT_EQ(s.code, ErrorCode::kShapeMismatch);
  EXPECT_NE(s.message.find("layers × heads"), std::string::npos);
  std::vector<int> bad = seqs;
  bad[3] = 10;
  EXPECT_NE(ablation_effect(w, bad, 2, 7, {}, {})
                .status()
                .message.find("outside the vocabulary"),
            std::string::npos);
}

}  // namespace
}  // namespace mha::model
