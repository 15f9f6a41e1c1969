// Weights and configurations to and from JSON text.
//
// Format of a weights document:
//   { "heads": 4, "d_model": 8,
//     "wq": [d_model·d_model numbers, row-major], "wk": …, "wv": …, "wo": …,
//     "bq": [d_model numbers] (optional; also "bk", "bv", "bo") }
// Format of a configuration document:
//   { "d_model": 8, "heads": 4, "causal": false, "max_tokens": 64 }
// Parsing never throws: malformed or ill-typed JSON gives a kBadJson Status
// whose message names the field, and invalid shapes or values give the same
// Status as check_multi_head_input.
#ifndef MHA_JSON_IO_H_
#define MHA_JSON_IO_H_

#include <string>
#include <string_view>

#include "mha/multi_head.h"
#include "mha/status.h"

namespace mha {

struct MultiHeadConfig {
  int d_model = 0;
  int heads = 0;
  bool causal = false;
  int max_tokens = kMaxTokensDefault;
  static constexpr int kMaxTokensDefault = 64;
};

// The longest text one float takes in a weights document, with its comma
// ("-1.17549435e-38,"), and the most text weights_to_json writes: 2^28
// bytes = 256 MiB (a JS string and the wasm heap must both hold it).
inline constexpr int kMaxFloatJsonChars = 16;
inline constexpr long long kMaxWeightsJsonBytes = 1LL << 28;

// An upper bound on the length of weights_to_json(weights).
long long weights_json_bytes(const MultiHeadWeights& weights);
// The same bound from the sizes alone: d_model and how many biases
// (0 to 4) the weights have; kTooLarge past kMaxWeightsJsonBytes. A caller
// checks it before copying the weights anywhere.
Status check_weights_json_size(int d_model, int biases);

// kTooLarge when weights_json_bytes passes kMaxWeightsJsonBytes (d_model
// above about 2,000), checked before anything is written.
Result<std::string> weights_to_json(const MultiHeadWeights& weights);
Result<MultiHeadWeights> weights_from_json(std::string_view text);

std::string config_to_json(const MultiHeadConfig& config);
Result<MultiHeadConfig> config_from_json(std::string_view text);

}  // namespace mha

#endif  // MHA_JSON_IO_H_
