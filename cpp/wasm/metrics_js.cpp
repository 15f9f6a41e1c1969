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

#include "mha/model/metrics.h"
#include "mha/status.h"

namespace mha::wasm {
namespace {

namespace model = mha::model;

struct PatternMetricsOut {
  std::string code;  // "OK" or an mha::ErrorCode name
  std::string message;
  model::PatternMetrics metrics;
};

struct PhaseChangeOut {
  std::string code;
  std::string message;
  int step = -1;  // -1: no phase change
};

const float* floats(std::uintptr_t p) {
  return reinterpret_cast<const float*>(p);
}

const int* ints(std::uintptr_t p) { return reinterpret_cast<const int*>(p); }

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
  PatternMetricsOut out;
  if (!r.ok()) {
    out.code = error_code_name(r.status().code);
    out.message = r.status().message;
    return out;
  }
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
  PhaseChangeOut out;
  if (!r.ok()) {
    out.code = error_code_name(r.status().code);
    out.message = r.status().message;
    return out;
  }
  out.code = "OK";
  out.step = r.value();
  return out;
}

}  // namespace

void bind_metrics() {
  using emscripten::value_object;
  value_object<model::PatternMetrics>("PatternMetrics")
      .field("previousToken", &model::PatternMetrics::previous_token)
      .field("induction", &model::PatternMetrics::induction)
      .field("selfMass", &model::PatternMetrics::self_mass)
      .field("sinkMass", &model::PatternMetrics::sink_mass)
      .field("entropy", &model::PatternMetrics::entropy)
      .field("entropyNormalized", &model::PatternMetrics::entropy_normalized)
      .field("confidence", &model::PatternMetrics::confidence)
      .field("meanDistance", &model::PatternMetrics::mean_distance)
      .field("localMass", &model::PatternMetrics::local_mass);
  value_object<PatternMetricsOut>("PatternMetricsOut")
      .field("code", &PatternMetricsOut::code)
      .field("message", &PatternMetricsOut::message)
      .field("metrics", &PatternMetricsOut::metrics);
  value_object<PhaseChangeOut>("PhaseChangeOut")
      .field("code", &PhaseChangeOut::code)
      .field("message", &PhaseChangeOut::message)
      .field("step", &PhaseChangeOut::step);
  emscripten::function("_patternMetrics", &pattern_metrics_js);
  emscripten::function("_phaseChangeStep", &phase_change_step_js);
}

}  // namespace mha::wasm
