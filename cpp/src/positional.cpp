#include "mha/positional.h"

#include <cmath>

#include "mha/validate.h"

namespace mha {

Result<Matrix> sinusoidal_positions(int n, int d_model) {
  Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  if (!(s = check_heads(d_model, 1)).ok()) return s;
  Matrix pe(n, d_model);
  for (int pos = 0; pos < n; ++pos) {
    for (int col = 0; col < d_model; ++col) {
      // Columns 2i and 2i+1 share the frequency 1 / 10000^(2i / d_model).
      const int pair = col / 2;
      const double angle =
          pos / std::pow(10000.0, (2.0 * pair) / static_cast<double>(d_model));
      pe(pos, col) =
          static_cast<float>(col % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
  return pe;
}

Result<Matrix> learned_positions(const ConstMatrixRef& table, int n) {
  Status s = check_sequence_length(n);
  if (!s.ok()) return s;
  if (table.rows() < n) {
    return Status::Error(ErrorCode::kTooLarge,
                         "n (" + std::to_string(n) +
                             ") is longer than the learned position table (" +
                             std::to_string(table.rows()) + " rows)");
  }
  if (!(s = check_finite("positions", table.topRows(n))).ok()) return s;
  return Matrix(table.topRows(n));
}

Status check_position_table(int rows, int cols) {
  const Status s = check_heads(cols, 1);
  if (!s.ok()) return s;
  if (rows < 1) {
    return Status::Error(ErrorCode::kZeroSize,
                         "the position table has no rows");
  }
  return s;
}

}  // namespace mha
