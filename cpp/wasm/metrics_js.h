// The embind entries for head metrics on caller-supplied patterns
// (patternMetrics, phaseChangeStep, bestHead). Called once from the
// EMSCRIPTEN_BINDINGS table in bindings.cpp.
#ifndef MHA_WASM_METRICS_JS_H_
#define MHA_WASM_METRICS_JS_H_

namespace mha::js {

// Registers the value objects and functions of metrics_js.cpp.
void bind_metrics();

}  // namespace mha::js

#endif  // MHA_WASM_METRICS_JS_H_
