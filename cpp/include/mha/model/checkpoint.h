// Checkpoints: a model's weights as compact binary float32 behind a JSON
// header. A browser reads one with a DataView, JSON.parse and one
// Float32Array view.
//
// Layout (every integer and float little-endian, as on x86 and wasm):
//   bytes 0..7        the magic "MHAMODL1"
//   bytes 8..11       uint32 H: the header's length in bytes, a multiple of 4
//   bytes 12..12+H    the header: UTF-8 JSON, padded at the end with spaces
//   bytes 12+H..      float32 data: every tensor, row-major, in header order
// Because 12 + H is a multiple of 4, the data can be viewed in place as a
// Float32Array.
//
// The header:
//   { "format": "mha-model", "version": 1,
//     "config": { "vocab": 96, "context": 128, "d_model": 64, "heads": 4,
//                 "layers": 2, "mlp": false, "d_mlp": 256,
//                 "activation": "gelu" },
//     "tensors": [ { "name": "token_embedding", "shape": [96, 64] }, … ],
//     "step": 1000,
//     "meta": { … anything the writer adds: loss, metrics, the command … } }
// "tensors" lists exactly the tensors of model.h's tensors() in that order;
// a reader checks names and shapes. Saving then loading is exact.
#ifndef MHA_MODEL_CHECKPOINT_H_
#define MHA_MODEL_CHECKPOINT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/model/model.h"
#include "mha/status.h"

namespace mha::model {

inline constexpr char kCheckpointMagic[] = "MHAMODL1";  // 8 bytes + '\0'
inline constexpr int kCheckpointVersion = 1;

struct Checkpoint {
  Weights weights;
  int step = 0;
  std::string meta_json = "{}";  // the header's "meta" object, as JSON text
};

// Serialises weights. meta_json must be a JSON object ("{}" if empty);
// otherwise a kBadJson Status. Precondition: check_weights(weights).ok().
Result<std::vector<std::uint8_t>> save_checkpoint(const Weights& weights,
                                                  int step,
                                                  std::string_view meta_json);

// Parses bytes written by save_checkpoint. Never throws: a wrong magic, a
// truncated file, malformed JSON, a missing or ill-typed field, an unknown
// tensor or a wrong shape each give a kBadJson (or kShapeMismatch) Status
// whose message names the problem; non-finite weights give kNonFinite.
Result<Checkpoint> load_checkpoint(const std::uint8_t* data, std::size_t size);

// The header's "config" object alone, as JSON text (also used in logs).
std::string config_to_json(const ModelConfig& config);
// Parses a "config" object (fields as above; "mlp", "d_mlp" and
// "activation" are optional) and checks it with check_config.
Result<ModelConfig> config_from_json(std::string_view text);

}  // namespace mha::model

#endif  // MHA_MODEL_CHECKPOINT_H_
