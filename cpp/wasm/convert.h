// Conversions between the numbers JS passes (pointers into the wasm heap as
// plain integers, 0 meaning "absent") and the core's types, and the
// code/message pair every result carries. No checks and no policy: callers
// read a pointer only after the core has checked the sizes it implies.
#ifndef MHA_WASM_CONVERT_H_
#define MHA_WASM_CONVERT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "mha/status.h"
#include "mha/types.h"

namespace mha::js {

// A result's outcome alone: code is "OK" or an mha::ErrorCode name.
struct SizeCheck {
  std::string code;
  std::string message;
};

SizeCheck status_out(const Status& s);

// A matrix result (positions, parsed weights, loss weights) at `data`,
// rows × cols floats, row-major.
struct MatrixOut {
  std::string code;
  std::string message;
  std::uintptr_t data = 0;
  int rows = 0, cols = 0;
};

// r's matrix kept in *storage (which outlives the call), or its failure.
MatrixOut matrix_out(const Result<Matrix>& r, Matrix* storage);

// An `Out` (any result struct with code and message) holding only a failure.
template <typename Out>
Out failure(const Status& s) {
  Out out;
  out.code = error_code_name(s.code);
  out.message = s.message;
  return out;
}

std::uintptr_t address(const float* p);
std::uintptr_t address(const int* p);
const float* floats(std::uintptr_t p);
const int* ints(std::uintptr_t p);
const std::uint8_t* bytes(std::uintptr_t p);

// `count` ints or bytes at p, copied (p == 0: empty).
std::vector<int> ints_at(std::uintptr_t p, std::size_t count);
std::vector<std::uint8_t> bytes_at(std::uintptr_t p, std::size_t count);

// m: rows × cols floats at p, row-major, copied.
Matrix matrix_at(std::uintptr_t p, int rows, int cols);

// b: d_model floats at p, copied; p == 0: an empty bias.
RowVector bias_at(std::uintptr_t p, int d_model);

// Where a bias starts, 0 when it is empty.
std::uintptr_t bias_address(const RowVector& b);

}  // namespace mha::js

#endif  // MHA_WASM_CONVERT_H_
