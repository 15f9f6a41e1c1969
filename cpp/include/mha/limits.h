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
// Most floats one forward pass may hold at once (inputs, every intermediate
// and result): 2^28 floats = 1 GiB, half of what a wasm32 heap can reach.
// Sizes within the limits above can still exceed it (e.g. n = 1024,
// d_model = 4096, 64 heads needs 1.3 G floats for the contributions alone).
inline constexpr long long kMaxWorkFloats = 1LL << 28;
// Most models (and, separately, most trainers) open at once through a
// HandleRegistry, so a page that forgets dispose() gets a clear error
// instead of a full heap.
inline constexpr int kMaxOpenHandles = 64;

}  // namespace mha

#endif  // MHA_LIMITS_H_
