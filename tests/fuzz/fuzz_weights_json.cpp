// Fuzzes the core's JSON readers. The first byte picks the reader (b % 4),
// the rest is its JSON text:
//   0  mha::weights_from_json (json_io.h), then a 2-token forward;
//   1  mha::config_from_json, the attention configuration (json_io.h);
//   2  mha::model::train_config_from_json over the default TrainConfig
//      (settings.h), then check_train_config;
//   3  mha::model::config_from_json, a checkpoint's "config" object.
//
// Properties, each a __builtin_trap() when broken:
//   - a failure has a non-empty message;
//   - what was read writes back to JSON that reads again to the same value
//     (compared through the writer's text: weights_to_json,
//     config_to_json, train_config_json);
//   - weights that were read pass check_weights and run a forward.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mha/json_io.h"
#include "mha/mask.h"
#include "mha/model/checkpoint.h"
#include "mha/model/settings.h"
#include "mha/model/train.h"
#include "mha/multi_head.h"
#include "mha/status.h"
#include "mha/types.h"

namespace {

// A Result that failed says why.
template <typename T>
bool Failed(const mha::Result<T>& r) {
  if (r.ok()) return false;
  if (r.status().message.empty()) __builtin_trap();
  return true;
}

void FuzzWeights(std::string_view text) {
  const mha::Result<mha::MultiHeadWeights> weights =
      mha::weights_from_json(text);
  if (Failed(weights)) return;
  const mha::MultiHeadWeights& w = weights.value();
  if (!mha::check_weights(w).ok()) __builtin_trap();
  const std::string json = mha::weights_to_json(w).value();
  const mha::Result<mha::MultiHeadWeights> again = mha::weights_from_json(json);
  if (!again.ok() || mha::weights_to_json(again.value()).value() != json) {
    __builtin_trap();
  }
  // Two tokens of 0.5: the weights are usable (the forward may still
  // overflow on huge finite weights, which is not an error).
  const mha::Matrix x = mha::Matrix::Constant(2, w.d_model(), 0.5f);
  const mha::Result<mha::MultiHeadResult> out =
      mha::multi_head_attention(x, w, mha::Mask::Causal());
  if (!out.ok()) __builtin_trap();
}

void FuzzAttentionConfig(std::string_view text) {
  const mha::Result<mha::MultiHeadConfig> config = mha::config_from_json(text);
  if (Failed(config)) return;
  const std::string json = mha::config_to_json(config.value());
  const mha::Result<mha::MultiHeadConfig> again = mha::config_from_json(json);
  if (!again.ok() || mha::config_to_json(again.value()) != json) {
    __builtin_trap();
  }
}

void FuzzTrainSettings(std::string_view text) {
  const mha::model::TrainConfig base;
  const mha::Result<mha::model::TrainConfig> config =
      mha::model::train_config_from_json(text, base);
  if (Failed(config)) return;
  const mha::Status checked = mha::model::check_train_config(config.value());
  if (!checked.ok() && checked.message.empty()) __builtin_trap();
  const std::string json = mha::model::train_config_json(config.value());
  const mha::Result<mha::model::TrainConfig> again =
      mha::model::train_config_from_json(json, base);
  if (!again.ok() || mha::model::train_config_json(again.value()) != json) {
    __builtin_trap();
  }
}

void FuzzModelConfig(std::string_view text) {
  const mha::Result<mha::model::ModelConfig> config =
      mha::model::config_from_json(text);
  if (Failed(config)) return;
  if (!mha::model::check_config(config.value()).ok()) __builtin_trap();
  const std::string json = mha::model::config_to_json(config.value());
  const mha::Result<mha::model::ModelConfig> again =
      mha::model::config_from_json(json);
  if (!again.ok() || mha::model::config_to_json(again.value()) != json) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1),
                              size - 1);
  switch (data[0] % 4) {
    case 0:
      FuzzWeights(text);
      break;
    case 1:
      FuzzAttentionConfig(text);
      break;
    case 2:
      FuzzTrainSettings(text);
      break;
    default:
      FuzzModelConfig(text);
      break;
  }
  return 0;
}
