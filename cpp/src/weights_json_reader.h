// Internal to the core: a fast reader for the common case of a weights
// document (mha/json_io.h), a flat object of integers, null and arrays of
// numbers. nlohmann's DOM parser builds a node per number, which made
// weightsFromJSON parse about 2 MB/s in wasm; this reader streams each array
// straight into its matrix.
//
// It accepts only documents it can read completely and that are valid; for
// anything else (a syntax error, a value of another kind, a wrong size, a
// non-finite number) it returns false, and weights_from_json falls back to
// the DOM path, whose errors name the field. So the two paths agree on
// every document: the same floats (both parse numbers with std::strtof) or
// the DOM path's error.
#ifndef MHA_SRC_WEIGHTS_JSON_READER_H_
#define MHA_SRC_WEIGHTS_JSON_READER_H_

#include <string_view>

#include "mha/multi_head.h"

namespace mha::internal {

// One JSON number token's float, as nlohmann's DOM parser gives it
// (integer: the token has no fraction or exponent): exact, and fast for the
// short numbers a weights document holds. Exposed for its test.
float token_float(std::string_view token, bool integer);

// True, with *out filled and check_weights(*out) passing, when `text` is a
// valid weights document of the plain form above.
bool read_weights_fast(std::string_view text, MultiHeadWeights* out);

}  // namespace mha::internal

#endif  // MHA_SRC_WEIGHTS_JSON_READER_H_
