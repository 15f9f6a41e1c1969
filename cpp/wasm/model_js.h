// The trainable model's adapters for the embind table (bindings.cpp):
// checkpoints loaded as models, their forward, head analysis and ablation,
// text encoding, the probe set, and trainers (mha/model/).
//
// Loaded checkpoints and trainers are kept between calls under integer
// handles that JS frees (Model.dispose(), Trainer.dispose()). Results of
// one call live in static storage until the next call of the same function.
#ifndef MHA_WASM_MODEL_JS_H_
#define MHA_WASM_MODEL_JS_H_

#include <emscripten/val.h>

#include <cstdint>
#include <string>

#include "convert.h"
#include "mha/model/metrics.h"
#include "mha/model/model.h"
#include "mha/model/train.h"

namespace mha::js {

struct ModelOut {
  std::string code;
  std::string message;
  int handle = 0, step = 0;
  model::ModelConfig config;
  std::string meta;
  double parameters = 0;
};

// ModelConfig::activation as its name, for the value object.
std::string activation_of(const model::ModelConfig& c);
void set_activation(model::ModelConfig& c, std::string name);
// HeadReport::label as its name, for the value object.
std::string label_of(const model::HeadReport& r);
void set_label(model::HeadReport& r, std::string name);

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
  std::uintptr_t logits = 0;  // logit_rows × V floats
  int logit_rows = 0;
  std::uintptr_t weights = 0;  // L × H × n × n attention weights, or 0
};

struct AnalyzeOut {
  std::string code;
  std::string message;
  emscripten::val heads = emscripten::val::array();  // L·H HeadReports
  std::uintptr_t divergence = 0;                     // (L·H) × (L·H) floats
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

struct HandleOut {
  std::string code;
  std::string message;
  int handle = 0;
};

struct StepOut {
  std::string code;
  std::string message;
  emscripten::val steps = emscripten::val::array();  // StepStats, one a step
};

// A trainer's settings as JSON (mha/model/settings.h).
struct SettingsOut {
  std::string code;
  std::string message;
  std::string json;
};

// bytes: `size` bytes of a checkpoint file (mha/model/checkpoint.h).
ModelOut model_load(std::uintptr_t bytes, int size);
void model_free(int handle);

// Opens a model under a new handle (pretrained_js.cpp's loads too).
ModelOut open_model(model::Checkpoint c);
// The open model of this handle, or nullptr.
const model::Checkpoint* find_model(int handle);
// The error of a handle with no open model.
Status no_open_model(int handle);
// ModelConfig::attention_windows as a JS array, for the value object.
emscripten::val attention_windows_of(const model::ModelConfig& c);
void set_attention_windows(model::ModelConfig& c, emscripten::val windows);

// tokens: n ids at `tokens`; ablated: L·H flags or 0; rows: row_count
// positions whose logits are wanted (row_count −1: all n); attention:
// whether every head's weights come back.
ModelForwardOut model_forward(int handle, std::uintptr_t tokens, int n,
                              std::uintptr_t ablated, std::uintptr_t rows,
                              int row_count, bool attention);

// The k most probable next tokens after tokens[0..position] (n ids at
// `tokens`), most probable first; ablated: L·H flags or 0.
TopNextOut model_top_next(int handle, std::uintptr_t tokens, int n,
                          int position, int k, std::uintptr_t ablated);

model::ClassifierThresholds default_thresholds();

// tokens: batch × n ids at `tokens`.
// copying: 1 measures the (vocabulary-wide) copying score, 0 does not,
// −1 leaves it to the core (model::copying_by_default).
AnalyzeOut model_analyze(int handle, std::uintptr_t tokens, int batch, int n,
                         const model::ClassifierThresholds& thresholds,
                         int copying);

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

// The core's default settings, and the table of settings (name, kind,
// help, choices, oldName), as JSON.
std::string trainer_defaults();
std::string trainer_setting_table();

// settings: a JSON object of settings over the core's defaults; text:
// `length` ids at `text` (0 when the data is all synthetic).
HandleOut trainer_create(const std::string& settings, std::uintptr_t text,
                         int length);
// The trainer's full settings as JSON.
SettingsOut trainer_settings(int handle);
// The most steps one trainer_step call takes (model::max_steps_per_call);
// 0 for no such trainer.
int trainer_max_steps(int handle);
// Takes `count` steps (model::Trainer::steps).
StepOut trainer_step(int handle, int count);
// A copy of the trainer's current weights as a new model.
ModelOut trainer_snapshot(int handle);
void trainer_free(int handle);

}  // namespace mha::js

#endif  // MHA_WASM_MODEL_JS_H_
