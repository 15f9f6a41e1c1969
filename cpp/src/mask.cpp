#include "mha/mask.h"

#include <limits>

namespace mha {

bool is_masked(const Mask& mask, int query, int key) {
  if (mask.causal && key > query) return true;
  if (!mask.keep.empty() && mask.keep[static_cast<size_t>(key)] == 0) {
    return true;
  }
  return false;
}

void apply_mask(const Mask& mask, MatrixRef scores) {
  constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
  if (!mask.keep.empty()) {
    for (Eigen::Index key = 0; key < scores.cols(); ++key) {
      if (mask.keep[static_cast<size_t>(key)] == 0) {
        scores.col(key).setConstant(kMinusInf);
      }
    }
  }
  if (mask.causal) {
    // Strictly above the diagonal: keys later than the query.
    for (Eigen::Index query = 0; query < scores.rows(); ++query) {
      const Eigen::Index first_future = query + 1;
      if (first_future < scores.cols()) {
        scores.row(query)
            .tail(scores.cols() - first_future)
            .setConstant(kMinusInf);
      }
    }
  }
}

}  // namespace mha
