// The model's results laid out as flat tables for a caller that reads
// memory (the wasm module's JS side): head metrics, head labels and the
// stacked attention weights, each checked against hand-built values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mha/model/metrics.h"
#include "mha/model/transformer.h"

namespace mha::model {
namespace {

HeadReport Head(float base, HeadLabel label) {
  HeadReport h;
  PatternMetrics& p = h.pattern;
  p.previous_token = base + 0;
  p.induction = base + 1;
  h.copying = base + 2;
  p.self_mass = base + 3;
  p.sink_mass = base + 4;
  p.entropy = base + 5;
  p.entropy_normalized = base + 6;
  p.confidence = base + 7;
  p.mean_distance = base + 8;
  p.local_mass = base + 9;
  h.label = label;
  return h;
}

TEST(HeadMetricRows, TenColumnsPerHeadInTheDocumentedOrder) {
  ModelHeadReport report;
  report.layers = 1;
  report.heads = 2;
  report.heads_by_index = {Head(0, HeadLabel::kInduction),
                           Head(100, HeadLabel::kSink)};
  const std::vector<float> rows = head_metric_rows(report);
  ASSERT_EQ(rows.size(), 2u * kHeadMetricColumns);
  for (int c = 0; c < kHeadMetricColumns; ++c) {
    EXPECT_EQ(rows[c], static_cast<float>(c)) << c;
    EXPECT_EQ(rows[kHeadMetricColumns + c], static_cast<float>(100 + c)) << c;
  }
  EXPECT_EQ(head_label_lines(report), "induction\nsink\n");
}

TEST(HeadMetricRows, EmptyReportGivesEmptyTables) {
  const ModelHeadReport report;
  EXPECT_TRUE(head_metric_rows(report).empty());
  EXPECT_EQ(head_label_lines(report), "");
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
