#include "mha/softmax.h"

#include <cmath>
#include <limits>

namespace mha {

void softmax_rows_inplace(MatrixRef scores) {
  for (Eigen::Index r = 0; r < scores.rows(); ++r) {
    auto row = scores.row(r);
    // 1. The largest score; -inf only when every cell is masked.
    const float max = row.maxCoeff();
    if (max == -std::numeric_limits<float>::infinity()) {
      row.setZero();
      continue;
    }
    // 2. Shifted exponentials: every exponent ≤ 0, so nothing overflows.
    //    Masked cells are set to exactly 0: Eigen's vectorised exp clamps
    //    its input and would give a denormal instead.
    row = (row.array() == -std::numeric_limits<float>::infinity())
              .select(0.0f, (row.array() - max).exp());
    // 3. Normalise; the sum is ≥ 1 because the maximum contributes exp(0).
    row /= row.sum();
  }
}

Matrix softmax_rows(const ConstMatrixRef& scores) {
  Matrix result = scores;
  softmax_rows_inplace(result);
  return result;
}

}  // namespace mha
