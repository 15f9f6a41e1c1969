#include "metrics_js.h"

#include <cstddef>
#include <vector>

#include "convert.h"
#include "mha/status.h"

namespace mha::js {
namespace {

std::size_t count_of(int length) {
  return length < 0 ? 0 : static_cast<std::size_t>(length);
}

}  // namespace

PatternMetricsOut pattern_metrics_js(std::uintptr_t weights, int length, int n,
                                     std::uintptr_t tokens, int token_count,
                                     bool causal) {
  const std::vector<float> w(floats(weights),
                             floats(weights) + count_of(length));
  const std::vector<int> ids = ints_at(tokens, count_of(token_count));
  const Result<model::PatternMetrics> r = model::checked_pattern_metrics(
      w, n, tokens != 0 ? &ids : nullptr, causal);
  if (!r.ok()) return failure<PatternMetricsOut>(r.status());
  PatternMetricsOut out;
  out.code = "OK";
  out.metrics = r.value();
  return out;
}

PhaseChangeOut phase_change_step_js(std::uintptr_t steps,
                                    std::uintptr_t inductions, int count) {
  const Result<int> r = model::checked_phase_change_step(
      ints_at(steps, count_of(count)),
      std::vector<float>(floats(inductions),
                         floats(inductions) + count_of(count)));
  if (!r.ok()) return failure<PhaseChangeOut>(r.status());
  PhaseChangeOut out;
  out.code = "OK";
  out.step = r.value();
  return out;
}

BestHeadOut best_head_js(std::uintptr_t values, int count, int heads) {
  const Result<model::BestHead> r = model::best_head_of_scores(
      std::vector<float>(floats(values), floats(values) + count_of(count)),
      heads);
  if (!r.ok()) return failure<BestHeadOut>(r.status());
  BestHeadOut out;
  out.code = "OK";
  out.layer = r.value().layer;
  out.head = r.value().head;
  out.value = r.value().value;
  return out;
}

}  // namespace mha::js
