// The trainable model's adapters for the embind table (bindings.cpp):
// checkpoints loaded as models, their forward, head analysis and ablation,
// text encoding, the probe set, and trainers (mha/model/).
//
// Loaded checkpoints and trainers are kept between calls under integer
// handles that JS frees (Model.dispose(), Trainer.dispose()). Results of
// one call live in static storage until the next call of the same function.
#ifndef MHA_WASM_MODEL_JS_H_
#define MHA_WASM_MODEL_JS_H_

#include <cstdint>
#include <string>

#include "convert.h"

namespace mha::js {

struct ModelOut {
  std::string code;
  std::string message;
  int handle = 0, step = 0;
  int vocab = 0, context = 0, d_model = 0, heads = 0, layers = 0, d_mlp = 0;
  bool mlp = false;
  std::string activation, meta;
  double parameters = 0;
};

struct TopNextOut {
  std::string code;
  std::string message;
  std::uintptr_t ids = 0;            // k ids, most probable first
  std::uintptr_t probabilities = 0;  // k floats, same order
  int k = 0;
};

struct ModelForwardOut {
  std::string code;
  std::string message;
  std::uintptr_t logits = 0;     // n × V floats
  std::uintptr_t attention = 0;  // L × H × n × n floats
};

// model::ClassifierThresholds, field by field.
struct Thresholds {
  float induction = 0, previous_token = 0, sink = 0, self = 0, broad = 0,
        local = 0;
};

struct AnalyzeOut {
  std::string code;
  std::string message;
  // (L·H) × 10 floats, in the order of model::head_metric_rows:
  // previous_token, induction, copying, self_mass, sink_mass, entropy,
  // entropy_normalized, confidence, mean_distance, local_mass.
  std::uintptr_t metrics = 0;
  std::uintptr_t divergence = 0;  // (L·H) × (L·H) floats
  std::string labels;             // L·H label names, one per line
};

struct AblationOut {
  std::string code;
  std::string message;
  double loss = 0, ablated_loss = 0, delta = 0, changed_predictions = 0;
  std::uintptr_t predicted = 0, ablated_predicted = 0;  // batch × n ids
};

struct IdsOut {
  std::string code;
  std::string message;
  std::uintptr_t data = 0;
  int length = 0;
};

// A model::TrainConfig, field by field (mha/model/train.h).
struct TrainArgs {
  int layers = 0, heads = 0, d_model = 0, context = 0, d_mlp = 0;
  bool mlp = false, gelu = true;
  double seed = 0;
  float init_std = 0, position_scale = 1;
  bool sinusoidal = false;
  float lr = 0, beta1 = 0, beta2 = 0, epsilon = 0, clip = 0, min_lr = 0;
  int warmup = 0, decay_steps = 0;
  bool cosine = false;
  int batch = 0, n = 0, min_span = 0, max_span = 0, max_shift = 0;
  float mix = 0;
  bool score_copies_only = false;
  std::string alphabet;
};

struct HandleOut {
  std::string code;
  std::string message;
  int handle = 0;
};

struct StepOut {
  std::string code;
  std::string message;
  int steps = 0;  // steps taken by this call
  // steps × model::kStepStatsColumns floats (model::step_stats_rows):
  // step, lr, loss, loss_synthetic, loss_text, grad_norm.
  std::uintptr_t stats = 0;
};

// bytes: `size` bytes of a checkpoint file (mha/model/checkpoint.h).
ModelOut model_load(std::uintptr_t bytes, int size);
void model_free(int handle);

// tokens: n ids at `tokens`; ablated: L·H flags or 0.
ModelForwardOut model_forward(int handle, std::uintptr_t tokens, int n,
                              std::uintptr_t ablated);

// The k most probable next tokens after tokens[0..position] (n ids at
// `tokens`), most probable first; ablated: L·H flags or 0.
TopNextOut model_top_next(int handle, std::uintptr_t tokens, int n,
                          int position, int k, std::uintptr_t ablated);

Thresholds default_thresholds();

// tokens: batch × n ids at `tokens`.
AnalyzeOut model_analyze(int handle, std::uintptr_t tokens, int batch, int n,
                         const Thresholds& t);

// sequences: batch × (n + 1) ids; loss_weights: batch × n floats or 0;
// ablated: L·H flags or 0.
AblationOut model_ablation(int handle, std::uintptr_t sequences, int batch,
                           int n, std::uintptr_t loss_weights,
                           std::uintptr_t ablated);

IdsOut encode_text(const std::string& utf8);
// ids: `length` ids at `ids`.
std::string decode_tokens(std::uintptr_t ids, int length);

// batch sequences of `half` distinct symbols of `alphabet` (empty: '!'..'~')
// repeated once; seed arrives as a double to keep all 32 bits.
IdsOut probe_sequences(int batch, int half, double seed,
                       const std::string& alphabet);

// batch × (2·half − 1) loss weights (model::repeated_half_weights).
MatrixOut repeated_half_weights(int batch, int half);

// text: `length` ids at `text` (0 when the data is all synthetic).
HandleOut trainer_create(const TrainArgs& args, std::uintptr_t text,
                         int length);
// Takes `count` steps (model::Trainer::steps).
StepOut trainer_step(int handle, int count);
// A copy of the trainer's current weights as a new model.
ModelOut trainer_snapshot(int handle);
void trainer_free(int handle);

}  // namespace mha::js

#endif  // MHA_WASM_MODEL_JS_H_
