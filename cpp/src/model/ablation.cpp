#include "mha/model/ablation.h"

#include <cmath>
#include <string>

#include "mha/model/layers.h"
#include "mha/model/transformer.h"

namespace mha::model {
namespace {

// The index of the largest logit of each row. logits: R × V.
std::vector<int> argmax_rows(const Matrix& logits) {
  std::vector<int> ids(logits.rows());
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    Eigen::Index best = 0;
    logits.row(r).maxCoeff(&best);
    ids[r] = static_cast<int>(best);
  }
  return ids;
}

}  // namespace

Result<AblationEffect> ablation_effect(
    const Weights& weights, const std::vector<int>& sequences, int batch, int n,
    const std::vector<float>& loss_weights,
    const std::vector<std::uint8_t>& ablated) {
  const std::size_t rows = static_cast<std::size_t>(batch) * n;
  if (batch < 1 || n < 1 ||
      sequences.size() != static_cast<std::size_t>(batch) * (n + 1)) {
    return Status::Error(
        ErrorCode::kShapeMismatch,
        "sequences has " + std::to_string(sequences.size()) +
            " ids, expected batch × (n + 1) = " +
            std::to_string(static_cast<long long>(batch) * (n + 1)));
  }
  if (!loss_weights.empty() && loss_weights.size() != rows) {
    return Status::Error(
        ErrorCode::kShapeMismatch,
        "loss_weights has " + std::to_string(loss_weights.size()) +
            " values, expected batch × n = " + std::to_string(rows));
  }
  // 1. Split each sequence into inputs (tokens 0..n-1) and targets (1..n).
  std::vector<int> inputs(rows), targets(rows);
  for (int b = 0; b < batch; ++b) {
    const int* seq = sequences.data() + static_cast<std::size_t>(b) * (n + 1);
    std::copy(seq, seq + n, inputs.begin() + static_cast<std::size_t>(b) * n);
    std::copy(seq + 1, seq + n + 1,
              targets.begin() + static_cast<std::size_t>(b) * n);
  }
  for (std::size_t i = 0; i < loss_weights.size(); ++i) {
    if (!std::isfinite(loss_weights[i]) || loss_weights[i] < 0) {
      return Status::Error(
          ErrorCode::kNonFinite,
          "loss_weights[" + std::to_string(i) + "] must be finite and ≥ 0");
    }
  }
  const float* w = loss_weights.empty() ? nullptr : loss_weights.data();
  // 2. The intact model, then the ablated one.
  //    Every row's logits, no attention or intermediates kept.
  const ForwardOptions options =
      inference_options(false, {ForwardOptions::kAllLogitRows});
  ForwardCache cache;
  Status s = forward(weights, inputs.data(), batch, n, {}, &cache, {}, options);
  if (!s.ok()) return s;
  AblationEffect effect;
  for (int t : targets) {
    if (t < 0 || t >= weights.config.vocab) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "a target token is outside the vocabulary");
    }
  }
  effect.loss = cross_entropy(cache.logits, targets.data(), w, nullptr);
  effect.predicted = argmax_rows(cache.logits);
  if (!(s = forward(weights, inputs.data(), batch, n, ablated, &cache, {},
                    options))
           .ok()) {
    return s;
  }
  effect.ablated_loss = cross_entropy(cache.logits, targets.data(), w, nullptr);
  effect.ablated_predicted = argmax_rows(cache.logits);
  effect.delta = effect.ablated_loss - effect.loss;
  // 3. How many scored positions change their most likely next token.
  double changed = 0, scored = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float weight = w ? w[r] : 1.0f;
    if (weight <= 0) continue;
    scored += 1;
    changed += effect.predicted[r] != effect.ablated_predicted[r];
  }
  effect.changed_predictions =
      scored > 0 ? static_cast<float>(changed / scored) : 0.0f;
  return effect;
}

std::vector<std::uint8_t> single_head(const ModelConfig& config, int layer,
                                      int head) {
  std::vector<std::uint8_t> flags(
      static_cast<std::size_t>(config.layers) * config.heads, 0);
  if (layer >= 0 && layer < config.layers && head >= 0 && head < config.heads) {
    flags[static_cast<std::size_t>(layer) * config.heads + head] = 1;
  }
  return flags;
}

}  // namespace mha::model
