// Adapter between JS numbers/pointers and the core's head metrics
// (mha/model/metrics.h). Checks and math live in the core; this file only
// copies arrays out of the heap and names the result fields, once, in the
// JS API's camelCase.
#include "metrics_js.h"

#include <emscripten/bind.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "convert.h"
#include "mha/model/metrics.h"
#include "mha/status.h"

namespace mha::js {
namespace {

namespace model = mha::model;

struct PatternMetricsOut {
  std::string code;  // "OK" or an mha::ErrorCode name
  std::string message;
  model::PatternMetrics metrics;
};

// Each pattern metric's name in the JS API (that of Model.analyze()'s heads),
// said once: the PatternMetrics value object and bestHead both read it.
struct MetricName {
  const char* name;
  float model::PatternMetrics::*member;
};

constexpr MetricName kMetricNames[] = {
    {"previousToken", &model::PatternMetrics::previous_token},
    {"induction", &model::PatternMetrics::induction},
    {"selfMass", &model::PatternMetrics::self_mass},
    {"sinkMass", &model::PatternMetrics::sink_mass},
    {"entropy", &model::PatternMetrics::entropy},
    {"entropyNormalized", &model::PatternMetrics::entropy_normalized},
    {"confidence", &model::PatternMetrics::confidence},
    {"meanDistance", &model::PatternMetrics::mean_distance},
    {"localMass", &model::PatternMetrics::local_mass},
};

struct BestHeadOut {
  std::string code;
  std::string message;
  int layer = -1, head = -1;  // -1: there were no heads
  float value = 0;
};

struct PhaseChangeOut {
  std::string code;
  std::string message;
  int step = -1;  // -1: no phase change
};

std::size_t count_of(int length) {
  return length < 0 ? 0 : static_cast<std::size_t>(length);
}

// weights: `length` floats at `weights` (n × n row-major when valid);
// tokens: n ids at `tokens`, or 0 for none.
PatternMetricsOut pattern_metrics_js(std::uintptr_t weights, int length, int n,
                                     std::uintptr_t tokens, int token_count,
                                     bool causal) {
  const std::vector<float> w(floats(weights),
                             floats(weights) + count_of(length));
  std::vector<int> ids;
  if (tokens != 0) {
    ids.assign(ints(tokens), ints(tokens) + count_of(token_count));
  }
  const Result<model::PatternMetrics> r = model::checked_pattern_metrics(
      w, n, tokens != 0 ? &ids : nullptr, causal);
  if (!r.ok()) return failure<PatternMetricsOut>(r.status());
  PatternMetricsOut out;
  out.code = "OK";
  out.metrics = r.value();
  return out;
}

// steps: `count` ids at `steps`; inductions: `count` floats at `inductions`.
PhaseChangeOut phase_change_step_js(std::uintptr_t steps,
                                    std::uintptr_t inductions, int count) {
  std::vector<model::InductionPoint> points(count_of(count));
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {ints(steps)[i], floats(inductions)[i]};
  }
  const Result<int> r = model::checked_phase_change_step(points);
  if (!r.ok()) return failure<PhaseChangeOut>(r.status());
  PhaseChangeOut out;
  out.code = "OK";
  out.step = r.value();
  return out;
}

// values: `count` floats at `values`, head l·heads + h's score on `metric`
// (a name of kMetricNames), e.g. one metric of Model.analyze()'s heads.
BestHeadOut best_head_js(std::uintptr_t values, int count, int heads,
                         const std::string& metric) {
  // The metric's name only picks the scores JS sends: checked here because
  // the names live here, in kMetricNames.
  bool known = false;
  std::string names;
  for (const MetricName& m : kMetricNames) {
    known = known || metric == m.name;
    names += names.empty() ? m.name : std::string(", ") + m.name;
  }
  if (!known && heads >= 1) {
    return failure<BestHeadOut>(Status::Error(
        ErrorCode::kOutOfRange,
        "no pattern metric \"" + metric + "\" (metrics: " + names + ")"));
  }
  const Result<model::BestHead> r = model::best_head_of_scores(
      std::vector<float>(floats(values), floats(values) + count_of(count)),
      heads);
  if (!r.ok()) return failure<BestHeadOut>(r.status());
  const model::BestHead& best = r.value();
  BestHeadOut out;
  out.code = "OK";
  out.layer = best.layer;
  out.head = best.head;
  out.value = best.value;
  return out;
}

}  // namespace

void bind_metrics() {
  using emscripten::value_object;
  value_object<model::PatternMetrics> pattern("PatternMetrics");
  for (const MetricName& m : kMetricNames) pattern.field(m.name, m.member);
  value_object<PatternMetricsOut>("PatternMetricsOut")
      .field("code", &PatternMetricsOut::code)
      .field("message", &PatternMetricsOut::message)
      .field("metrics", &PatternMetricsOut::metrics);
  value_object<PhaseChangeOut>("PhaseChangeOut")
      .field("code", &PhaseChangeOut::code)
      .field("message", &PhaseChangeOut::message)
      .field("step", &PhaseChangeOut::step);
  value_object<BestHeadOut>("BestHeadOut")
      .field("code", &BestHeadOut::code)
      .field("message", &BestHeadOut::message)
      .field("layer", &BestHeadOut::layer)
      .field("head", &BestHeadOut::head)
      .field("value", &BestHeadOut::value);
  emscripten::function("_patternMetrics", &pattern_metrics_js);
  emscripten::function("_bestHead", &best_head_js);
  emscripten::function("_phaseChangeStep", &phase_change_step_js);
}

}  // namespace mha::js
