// The head-slice adapters for the embind table (bindings.cpp): one module
// per Worker holds a slice of a layer's heads (lean.h: HeadSlice) and runs
// its partial forward; web/lib/head-pool.js sums the partials. Types only:
// the checks are the core's.
#ifndef MHA_WASM_HEADS_JS_H_
#define MHA_WASM_HEADS_JS_H_

#include <cstdint>

#include "attention_js.h"
#include "convert.h"

namespace mha::js {

// Checks and keeps the slice [first_head, first_head + head_count) of the
// weights at a's pointers (a.x, a.keep and a.n are ignored). On failure the
// module holds no slice.
SizeCheck set_head_slice(const ForwardArgs& a, int first_head, int head_count);

// The resident slice's partial output: x: n × d_model floats at `x`, keep:
// n bytes at `keep` or 0. data: n × d_model floats, valid until the next
// call.
MatrixOut forward_head_slice(std::uintptr_t x, int n, std::uintptr_t keep,
                             bool causal);

}  // namespace mha::js

#endif  // MHA_WASM_HEADS_JS_H_
