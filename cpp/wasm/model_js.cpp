#include "model_js.h"

#include <cstddef>
#include <utility>
#include <vector>

#include "mha/handle_registry.h"
#include "mha/limits.h"
#include "mha/model/ablation.h"
#include "mha/model/checkpoint.h"
#include "mha/model/data.h"
#include "mha/model/metrics.h"
#include "mha/model/next_token.h"
#include "mha/model/settings.h"
#include "mha/model/train.h"
#include "mha/model/transformer.h"

namespace mha::js {
namespace {

namespace model = mha::model;

HandleRegistry<model::Checkpoint>& models() {
  static HandleRegistry<model::Checkpoint> handles;
  return handles;
}

HandleRegistry<model::Trainer>& trainers() {
  static HandleRegistry<model::Trainer> handles;
  return handles;
}

Status no_handle(const char* what, int handle) {
  return Status::Error(ErrorCode::kOutOfRange,
                       std::string("no open ") + what + " with handle " +
                           std::to_string(handle) + " (disposed?)");
}

Status too_many(const char* what) {
  return Status::Error(ErrorCode::kTooLarge,
                       std::string("too many ") + what + "s open (" +
                           std::to_string(kMaxOpenHandles) +
                           "): dispose() the ones no longer needed");
}

// L·H ablation flags at `p` (0: none).
std::vector<std::uint8_t> flags_at(std::uintptr_t p, const model::Weights& w) {
  return bytes_at(p,
                  static_cast<std::size_t>(w.config.layers) * w.config.heads);
}

ModelOut model_out(int handle, const model::Checkpoint& c) {
  ModelOut out;
  const model::ModelConfig& m = c.weights.config;
  out.code = "OK";
  out.handle = handle;
  out.step = c.step;
  out.config = m;
  out.meta = c.meta_json;
  out.parameters = static_cast<double>(model::parameter_count(c.weights));
  return out;
}

// Opens a model under a new handle.
ModelOut add_model(model::Checkpoint c) {
  const int handle = models().add(std::move(c));
  if (handle == 0) return failure<ModelOut>(too_many("model"));
  return model_out(handle, *models().find(handle));
}

IdsOut ids_out(const std::vector<int>& ids) {
  IdsOut out;
  out.code = "OK";
  out.data = address(ids.data());
  out.length = static_cast<int>(ids.size());
  return out;
}

// The configuration a trainer starts from before its settings are read:
// the core's defaults over the character vocabulary.
model::TrainConfig default_train_config() {
  model::TrainConfig c;
  c.model.vocab = model::kVocabSize;
  return c;
}

}  // namespace

ModelOut open_model(model::Checkpoint c) { return add_model(std::move(c)); }

const model::Checkpoint* find_model(int handle) {
  return models().find(handle);
}

Status no_open_model(int handle) { return no_handle("model", handle); }

emscripten::val attention_windows_of(const model::ModelConfig& c) {
  return emscripten::val::array(c.attention_windows);
}

void set_attention_windows(model::ModelConfig& c, emscripten::val windows) {
  c.attention_windows = emscripten::vecFromJSArray<int>(windows);
}

std::string activation_of(const model::ModelConfig& c) {
  return model::activation_name(c.activation);
}

void set_activation(model::ModelConfig& c, std::string name) {
  c.activation =
      name == "relu" ? model::Activation::kRelu : model::Activation::kGelu;
}

std::string label_of(const model::HeadReport& r) {
  return model::head_label_name(r.label);
}

void set_label(model::HeadReport& r, std::string name) {
  r.label = model::head_label_from_name(name);
}

ModelOut model_load(std::uintptr_t file, int size) {
  Result<model::Checkpoint> r = model::load_checkpoint(
      bytes(file), static_cast<std::size_t>(size < 0 ? 0 : size));
  if (!r.ok()) return failure<ModelOut>(r.status());
  return add_model(std::move(r).value());
}

void model_free(int handle) { models().remove(handle); }

ModelForwardOut model_forward(int handle, std::uintptr_t tokens, int n,
                              std::uintptr_t ablated, std::uintptr_t rows,
                              int row_count, bool attention) {
  static model::ForwardCache cache;
  static std::vector<float> stacked;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<ModelForwardOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  const std::vector<std::uint8_t> flags = flags_at(ablated, w);
  // Sizes before reading the rows (at most n of them).
  if (row_count < -1 || row_count > n) {
    return failure<ModelForwardOut>(Status::Error(
        ErrorCode::kOutOfRange, "more logit positions than tokens"));
  }
  const model::ForwardOptions options = model::inference_options(
      attention, row_count < 0
                     ? std::vector<int>{model::ForwardOptions::kAllLogitRows}
                     : ints_at(rows, static_cast<std::size_t>(row_count)));
  Status s = model::check_forward_input(w.config, ints(tokens), 1, n, flags, {},
                                        options);
  if (s.ok()) {
    s = model::forward(w, ints(tokens), 1, n, flags, &cache, {}, options);
  }
  if (!s.ok()) return failure<ModelForwardOut>(s);
  stacked.clear();
  if (attention) model::stack_attention_weights(cache, &stacked);
  ModelForwardOut out;
  out.code = "OK";
  out.logits = address(cache.logits.data());
  out.logit_rows = static_cast<int>(cache.logits.rows());
  out.weights = attention ? address(stacked.data()) : 0;
  return out;
}

TopNextOut model_top_next(int handle, std::uintptr_t tokens, int n,
                          int position, int k, std::uintptr_t ablated) {
  static model::NextTokens last;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<TopNextOut>(no_handle("model", handle));
  // Sizes before reading n ids.
  const Status s = model::check_batch_shape(c->weights.config, 1, n);
  if (!s.ok()) return failure<TopNextOut>(s);
  mha::Result<model::NextTokens> r = model::top_next_tokens(
      c->weights, std::vector<int>(ints(tokens), ints(tokens) + n), position, k,
      flags_at(ablated, c->weights));
  if (!r.ok()) return failure<TopNextOut>(r.status());
  last = std::move(r).value();
  TopNextOut out;
  out.code = "OK";
  out.ids = reinterpret_cast<std::uintptr_t>(last.ids.data());
  out.probabilities = address(last.probabilities.data());
  out.k = static_cast<int>(last.ids.size());
  return out;
}

model::ClassifierThresholds default_thresholds() { return {}; }

AnalyzeOut model_analyze(int handle, std::uintptr_t tokens, int batch, int n,
                         const model::ClassifierThresholds& thresholds,
                         int copying) {
  static Matrix divergence;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<AnalyzeOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  // Sizes before reading batch × n ids.
  const Status s = model::check_batch_shape(w.config, batch, n);
  if (!s.ok()) return failure<AnalyzeOut>(s);
  const std::vector<int> ids =
      ints_at(tokens, static_cast<std::size_t>(batch) * n);
  Result<model::ModelHeadReport> r = model::analyze_heads(
      w, ids, batch, n, thresholds,
      copying < 0 ? model::copying_by_default(w.config) : copying != 0);
  if (!r.ok()) return failure<AnalyzeOut>(r.status());
  const model::ModelHeadReport& report = r.value();
  divergence = report.divergence;
  AnalyzeOut out;
  out.code = "OK";
  out.heads = emscripten::val::array(report.heads_by_index);
  out.divergence = address(divergence.data());
  return out;
}

AblationOut model_ablation(int handle, std::uintptr_t sequences, int batch,
                           int n, std::uintptr_t loss_weights,
                           std::uintptr_t ablated) {
  static model::AblationEffect last;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<AblationOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  // Sizes before reading (the ids are checked by ablation_effect).
  const Status s = model::check_batch_shape(w.config, batch, n);
  if (!s.ok()) return failure<AblationOut>(s);
  const std::size_t count = static_cast<std::size_t>(batch) * n;
  const std::vector<int> ids = ints_at(sequences, count + batch);
  std::vector<float> weights;
  if (loss_weights != 0) {
    weights.assign(floats(loss_weights), floats(loss_weights) + count);
  }
  Result<model::AblationEffect> r =
      model::ablation_effect(w, ids, batch, n, weights, flags_at(ablated, w));
  if (!r.ok()) return failure<AblationOut>(r.status());
  last = std::move(r).value();
  AblationOut out;
  out.code = "OK";
  out.loss = last.loss;
  out.ablated_loss = last.ablated_loss;
  out.delta = last.delta;
  out.changed_predictions = last.changed_predictions;
  out.predicted = address(last.predicted.data());
  out.ablated_predicted = address(last.ablated_predicted.data());
  return out;
}

IdsOut encode_text(const std::string& utf8) {
  static std::vector<int> last;
  last = model::encode_text(utf8);
  return ids_out(last);
}

std::string decode_tokens(std::uintptr_t ids, int length) {
  return model::decode_tokens(
      ints_at(ids, static_cast<std::size_t>(length < 0 ? 0 : length)));
}

IdsOut probe_sequences(int batch, int half, double seed,
                       const std::string& alphabet) {
  static std::vector<int> last;
  Result<std::vector<int>> symbols = model::checked_synthetic_symbols(alphabet);
  if (!symbols.ok()) return failure<IdsOut>(symbols.status());
  Result<std::vector<int>> r = model::probe_sequences(
      batch, half, static_cast<std::uint32_t>(seed), symbols.value());
  if (!r.ok()) return failure<IdsOut>(r.status());
  last = std::move(r).value();
  return ids_out(last);
}

MatrixOut repeated_half_weights(int batch, int half) {
  static Matrix last;
  Result<std::vector<float>> r = model::repeated_half_weights(batch, half);
  if (!r.ok()) return failure<MatrixOut>(r.status());
  const std::vector<float>& w = r.value();
  return matrix_out(
      Matrix(Eigen::Map<const Matrix>(w.data(), batch, 2 * half - 1)), &last);
}

std::string trainer_defaults() {
  return model::train_config_json(default_train_config());
}

std::string trainer_setting_table() { return model::train_settings_json(); }

HandleOut trainer_create(const std::string& settings, std::uintptr_t text,
                         int length) {
  Result<model::TrainConfig> config =
      model::train_config_from_json(settings, default_train_config());
  if (!config.ok()) return failure<HandleOut>(config.status());
  std::vector<int> ids;
  if (length > 0) ids = ints_at(text, static_cast<std::size_t>(length));
  Result<model::Trainer> r =
      model::Trainer::create(config.value(), std::move(ids));
  if (!r.ok()) return failure<HandleOut>(r.status());
  HandleOut out;
  out.handle = trainers().add(std::move(r).value());
  if (out.handle == 0) return failure<HandleOut>(too_many("trainer"));
  out.code = "OK";
  return out;
}

int trainer_max_steps(int handle) {
  const model::Trainer* t = trainers().find(handle);
  return t == nullptr ? 0 : model::max_steps_per_call(t->config());
}

StepOut trainer_step(int handle, int count) {
  std::vector<model::StepStats> steps;
  model::Trainer* t = trainers().find(handle);
  if (t == nullptr) return failure<StepOut>(no_handle("trainer", handle));
  const Status s = t->steps(count, &steps);
  if (!s.ok()) return failure<StepOut>(s);
  StepOut out;
  out.code = "OK";
  out.steps = emscripten::val::array(steps);
  return out;
}

SettingsOut trainer_settings(int handle) {
  const model::Trainer* t = trainers().find(handle);
  if (t == nullptr) return failure<SettingsOut>(no_handle("trainer", handle));
  SettingsOut out;
  out.code = "OK";
  out.json = model::train_config_json(t->config());
  return out;
}

ModelOut trainer_snapshot(int handle) {
  const model::Trainer* t = trainers().find(handle);
  if (t == nullptr) return failure<ModelOut>(no_handle("trainer", handle));
  return add_model(t->snapshot());
}

void trainer_free(int handle) { trainers().remove(handle); }

}  // namespace mha::js
