// Documented size limits. Inputs beyond them are rejected by validation
// rather than allowed to exhaust the (wasm) heap.
#ifndef MHA_LIMITS_H_
#define MHA_LIMITS_H_

namespace mha {

// Longest sequence (number of tokens, n) the core accepts.
inline constexpr int kMaxTokens = 2048;
// Largest model width (d_model) the core accepts. GPT-3's 12,288 would need
// 4 × 12,288² floats = 2.4 GB of weights, beyond a browser's wasm heap.
inline constexpr int kMaxModelDim = 4096;

}  // namespace mha

#endif  // MHA_LIMITS_H_
