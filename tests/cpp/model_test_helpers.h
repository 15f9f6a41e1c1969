// Helpers shared by the training core's tests (tests/cpp/model_*_test.cpp).
#ifndef MHA_TESTS_MODEL_TEST_HELPERS_H_
#define MHA_TESTS_MODEL_TEST_HELPERS_H_

#include <cstdint>
#include <random>
#include <vector>

#include "mha/model/layers.h"
#include "mha/model/model.h"
#include "mha/model/transformer.h"

namespace mha::model::testing {

// A tiny model with every tensor (gains and biases too) drawn from
// U(-scale, scale) around its usual value, so no gradient is trivially zero.
inline Weights RandomModel(const ModelConfig& config, std::uint32_t seed,
                           float scale = 0.5f) {
  Weights w = zero_weights(config);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  for (TensorRef& t : tensors(&w)) {
    const bool gain = t.name.find("_gain") != std::string::npos;
    for (Eigen::Index i = 0; i < t.tensor->size(); ++i) {
      t.tensor->data()[i] = (gain ? 1.0f : 0.0f) + dist(rng);
    }
  }
  return w;
}

// batch × n random ids in [0, vocab).
inline std::vector<int> RandomTokens(int count, int vocab, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int> ids(count);
  for (int& id : ids) id = static_cast<int>(rng() % vocab);
  return ids;
}

// The model's weighted mean cross-entropy on (inputs, targets).
inline float Loss(const Weights& w, const std::vector<int>& inputs,
                  const std::vector<int>& targets,
                  const std::vector<float>& loss_weights, int batch, int n,
                  const std::vector<std::uint8_t>& ablated = {},
                  const std::vector<int>& position_starts = {}) {
  ForwardCache cache;
  const Status s =
      forward(w, inputs.data(), batch, n, ablated, &cache, position_starts);
  if (!s.ok()) return -1;
  return cross_entropy(cache.logits, targets.data(),
                       loss_weights.empty() ? nullptr : loss_weights.data(),
                       nullptr);
}

}  // namespace mha::model::testing

#endif  // MHA_TESTS_MODEL_TEST_HELPERS_H_
