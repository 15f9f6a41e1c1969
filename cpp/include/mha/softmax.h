// Numerically stable softmax over the rows of a score matrix.
#ifndef MHA_SOFTMAX_H_
#define MHA_SOFTMAX_H_

#include "mha/types.h"

namespace mha {

// Replaces each row of `scores` by its softmax, in place.
// Subtracts the row's largest finite score before exponentiating, so scores
// of any magnitude stay finite. Cells at -infinity (masked) become exactly 0,
// and a row whose every cell is -infinity becomes all zeros, never NaN.
// scores: rows × cols, row-major.
void softmax_rows_inplace(MatrixRef scores);

// The same, returning a new matrix. scores: rows × cols.
Matrix softmax_rows(const ConstMatrixRef& scores);

}  // namespace mha

#endif  // MHA_SOFTMAX_H_
