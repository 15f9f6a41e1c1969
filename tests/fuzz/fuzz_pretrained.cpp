// Fuzzes the pretrained-checkpoint loader, mha::model::PretrainedLoader,
// in two modes picked by byte 0:
//   - byte 0 < 128: its low two bits pick one of four tiny configs (GPT-2
//     tied or untied, GPT-Neo with a local layer, GPT-2 with the prefix),
//     byte 1 a chunk size, and the rest is the model.safetensors file, fed
//     in chunks as the JS API does;
//   - byte 0 ≥ 128: the rest is config.json's text, for
//     parse_pretrained_config: a failure has a message, and a config that
//     reads is within kLoadedLimits and kMaxLoadedParameters.
//
// Properties of the loader, each a __builtin_trap() when broken:
//   - a failure has a non-empty message;
//   - a load that finishes fed exactly the data section's bytes, and its
//     weights pass check_weights under the loaded limits (shapes and
//     finite values);
//   - the loaded model runs: a forward on two tokens succeeds or fails
//     with kNonFinite (finite weights may still overflow).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mha/model/pretrained.h"
#include "mha/model/transformer.h"
#include "mha/status.h"

namespace {

const char* const kConfigs[] = {
    R"({"model_type":"gpt2","n_layer":1,"n_head":1,"n_embd":2,)"
    R"("vocab_size":3,"n_positions":4,"n_inner":2})",
    R"({"model_type":"gpt2","n_layer":1,"n_head":2,"n_embd":2,)"
    R"("vocab_size":3,"n_positions":4,"n_inner":2,)"
    R"("tie_word_embeddings":false})",
    R"({"model_type":"gpt_neo","num_layers":2,"num_heads":1,)"
    R"("hidden_size":2,"vocab_size":3,"max_position_embeddings":4,)"
    R"("intermediate_size":2,"window_size":1,)"
    R"("attention_types":[[["global","local"],1]]})",
    R"({"model_type":"gpt2","n_layer":2,"n_head":1,"n_embd":2,)"
    R"("vocab_size":3,"n_positions":4,"n_inner":2,"layer_norm_epsilon":1e-3})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace m = mha::model;
  if (size < 2) return 0;
  if (data[0] >= 128) {
    const mha::Result<m::PretrainedConfig> c = m::parse_pretrained_config(
        std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    if (!c.ok()) {
      if (c.status().message.empty()) __builtin_trap();
      return 0;
    }
    if (!m::check_config(c.value().model, m::kLoadedLimits).ok() ||
        m::parameter_count(c.value().model) > m::kMaxLoadedParameters) {
      __builtin_trap();
    }
    return 0;
  }
  const std::string config = kConfigs[data[0] % 4];
  const std::size_t chunk = 1 + data[1] % 64;
  const std::uint8_t* file = data + 2;
  const std::size_t file_size = size - 2;
  const mha::Result<std::uint64_t> n =
      m::safetensors_header_length(file, file_size);
  if (!n.ok()) {
    if (n.status().message.empty()) __builtin_trap();
    return 0;
  }
  const std::string_view header(reinterpret_cast<const char*>(file) + 8,
                                n.value());
  mha::Result<m::PretrainedLoader> loader =
      m::PretrainedLoader::create(config, header, file_size);
  if (!loader.ok()) {
    if (loader.status().message.empty()) __builtin_trap();
    return 0;
  }
  m::PretrainedLoader& l = loader.value();
  if (!l.allocate().ok()) __builtin_trap();
  for (std::size_t at = l.data_start(); at < file_size; at += chunk) {
    const std::size_t take = chunk < file_size - at ? chunk : file_size - at;
    const mha::Status s = l.feed(file + at, take);
    if (!s.ok()) {
      if (s.message.empty()) __builtin_trap();
      return 0;
    }
  }
  if (l.bytes_fed() != l.data_bytes()) __builtin_trap();
  mha::Result<m::Weights> w = l.finish();
  if (!w.ok()) {
    if (w.status().message.empty()) __builtin_trap();
    return 0;
  }
  if (!m::check_weights(w.value(), m::kLoadedLimits).ok()) __builtin_trap();
  const int tokens[2] = {1, 2};
  m::ForwardCache cache;
  const mha::Status s = m::forward(w.value(), tokens, 1, 2, {}, &cache, {},
                                   m::inference_options(true, {1}));
  if (!s.ok() && s.code != mha::ErrorCode::kNonFinite) __builtin_trap();
  return 0;
}
