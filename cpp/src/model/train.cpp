#include "mha/model/train.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "mha/model/layers.h"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace mha::model {

long long trainer_floats(const TrainConfig& c) {
  const long long tokens = static_cast<long long>(c.data.batch) * c.data.n;
  return 4 * parameter_count(c.model) +
         2 * forward_floats(c.model, c.data.batch, c.data.n) +
         tokens * c.model.vocab;
}

Status check_train_config(const TrainConfig& c) {
  Status s = check_config(c.model);
  if (!s.ok()) return s;
  if (!(s = check_adam_config(c.adam)).ok()) return s;
  if (!(s = check_data_config(c.data)).ok()) return s;
  if (c.data.n + c.data.max_shift > c.model.context) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "n + max_shift (" + std::to_string(c.data.n) + " + " +
                             std::to_string(c.data.max_shift) +
                             ") exceeds the model's context (" +
                             std::to_string(c.model.context) + ")");
  }
  if (forward_floats(c.model, c.data.batch, c.data.n) > kMaxForwardFloats) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "batch × n = " + std::to_string(c.data.batch) + " × " +
            std::to_string(c.data.n) +
            " is too large a batch for this model (see kMaxForwardFloats)");
  }
  if (c.model.vocab != kVocabSize) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "vocab must be the character vocabulary's " +
                             std::to_string(kVocabSize) + ", got " +
                             std::to_string(c.model.vocab));
  }
  const long long floats = trainer_floats(c);
  if (floats > kMaxTrainerFloats) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "this trainer would need about " +
            std::to_string(floats * 4 / (1 << 20)) + " MiB (" +
            std::to_string(parameter_count(c.model)) +
            " parameters × 4 for weights, gradients and Adam's moments, "
            "plus activations), above the limit of " +
            std::to_string(kMaxTrainerFloats * 4 / (1 << 20)) +
            " MiB: make the model or the batch smaller");
  }
  return Status::Ok();
}

Result<StepStats> train_step(const AdamConfig& adam, const Batch& batch,
                             Weights* weights, AdamState* state,
                             TrainScratch* scratch) {
  // 1. Forward pass over the whole batch.
  Status s = forward(*weights, batch.inputs.data(), batch.batch, batch.n, {},
                     &scratch->cache, batch.position_starts);
  if (!s.ok()) return s;
  for (int t : batch.targets) {
    if (t < 0 || t >= weights->config.vocab) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "a target token is outside the vocabulary");
    }
  }
  // 2. Loss and its gradient on the logits; per-row losses for the log.
  StepStats stats;
  const std::size_t rows = batch.targets.size();
  if (!batch.loss_weights.empty() && batch.loss_weights.size() != rows) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "loss_weights must be empty or batch × n");
  }
  const float* scored =
      batch.loss_weights.empty() ? nullptr : batch.loss_weights.data();
  scratch->row_losses.resize(rows);
  stats.loss =
      cross_entropy(scratch->cache.logits, batch.targets.data(), scored,
                    &scratch->d_logits, scratch->row_losses.data());
  // Weighted means over the synthetic and the text sequences, for the log.
  double synthetic = 0, text = 0, synthetic_weight = 0, text_weight = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t b = r / static_cast<std::size_t>(batch.n);
    const double w = scored ? scored[r] : 1.0;
    if (batch.synthetic.empty() || !batch.synthetic[b]) {
      text += w * scratch->row_losses[r];
      text_weight += w;
    } else {
      synthetic += w * scratch->row_losses[r];
      synthetic_weight += w;
    }
  }
  stats.loss_synthetic = synthetic_weight > 0
                             ? static_cast<float>(synthetic / synthetic_weight)
                             : 0.0f;
  stats.loss_text =
      text_weight > 0 ? static_cast<float>(text / text_weight) : 0.0f;
  // 3. Backward pass into the gradient buffers.
  if (scratch->grads.layers.size() != weights->layers.size() ||
      scratch->grads.token_embedding.size() == 0) {
    scratch->grads = zero_weights(weights->config);
  }
  backward(*weights, scratch->cache, scratch->d_logits, &scratch->grads);
  // 4. Clip the global gradient norm, then one Adam update, unless the run
  //    diverged: then the weights stay as they were.
  stats.grad_norm = clip_gradients(&scratch->grads, adam.clip_norm);
  if (!std::isfinite(stats.loss) || !std::isfinite(stats.grad_norm)) {
    return Status::Error(
        ErrorCode::kNonFinite,
        "training diverged at step " + std::to_string(state->step + 1) +
            ": the loss is " + std::to_string(stats.loss) +
            " and the gradient norm " + std::to_string(stats.grad_norm) +
            " (a lower lr may help); the weights were not updated");
  }
  stats.lr = adam_step(adam, scratch->grads, state, weights);
  stats.step = state->step;
  return stats;
}

Trainer::Trainer(const TrainConfig& config, std::vector<int> text,
                 Weights weights)
    : config_(config),
      text_(std::move(text)),
      weights_(std::move(weights)),
      state_(adam_init(config.model)),
      data_rng_(config.seed + 1) {}

