// Positional encodings: attention itself is blind to word order, so a
// position signal is added to each token's embedding before the projections.
#ifndef MHA_POSITIONAL_H_
#define MHA_POSITIONAL_H_

#include "mha/limits.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha {

// Sinusoidal encoding of Vaswani et al. (2017, section 3.5):
//   PE[pos, 2i]   = sin(pos / 10000^(2i / d_model))
//   PE[pos, 2i+1] = cos(pos / 10000^(2i / d_model))
// Returns n × d_model. An odd d_model ends on a sine column.
Result<Matrix> sinusoidal_positions(int n, int d_model);

// Learned encoding: the first n rows of a trained table.
// table: max_positions × d_model. Returns n × d_model.
Result<Matrix> learned_positions(const ConstMatrixRef& table, int n);

// A learned table's sizes, checked before its floats are read: cols is a
// valid d_model (check_heads with one head) and rows ≥ 1.
Status check_position_table(int rows, int cols);

}  // namespace mha

#endif  // MHA_POSITIONAL_H_
