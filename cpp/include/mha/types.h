// Tensor types shared by the whole core.
//
// Everything is single-precision and row-major, so a Matrix's data() is the
// exact flat layout the JS API documents (index = row * cols + col).
#ifndef MHA_TYPES_H_
#define MHA_TYPES_H_

#include <Eigen/Core>

namespace mha {

using Matrix =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic, Eigen::RowMajor>;

// Non-owning views, used where callers may pass a block of a larger matrix.
using MatrixRef = Eigen::Ref<Matrix>;
using ConstMatrixRef = Eigen::Ref<const Matrix>;

}  // namespace mha

#endif  // MHA_TYPES_H_
