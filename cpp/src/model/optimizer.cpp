#include "mha/model/optimizer.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace mha::model {
namespace {

Status bad(const std::string& message) {
  return Status::Error(ErrorCode::kOutOfRange, message);
}

}  // namespace

Status check_adam_config(const AdamConfig& c) {
  if (!(c.lr > 0) || !std::isfinite(c.lr)) return bad("lr must be > 0");
  if (!(c.beta1 >= 0 && c.beta1 < 1)) return bad("beta1 must be in [0, 1)");
  if (!(c.beta2 >= 0 && c.beta2 < 1)) return bad("beta2 must be in [0, 1)");
  if (!(c.epsilon > 0)) return bad("epsilon must be > 0");
  if (c.warmup < 0) return bad("warmup must be ≥ 0");
  if (c.decay_steps < 0) return bad("decay_steps must be ≥ 0");
  if (!(c.clip_norm >= 0)) return bad("clip_norm must be ≥ 0");
  if (!(c.min_lr >= 0)) return bad("min_lr must be ≥ 0");
  if (c.cosine && c.decay_steps <= c.warmup) {
    return bad("decay_steps (" + std::to_string(c.decay_steps) +
               ") must exceed warmup (" + std::to_string(c.warmup) +
               ") for cosine decay");
  }
  return Status::Ok();
}

float learning_rate(const AdamConfig& c, int step) {
  // 1. Linear warm-up from lr/warmup at step 1 to lr at step `warmup`.
  if (c.warmup > 0 && step <= c.warmup) {
    return c.lr * static_cast<float>(step) / static_cast<float>(c.warmup);
  }
  if (!c.cosine) return c.lr;
  // 2. Cosine decay to min_lr at decay_steps, then flat.
  constexpr double kPi = 3.141592653589793;
  const double p = std::min(
      1.0, static_cast<double>(step - c.warmup) / (c.decay_steps - c.warmup));
  return static_cast<float>(c.min_lr + (c.lr - c.min_lr) * 0.5 *
                                           (1.0 + std::cos(kPi * p)));
}

float gradient_norm(const Weights& grads) {
  double sum = 0;
  for (const ConstTensorRef& t : tensors(grads)) {
    sum += t.tensor->cast<double>().squaredNorm();
  }
  return static_cast<float>(std::sqrt(sum));
}

float clip_gradients(Weights* grads, float max_norm) {
  const float norm = gradient_norm(*grads);
  if (max_norm > 0 && norm > max_norm) {
    const float scale = max_norm / norm;
    for (TensorRef& t : tensors(grads)) *t.tensor *= scale;
  }
  return norm;
}

AdamState adam_init(const ModelConfig& config) {
  AdamState state;
  state.m = zero_weights(config);
  state.v = zero_weights(config);
  return state;
}

float adam_step(const AdamConfig& c, const Weights& grads, AdamState* state,
                Weights* weights) {
  const int t = ++state->step;
  const float lr = learning_rate(c, t);
  // Bias corrections 1 − βᵗ, computed in double for large t.
  const float c1 = static_cast<float>(1.0 - std::pow(c.beta1, t));
  const float c2 = static_cast<float>(1.0 - std::pow(c.beta2, t));
  const std::vector<ConstTensorRef> g = tensors(grads);
  const std::vector<TensorRef> m = tensors(&state->m);
  const std::vector<TensorRef> v = tensors(&state->v);
  const std::vector<TensorRef> w = tensors(weights);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto gi = g[i].tensor->array();
    auto mi = m[i].tensor->array();
    auto vi = v[i].tensor->array();
    // 1. Moving averages of the gradient and of its square.
    mi = c.beta1 * mi + (1.0f - c.beta1) * gi;
    vi = c.beta2 * vi + (1.0f - c.beta2) * gi.square();
    // 2. Bias-corrected step.
    w[i].tensor->array() -= lr * (mi / c1) / ((vi / c2).sqrt() + c.epsilon);
  }
  return lr;
}

}  // namespace mha::model
