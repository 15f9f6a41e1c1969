// Adam (Kingma & Ba 2015) with a linear warm-up, optional cosine decay, and
// gradient clipping by the global L2 norm.
//
// At step t = 1, 2, … with gradient g:
//   m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
//   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
//   w ← w − lr(t) · m̂ / (√v̂ + ε)
// No weight decay.
#ifndef MHA_MODEL_OPTIMIZER_H_
#define MHA_MODEL_OPTIMIZER_H_

#include "mha/model/model.h"
#include "mha/status.h"

namespace mha::model {

struct AdamConfig {
  float lr = 3e-3f;  // peak learning rate
  float beta1 = 0.9f;
  float beta2 = 0.99f;
  float epsilon = 1e-8f;
  int warmup = 100;     // steps of linear warm-up (0: none)
  bool cosine = false;  // cosine decay after warm-up …
  int decay_steps = 0;  // … reaching min_lr at this step (≥ warmup)
  float min_lr = 0.0f;
  float clip_norm = 1.0f;  // global gradient-norm clip (0: no clipping)
};

// Each value in range (lr > 0, 0 ≤ β < 1, ε > 0, warmup ≥ 0, clip ≥ 0, and
// decay_steps > warmup when cosine). The message names the field.
Status check_adam_config(const AdamConfig& config);

// The learning rate of step t (1-based):
//   t ≤ warmup:            lr · t / warmup
//   after, no cosine:      lr
//   after, cosine:         min_lr + (lr − min_lr)·½·(1 + cos(π·p)),
//                          p = min(1, (t − warmup) / (decay_steps − warmup)).
float learning_rate(const AdamConfig& config, int step);

// √(Σ g²) over every tensor of *grads, computed in double.
float gradient_norm(const Weights& grads);

// If the global norm exceeds max_norm (> 0), scales every gradient by
// max_norm / norm. Returns the norm before clipping.
float clip_gradients(Weights* grads, float max_norm);

struct AdamState {
  int step = 0;  // steps taken so far
  Weights m, v;  // first and second moments, the model's shapes
};

// Zero moments for a model of this configuration.
AdamState adam_init(const ModelConfig& config);

// One update of *weights with grads (already clipped), at step state->step+1.
// Returns the learning rate used.
float adam_step(const AdamConfig& config, const Weights& grads,
                AdamState* state, Weights* weights);

}  // namespace mha::model

#endif  // MHA_MODEL_OPTIMIZER_H_
