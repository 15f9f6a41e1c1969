#include "pretrained_js.h"

#include <emscripten/heap.h>
#include <unistd.h>

#include <utility>
#include <vector>

#include "mha/handle_registry.h"
#include "mha/model/next_token.h"
#include "mha/model/pretrained.h"

namespace mha::js {
namespace {

namespace model = mha::model;

HandleRegistry<model::PretrainedLoader>& loaders() {
  static HandleRegistry<model::PretrainedLoader> handles;
  return handles;
}

Status no_loader(int handle) {
  return Status::Error(ErrorCode::kOutOfRange, "no open load with handle " +
                                                   std::to_string(handle) +
                                                   " (finished or cancelled?)");
}

// What the wasm memory can still grow by: its maximum less the break.
std::uint64_t memory_left() {
  const std::uint64_t max = emscripten_get_heap_max();
  const std::uint64_t used = reinterpret_cast<std::uintptr_t>(sbrk(0));
  return max > used ? max - used : 0;
}

FeedOut feed_out(const model::PretrainedLoader& l) {
  FeedOut out;
  out.code = "OK";
  out.bytes_fed = static_cast<double>(l.bytes_fed());
  out.tensors_done = l.tensors_done();
  return out;
}

}  // namespace

HeaderLengthOut safetensors_header_length(std::uintptr_t prefix,
                                          double file_size) {
  Result<std::uint64_t> r = model::safetensors_header_length(
      bytes(prefix), file_size > 0 ? static_cast<std::uint64_t>(file_size) : 0);
  if (!r.ok()) return failure<HeaderLengthOut>(r.status());
  HeaderLengthOut out;
  out.code = "OK";
  out.header_bytes = static_cast<double>(r.value());
  return out;
}

LoaderOut pretrained_open(const std::string& config_json, std::uintptr_t header,
                          double header_bytes, double file_size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes(header)),
                              static_cast<std::size_t>(header_bytes));
  Result<model::PretrainedLoader> r = model::PretrainedLoader::create(
      config_json, text, static_cast<std::uint64_t>(file_size));
  if (!r.ok()) return failure<LoaderOut>(r.status());
  const model::PretrainedLoader& l = r.value();
  Status s = model::check_load_fits(l.model_bytes(), memory_left());
  if (!s.ok()) return failure<LoaderOut>(s);
  LoaderOut out;
  out.code = "OK";
  out.family = model::family_name(l.config().family);
  out.activation = l.config().activation_function;
  out.config = l.config().model;
  out.parameters = static_cast<double>(l.parameters());
  out.model_bytes = static_cast<double>(l.model_bytes());
  out.memory_bytes =
      static_cast<double>(model::load_memory_bytes(l.model_bytes()));
  out.data_start = static_cast<double>(l.data_start());
  out.data_bytes = static_cast<double>(l.data_bytes());
  out.tensors = l.tensor_count();
  out.skipped = emscripten::val::array(l.skipped());
  out.dtypes = emscripten::val::array(l.weight_dtypes());
  out.handle = loaders().add(std::move(r).value());
  if (out.handle == 0) {
    return failure<LoaderOut>(Status::Error(
        ErrorCode::kTooLarge, "too many loads open: cancel the others"));
  }
  return out;
}

FeedOut pretrained_allocate(int loader) {
  model::PretrainedLoader* l = loaders().find(loader);
  if (l == nullptr) return failure<FeedOut>(no_loader(loader));
  // Checked again: memory may have been taken since the open.
  Status s = model::check_load_fits(l->model_bytes(), memory_left());
  if (s.ok()) s = l->allocate();
  if (!s.ok()) return failure<FeedOut>(s);
  return feed_out(*l);
}

FeedOut pretrained_feed(int loader, std::uintptr_t data, int length) {
  model::PretrainedLoader* l = loaders().find(loader);
  if (l == nullptr) return failure<FeedOut>(no_loader(loader));
  const Status s =
      l->feed(bytes(data), static_cast<std::size_t>(length < 0 ? 0 : length));
  if (!s.ok()) return failure<FeedOut>(s);
  return feed_out(*l);
}

ModelOut pretrained_finish(int loader, const std::string& meta) {
  model::PretrainedLoader* l = loaders().find(loader);
  if (l == nullptr) return failure<ModelOut>(no_loader(loader));
  Result<model::Weights> r = l->finish();
  loaders().remove(loader);
  if (!r.ok()) return failure<ModelOut>(r.status());
  model::Checkpoint c;
  c.weights = std::move(r).value();
  c.meta_json = meta;
  return open_model(std::move(c));
}

void pretrained_cancel(int loader) { loaders().remove(loader); }

IdsOut model_generate(int handle, std::uintptr_t tokens, int n, int steps,
                      std::uintptr_t ablated) {
  static std::vector<int> last;
  const model::Checkpoint* c = find_model(handle);
  if (c == nullptr) return failure<IdsOut>(no_open_model(handle));
  const model::Weights& w = c->weights;
  // Sizes before reading n ids.
  Status s = model::check_batch_shape(w.config, 1, n);
  if (!s.ok()) return failure<IdsOut>(s);
  const std::size_t flags =
      static_cast<std::size_t>(w.config.layers) * w.config.heads;
  Result<std::vector<int>> r = model::greedy_continuation(
      w, ints_at(tokens, static_cast<std::size_t>(n)), steps,
      bytes_at(ablated, flags));
  if (!r.ok()) return failure<IdsOut>(r.status());
  last = std::move(r).value();
  IdsOut out;
  out.code = "OK";
  out.data = address(last.data());
  out.length = static_cast<int>(last.size());
  return out;
}

ExportOut model_to_gpt2(int handle, const std::string& extra) {
  static std::vector<std::uint8_t> last;
  const model::Checkpoint* c = find_model(handle);
  if (c == nullptr) return failure<ExportOut>(no_open_model(handle));
  Result<std::string> config = model::gpt2_config_json(c->weights, extra);
  if (!config.ok()) return failure<ExportOut>(config.status());
  Result<std::vector<std::uint8_t>> file =
      model::gpt2_safetensors(c->weights, {{"producer", "mha-explainer"}});
  if (!file.ok()) return failure<ExportOut>(file.status());
  last = std::move(file).value();
  ExportOut out;
  out.code = "OK";
  out.config = std::move(config).value();
  out.bytes = reinterpret_cast<std::uintptr_t>(last.data());
  out.length = static_cast<double>(last.size());
  return out;
}

}  // namespace mha::js