Result<Trainer> Trainer::create(const TrainConfig& config,
                                std::vector<int> text) {
  Status s = check_train_config(config);
  if (!s.ok()) return s;
  if (config.data.synthetic_fraction < 1.0f &&
      static_cast<int>(text.size()) < config.data.n + 1) {
    return Status::Error(
        ErrorCode::kOutOfRange,
        "the text has " + std::to_string(text.size()) +
            " tokens, fewer than n + 1 = " + std::to_string(config.data.n + 1));
  }
  for (int t : text) {
    if (t < 0 || t >= config.model.vocab) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "the text holds a token outside the vocabulary");
    }
  }
  Result<Weights> weights =
      init_weights(config.model, config.seed, config.init);
  if (!weights.ok()) return weights.status();
  return Trainer(config, std::move(text), std::move(weights).value());
}

Result<StepStats> Trainer::step() {
  Result<Batch> batch = make_batch(data_rng_, config_.data, text_);
  if (!batch.ok()) return batch.status();
  return train_step(config_.adam, batch.value(), &weights_, &state_, &scratch_);
}

long long step_work(const TrainConfig& c) {
  const ModelConfig& m = c.model;
  const long long tokens = static_cast<long long>(c.data.batch) * c.data.n;
  const long long per_layer = 4LL * m.d_model * m.d_model +
                              2LL * c.data.n * m.d_model +
                              (m.mlp ? 2LL * m.d_model * m.d_mlp : 0);
  const long long forward =
      tokens *
      (m.layers * per_layer + static_cast<long long>(m.d_model) * m.vocab);
  return 3 * forward + kStepOverheadWork;
}

int max_steps_per_call(const TrainConfig& c) {
  const long long steps = kMaxStepWorkPerCall / std::max(1LL, step_work(c));
  return static_cast<int>(std::clamp<long long>(steps, 1, kMaxStepsPerCall));
}

Status Trainer::steps(int count, std::vector<StepStats>* out) {
  out->clear();
  const int most = max_steps_per_call(config_);
  if (count < 1 || count > most) {
    return Status::Error(
        ErrorCode::kOutOfRange,
        "steps must be between 1 and " + std::to_string(most) +
            " per call for this model (about 100 ms of work), got " +
            std::to_string(count) + "; call step() again for more");
  }
  out->reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    Result<StepStats> r = step();
    if (!r.ok()) return r.status();
    out->push_back(r.value());
  }
  return Status::Ok();
}

Checkpoint Trainer::snapshot() const {
  Checkpoint c;
  c.weights = weights_;
  c.step = state_.step;
  return c;
}

void set_thread_count(int threads) {
#if defined(_OPENMP)
  if (threads > 0) omp_set_num_threads(threads);
#else
  (void)threads;
#endif
}

int thread_count() {
#if defined(_OPENMP)
  return omp_get_max_threads();
#else
  return 1;
#endif
}

TextSplit split_text(const std::vector<int>& ids, float heldout_fraction) {
  const std::size_t held = static_cast<std::size_t>(
      static_cast<double>(ids.size()) *
      std::min(1.0, std::max(0.0, static_cast<double>(heldout_fraction))));
  const auto cut = ids.end() - static_cast<std::ptrdiff_t>(held);
  return {std::vector<int>(ids.begin(), cut), std::vector<int>(cut, ids.end())};
}

Result<std::vector<int>> text_windows(const std::vector<int>& text, int count,
                                      int n) {
  const long long span = static_cast<long long>(n) + 1;
  if (count < 1 || n < 1 || static_cast<long long>(text.size()) < span) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "text_windows needs count ≥ 1 and a text of at "
                         "least n + 1 tokens");
  }
  std::vector<int> out;
  out.reserve(static_cast<std::size_t>(count * span));
  const long long last = static_cast<long long>(text.size()) - span;
  for (int i = 0; i < count; ++i) {
    const long long offset = count == 1 ? 0 : last * i / (count - 1);
    out.insert(out.end(), text.begin() + offset, text.begin() + offset + span);
  }
  return out;
}

Result<std::vector<int>> probe_sequences(int batch, int half,
                                         std::uint32_t seed,
                                         const std::vector<int>& symbols) {
  if (batch < 1) {
    return Status::Error(ErrorCode::kOutOfRange, "batch must be at least 1");
  }
  Rng rng(seed);
  std::vector<int> out;
  for (int b = 0; b < batch; ++b) {
    Result<std::vector<int>> probe = make_repeated_probe(rng, half, symbols);
    if (!probe.ok()) return probe.status();
    out.insert(out.end(), probe.value().begin(), probe.value().end());
  }
  return out;
}

Result<std::vector<float>> repeated_half_weights(int batch, int half) {
  if (batch < 1 || half < 1 || batch > kMaxProbeBatch || half > kMaxProbeHalf) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "repeatedHalfWeights needs 1 ≤ batch ≤ " +
                             std::to_string(kMaxProbeBatch) +
                             " and 1 ≤ half ≤ " +
                             std::to_string(kMaxProbeHalf));
  }
  const int n = 2 * half - 1;
  std::vector<float> w(static_cast<std::size_t>(batch) * n, 0.0f);
  for (int b = 0; b < batch; ++b) {
    for (int t = half; t < n; ++t) w[static_cast<std::size_t>(b) * n + t] = 1;
  }
  return w;
}

}  // namespace mha::model
