// Adapters between JS numbers/pointers and the core's head metrics on
// caller-supplied patterns (mha/model/metrics.h): patternMetrics,
// phaseChangeStep and bestHead. Checks and math live in the core; these only
// copy arrays out of the heap. bindings.cpp names their fields.
#ifndef MHA_WASM_METRICS_JS_H_
#define MHA_WASM_METRICS_JS_H_

#include <cstdint>
#include <string>

#include "mha/model/metrics.h"

namespace mha::js {

struct PatternMetricsOut {
  std::string code;  // "OK" or an mha::ErrorCode name
  std::string message;
  model::PatternMetrics metrics;
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

// weights: `length` floats at `weights` (n × n row-major when valid);
// tokens: `token_count` ids at `tokens`, or 0 for none.
PatternMetricsOut pattern_metrics_js(std::uintptr_t weights, int length, int n,
                                     std::uintptr_t tokens, int token_count,
                                     bool causal);

// steps: `count` ints at `steps`; inductions: `count` floats at
// `inductions`: point i is (steps[i], inductions[i]).
PhaseChangeOut phase_change_step_js(std::uintptr_t steps,
                                    std::uintptr_t inductions, int count);

// values: `count` floats at `values`, head l·heads + h's score at index
// l·heads + h.
BestHeadOut best_head_js(std::uintptr_t values, int count, int heads);

}  // namespace mha::js

#endif  // MHA_WASM_METRICS_JS_H_
