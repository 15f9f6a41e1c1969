// The model's results as a caller that reads memory (the wasm module's JS
// side) receives them: label names both ways, phase-change points as
// parallel arrays, and the stacked attention weights.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mha/model/metrics.h"
#include "mha/model/transformer.h"

namespace mha::model {
namespace {

TEST(HeadLabelFromName, InvertsHeadLabelName) {
  for (HeadLabel label : {HeadLabel::kInduction, HeadLabel::kPreviousToken,
                          HeadLabel::kSink, HeadLabel::kSelf, HeadLabel::kBroad,
                          HeadLabel::kLocal, HeadLabel::kWeird}) {
    EXPECT_EQ(head_label_from_name(head_label_name(label)), label);
  }
  EXPECT_EQ(head_label_from_name("no such label"), HeadLabel::kWeird);
}

TEST(CheckedPhaseChangeStep, ParallelArraysAreThePoints) {
  EXPECT_EQ(checked_phase_change_step({0, 10, 20}, {0.0f, 0.6f, 1.0f}).value(),
            10);
  EXPECT_EQ(checked_phase_change_step({0, 10}, {0.0f}).status().code,
            ErrorCode::kShapeMismatch);
}

TEST(StackAttentionWeights, LayersOneAfterAnother) {
  ForwardCache cache;
  cache.layers.resize(2);
  cache.layers[0].weights = Matrix(2, 2);
  cache.layers[0].weights << 1, 2, 3, 4;
  cache.layers[1].weights = Matrix(2, 2);
  cache.layers[1].weights << 5, 6, 7, 8;
  std::vector<float> out = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9};  // resized
  stack_attention_weights(cache, &out);
  const std::vector<float> expected = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(out, expected);
}

}  // namespace
}  // namespace mha::model
