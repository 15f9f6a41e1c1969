// Training: one step as a function of its inputs, a Trainer that owns a run,
// and the evaluations a run logs (held-out loss, the repeated-token probe).
//
// Seeds: a TrainConfig's `seed` initialises the weights (init_weights with
// Rng(seed)); the batches come from a second stream, Rng(seed + 1). Each
// step draws one batch, so a run is a pure function of its configuration
// and text: on one platform, repeating it gives bit-identical weights.
#ifndef MHA_MODEL_TRAIN_H_
#define MHA_MODEL_TRAIN_H_

#include <cstdint>
#include <vector>

#include "mha/limits.h"
#include "mha/model/checkpoint.h"
#include "mha/model/data.h"
#include "mha/model/model.h"
#include "mha/model/optimizer.h"
#include "mha/model/transformer.h"
#include "mha/status.h"

namespace mha::model {

struct TrainConfig {
  ModelConfig model;
  AdamConfig adam;
  DataConfig data;
  std::uint32_t seed = 1;
  InitConfig init;
};

// The most floats a Trainer may hold: the weights, their gradients and
// Adam's two moments (4 × the parameter count), the forward's activations
// and their gradients (2 × forward_floats), and the logits' gradient.
// 2^28 floats = 1 GiB, half of a wasm32 heap.
inline constexpr long long kMaxTrainerFloats = 1LL << 28;

// The estimate compared with kMaxTrainerFloats.
long long trainer_floats(const TrainConfig& config);

// The parts agree: each is valid, data.n ≤ model.context, the vocabulary is
// the character vocabulary (kVocabSize), and the trainer fits
// (trainer_floats ≤ kMaxTrainerFloats; else kTooLarge with the sizes).
Status check_train_config(const TrainConfig& config);

struct StepStats {
  int step = 0;              // 1-based number of this step
  float loss = 0;            // mean over the batch's scored positions
  float loss_synthetic = 0;  // over the synthetic sequences' (0 if none)
  float loss_text = 0;       // over the text sequences' (0 if none)
  float grad_norm = 0;       // before clipping
  float lr = 0;
};

// Buffers reused from step to step.
struct TrainScratch {
  ForwardCache cache;
  Matrix d_logits;  // (B·n) × V
  Weights grads;
  std::vector<float> row_losses;
};

// One step: forward on batch.inputs, cross-entropy against batch.targets
// (weighted by batch.loss_weights when given), backward, clip, Adam. The
// weights and state advance in place.
Result<StepStats> train_step(const AdamConfig& adam, const Batch& batch,
                             Weights* weights, AdamState* state,
                             TrainScratch* scratch);

// The most steps one Trainer::steps call takes, so that a caller on the
// page's main thread or a Worker returns to its event loop in bounded time.
inline constexpr int kMaxStepsPerCall = 100000;

// The work one training step costs, in multiply-adds: the forward's
// projections, attention and unembedding over batch × n tokens, three
// times over (forward and backward), plus kStepOverheadWork for what every
// step pays regardless of size (drawing the batch, the optimizer, the
// buffers). Measured with the JS API in Node 20 on the 2-core development
// machine (AMD EPYC): 13 ms a step for 11.8 M multiply-adds and 37 ms for
// 170 M, i.e. about 11 ms + 0.15 ms per million.
inline constexpr long long kStepOverheadWork = 70'000'000;
long long step_work(const TrainConfig& config);

// A Trainer::steps call does at most this much work: about 100 ms there.
inline constexpr long long kMaxStepWorkPerCall = 650'000'000;

// The most steps one call may take for this configuration:
// kMaxStepWorkPerCall / step_work, at least 1, at most kMaxStepsPerCall.
int max_steps_per_call(const TrainConfig& config);

class Trainer {
 public:
  // text: the training text as ids (may be empty when the data is all
  // synthetic). Validates the configuration and initialises the model.
  static Result<Trainer> create(const TrainConfig& config,
                                std::vector<int> text);

  // Draws the next batch and takes one step.
  Result<StepStats> step();

  // Takes `count` steps (1 ≤ count ≤ max_steps_per_call(config())) and
  // appends each
  // step's stats to *out (cleared first). On a failing step it stops there:
  // *out holds the steps taken before it.
  Status steps(int count, std::vector<StepStats>* out);

  const TrainConfig& config() const { return config_; }
  const Weights& weights() const { return weights_; }
  int steps_done() const { return state_.step; }

  // The current weights and step count as a checkpoint (no metadata).
  Checkpoint snapshot() const;

 private:
  Trainer(const TrainConfig& config, std::vector<int> text, Weights weights);

  TrainConfig config_;
  std::vector<int> text_;
  Weights weights_;
  AdamState state_;
  Rng data_rng_;
  TrainScratch scratch_;
};

// Threads for the (sequence, head) attention blocks: natively (OpenMP)
// threads ≥ 1 sets the count; 0 leaves OpenMP's default (all cores). Results
// do not depend on it. Without OpenMP (wasm) it does nothing and
// thread_count() is 1.
void set_thread_count(int threads);
int thread_count();

// ---- Evaluation ----
// A text split for training and evaluation: the last
// floor(size · heldout_fraction) tokens are held out, the rest train.
struct TextSplit {
  std::vector<int> train, heldout;
};
TextSplit split_text(const std::vector<int>& ids, float heldout_fraction);

// `count` windows of n + 1 tokens spread evenly over text (the first at
// offset 0, the last ending at the text's end): count × (n + 1) ids.
Result<std::vector<int>> text_windows(const std::vector<int>& text, int count,
                                      int n);

// The probe set used for head metrics: `batch` repeated-token sequences of
// 2·half tokens, drawn from Rng(seed) over `symbols` (empty: '!'..'~').
// kProbeSeed is the documented default.
inline constexpr std::uint32_t kProbeSeed = 20220308;  // Olsson et al.'s date
Result<std::vector<int>> probe_sequences(int batch, int half,
                                         std::uint32_t seed = kProbeSeed,
                                         const std::vector<int>& symbols = {});

// Loss weights (batch × (2·half − 1)) that score only the repeated half of
// probe sequences: position t predicts token t + 1, and the positions
// t = half … 2·half − 2 predict tokens that a perfect induction head knows.
// Needs 1 ≤ batch ≤ kMaxProbeBatch and 1 ≤ half ≤ kMaxProbeHalf
// (kOutOfRange otherwise).
inline constexpr int kMaxProbeBatch = kMaxTokens;
inline constexpr int kMaxProbeHalf = kMaxContext;
Result<std::vector<float>> repeated_half_weights(int batch, int half);

}  // namespace mha::model

#endif  // MHA_MODEL_TRAIN_H_
