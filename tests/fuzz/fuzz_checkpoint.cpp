// Fuzzes the checkpoint reader, mha::model::load_checkpoint, on raw bytes.
//
// Properties, each a __builtin_trap() when broken:
//   - a failure has a non-empty message;
//   - a loaded checkpoint passes check_weights, and a forward on a few token
//     ids succeeds (the weights are usable);
//   - saving it again succeeds and loading that gives bit-identical tensors,
//     the same step and the same meta (checkpoint.h: "Saving then loading is
//     exact").
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mha/model/checkpoint.h"
#include "mha/model/model.h"
#include "mha/model/transformer.h"
#include "mha/status.h"

namespace {

bool SameTensors(const mha::model::Weights& a, const mha::model::Weights& b) {
  const auto ta = mha::model::tensors(a);
  const auto tb = mha::model::tensors(b);
  if (ta.size() != tb.size()) return false;
  for (std::size_t i = 0; i < ta.size(); ++i) {
    const mha::Matrix& x = *ta[i].tensor;
    const mha::Matrix& y = *tb[i].tensor;
    if (ta[i].name != tb[i].name || x.rows() != y.rows() ||
        x.cols() != y.cols()) {
      return false;
    }
    if (x.size() > 0 &&
        std::memcmp(x.data(), y.data(), sizeof(float) * x.size()) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const mha::Result<mha::model::Checkpoint> loaded =
      mha::model::load_checkpoint(data, size);
  if (!loaded.ok()) {
    if (loaded.status().message.empty()) __builtin_trap();
    return 0;
  }
  const mha::model::Checkpoint& checkpoint = loaded.value();
  const mha::model::Weights& weights = checkpoint.weights;
  if (!mha::model::check_weights(weights).ok()) __builtin_trap();

  // A tiny forward: up to 4 ids, drawn from the input, within the vocabulary.
  const mha::model::ModelConfig& config = weights.config;
  const int n = std::min(config.context, 4);
  std::vector<int> ids(n);
  for (int t = 0; t < n; ++t) {
    ids[t] = static_cast<int>(data[(t * 7919) % size]) % config.vocab;
  }
  mha::model::ForwardCache cache;
  const mha::Status forward =
      mha::model::forward(weights, ids.data(), 1, n, {}, &cache);
  // Finite weights may still overflow (kNonFinite, a named error); nothing
  // else may fail on a checkpoint that loaded.
  if (!forward.ok() && forward.code != mha::ErrorCode::kNonFinite) {
    __builtin_trap();
  }
  if (forward.ok() &&
      (cache.logits.rows() != n || cache.logits.cols() != config.vocab)) {
    __builtin_trap();
  }

  // Saving then loading is exact.
  const mha::Result<std::vector<std::uint8_t>> saved =
      mha::model::save_checkpoint(weights, checkpoint.step,
                                  checkpoint.meta_json);
  if (!saved.ok()) __builtin_trap();
  const mha::Result<mha::model::Checkpoint> again =
      mha::model::load_checkpoint(saved.value().data(), saved.value().size());
  if (!again.ok()) __builtin_trap();
  if (again.value().step != checkpoint.step ||
      again.value().meta_json != checkpoint.meta_json ||
      mha::model::config_to_json(again.value().weights.config) !=
          mha::model::config_to_json(config) ||
      !SameTensors(again.value().weights, weights)) {
    __builtin_trap();
  }
  return 0;
}
