#include "convert.h"

namespace mha::js {

SizeCheck status_out(const Status& s) {
  return {error_code_name(s.code), s.message};
}

MatrixOut matrix_out(const Result<Matrix>& r, Matrix* storage) {
  if (!r.ok()) return failure<MatrixOut>(r.status());
  *storage = r.value();
  MatrixOut out;
  out.code = "OK";
  out.data = address(storage->data());
  out.rows = static_cast<int>(storage->rows());
  out.cols = static_cast<int>(storage->cols());
  return out;
}

std::uintptr_t address(const float* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

std::uintptr_t address(const int* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

const float* floats(std::uintptr_t p) {
  return reinterpret_cast<const float*>(p);
}

const int* ints(std::uintptr_t p) { return reinterpret_cast<const int*>(p); }

const std::uint8_t* bytes(std::uintptr_t p) {
  return reinterpret_cast<const std::uint8_t*>(p);
}

std::vector<int> ints_at(std::uintptr_t p, std::size_t count) {
  if (p == 0) return {};
  return {ints(p), ints(p) + count};
}

std::vector<std::uint8_t> bytes_at(std::uintptr_t p, std::size_t count) {
  if (p == 0) return {};
  return {bytes(p), bytes(p) + count};
}

Matrix matrix_at(std::uintptr_t p, int rows, int cols) {
  return Eigen::Map<const Matrix>(floats(p), rows, cols);
}

RowVector bias_at(std::uintptr_t p, int d_model) {
  if (p == 0) return {};
  return Eigen::Map<const RowVector>(floats(p), d_model);
}

std::uintptr_t bias_address(const RowVector& b) {
  return b.size() == 0 ? 0 : address(b.data());
}

}  // namespace mha::js
