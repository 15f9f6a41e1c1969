// Pretrained checkpoints' adapters for the embind table (bindings.cpp):
// the streaming loader of mha/model/pretrained.h under integer handles,
// greedy continuation, and the GPT-2 exporter. A finished load becomes an
// ordinary model (model_js.h) under a model handle.
#ifndef MHA_WASM_PRETRAINED_JS_H_
#define MHA_WASM_PRETRAINED_JS_H_

#include <emscripten/val.h>

#include <cstdint>
#include <string>

#include "model_js.h"

namespace mha::js {

// The safetensors header's length N, from the file's first 8 bytes.
struct HeaderLengthOut {
  std::string code;
  std::string message;
  double header_bytes = 0;
};

struct LoaderOut {
  std::string code;
  std::string message;
  int handle = 0;
  std::string family;      // "gpt2" or "gpt_neo"
  std::string activation;  // config.json's activation_function
  model::ModelConfig config;
  double parameters = 0, model_bytes = 0;
  double memory_bytes = 0;  // model_bytes + the core's working headroom
  double data_start = 0, data_bytes = 0;
  int tensors = 0;
  emscripten::val skipped = emscripten::val::array();  // "name why" strings
  emscripten::val dtypes = emscripten::val::array();   // of the weights
};

struct FeedOut {
  std::string code;
  std::string message;
  double bytes_fed = 0;
  int tensors_done = 0;
};

struct ExportOut {
  std::string code;
  std::string message;
  std::string config;  // config.json
  std::uintptr_t bytes = 0;
  double length = 0;  // model.safetensors' size
};

// prefix: 8 bytes at `prefix`; file_size as a double (files beyond 2^31).
HeaderLengthOut safetensors_header_length(std::uintptr_t prefix,
                                          double file_size);

// header: header_bytes bytes at `header`. Checks the config, the header and
// that the model fits the memory left, before allocating anything.
LoaderOut pretrained_open(const std::string& config_json, std::uintptr_t header,
                          double header_bytes, double file_size);
// Allocates the model's tensors.
FeedOut pretrained_allocate(int loader);
// The next `length` bytes of the data section, at `bytes`.
FeedOut pretrained_feed(int loader, std::uintptr_t bytes, int length);
// Once every byte was fed: the model, under a model handle; the loader is
// closed either way. meta: a JSON object kept as the model's meta.
ModelOut pretrained_finish(int loader, const std::string& meta);
// Drops a loader (and whatever it allocated).
void pretrained_cancel(int loader);

// tokens: n ids; ablated: L·H flags or 0. The ids with `steps` greedy
// tokens appended.
IdsOut model_generate(int handle, std::uintptr_t tokens, int n, int steps,
                      std::uintptr_t ablated);

// The model as GPT-2's config.json and model.safetensors. extra: a JSON
// object whose fields are added to config.json.
ExportOut model_to_gpt2(int handle, const std::string& extra);

}  // namespace mha::js

#endif  // MHA_WASM_PRETRAINED_JS_H_
