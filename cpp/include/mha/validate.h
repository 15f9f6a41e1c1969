// Building blocks of input validation. Each returns a Status whose message
// names the offending input and, for shapes, what was expected.
#ifndef MHA_VALIDATE_H_
#define MHA_VALIDATE_H_

#include <string>

#include "mha/mask.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha {

// n ≥ 1 and n ≤ kMaxTokens.
Status check_sequence_length(int n);

// d_model ≥ 1, heads ≥ 1, d_model ≤ kMaxModelDim, heads divides d_model.
Status check_heads(int d_model, int heads);

// The floats a forward pass of this size holds at once (see
// forward_work_floats) stay within kMaxWorkFloats.
Status check_work_size(int n, int d_model, int heads);

// All three size checks of one forward, in the order a caller reading
// pointers needs them: check_heads, check_sequence_length, check_work_size.
Status check_attention_sizes(int n, int d_model, int heads);

// Floats held during one multi-head forward: the inputs (x and four
// d_model × d_model matrices, counted twice since callers copy them in), the
// projections, and every intermediate MultiHeadResult returns.
long long forward_work_floats(int n, int d_model, int heads);

// `m` is rows × cols. `name` is how the message refers to it ("wq").
Status check_shape(const std::string& name, const ConstMatrixRef& m,
                   Eigen::Index rows, Eigen::Index cols);

// Every value of `m` is finite; otherwise names the first bad cell.
Status check_finite(const std::string& name, const ConstMatrixRef& m);

// True when no cell is NaN or ±Infinity. Use this, not Eigen's allFinite():
// in the wasm build (Emscripten 3.1.6, -O3 -msimd128) allFinite() returned
// true for a matrix of NaN.
bool all_finite(const ConstMatrixRef& m);

// A result computed from finite inputs: NaN or ±Infinity in it means the
// products overflowed the float range, a kNonFinite error naming the result
// and the cell. allow_minus_infinity: masked scores are −Infinity by design.
Status check_overflow(const std::string& name, const ConstMatrixRef& m,
                      bool allow_minus_infinity = false);

// An optional bias: empty, or 1 × d_model and finite.
Status check_bias(const std::string& name, const RowVector& bias, int d_model);

// The tokens of a forward pass: x has d_model columns and finite values, and
// mask.keep is empty or has one flag per row of x.
// x: n × d_model.
Status check_tokens(const ConstMatrixRef& x, int d_model, const Mask& mask);

}  // namespace mha

#endif  // MHA_VALIDATE_H_
