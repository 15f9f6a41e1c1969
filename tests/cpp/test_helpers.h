// Small helpers shared by the core's tests.
#ifndef MHA_TESTS_TEST_HELPERS_H_
#define MHA_TESTS_TEST_HELPERS_H_

#include <cmath>
#include <random>

#include "mha/multi_head.h"

namespace mha::testing {

// rows × cols of uniform values in [-scale, scale], reproducible from seed.
inline Matrix RandomMatrix(std::mt19937& rng, int rows, int cols,
                           float scale = 1.0f) {
  std::uniform_real_distribution<float> dist(-scale, scale);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = dist(rng);
  return m;
}

// Random weights for `heads` heads of width d_model, optionally with biases.
inline MultiHeadWeights RandomWeights(std::mt19937& rng, int d_model, int heads,
                                      bool biases = false) {
  MultiHeadWeights w;
  w.heads = heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_model));
  w.wq = RandomMatrix(rng, d_model, d_model, scale);
  w.wk = RandomMatrix(rng, d_model, d_model, scale);
  w.wv = RandomMatrix(rng, d_model, d_model, scale);
  w.wo = RandomMatrix(rng, d_model, d_model, scale);
  if (biases) {
    w.bq = RandomMatrix(rng, 1, d_model, 0.5f);
    w.bk = RandomMatrix(rng, 1, d_model, 0.5f);
    w.bv = RandomMatrix(rng, 1, d_model, 0.5f);
    w.bo = RandomMatrix(rng, 1, d_model, 0.5f);
  }
  return w;
}

// Largest |a - b| over all cells; both must have the same shape.
inline float MaxAbsDiff(const ConstMatrixRef& a, const ConstMatrixRef& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

}  // namespace mha::testing

#endif  // MHA_TESTS_TEST_HELPERS_H_
