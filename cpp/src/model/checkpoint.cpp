#include "mha/model/checkpoint.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "../json_object.h"
#include "mha/validate.h"

namespace mha::model {
namespace {

using Json = nlohmann::json;

Status bad_json(const std::string& message) {
  return Status::Error(ErrorCode::kBadJson, message);
}

// Parses text that must hold one JSON object; `what` names it in messages.
Result<Json> parse_object(std::string_view text, const std::string& what) {
  return internal::parse_json_object<Json>(text, "malformed JSON in " + what);
}

std::string dump(const Json& j) {
  // Replace (never throw on) invalid UTF-8 in strings.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

using internal::bad_json_field;
using internal::read_json_int;

Json config_json(const ModelConfig& c) {
  return Json{
      {"vocab", c.vocab},     {"context", c.context},
      {"d_model", c.d_model}, {"heads", c.heads},
      {"layers", c.layers},   {"mlp", c.mlp},
      {"d_mlp", c.d_mlp},     {"activation", activation_name(c.activation)}};
}

Result<ModelConfig> config_from_object(const Json& doc) {
  ModelConfig c;
  const std::pair<const char*, int*> required[] = {
      {"vocab", &c.vocab}, {"context", &c.context}, {"d_model", &c.d_model},
      {"heads", &c.heads}, {"layers", &c.layers},
  };
  Status s;
  for (const auto& [key, out] : required) {
    if (!(s = read_json_int(doc, key, true, out)).ok()) return s;
  }
  if (!(s = read_json_int(doc, "d_mlp", false, &c.d_mlp)).ok()) return s;
  if (const auto it = doc.find("mlp"); it != doc.end()) {
    if (!it->is_boolean()) return bad_json_field("mlp", "true or false");
    c.mlp = it->get<bool>();
  }
  if (const auto it = doc.find("activation"); it != doc.end()) {
    if (!it->is_string())
      return bad_json_field("activation", "\"gelu\" or \"relu\"");
    const std::string name = it->get<std::string>();
    if (name == "gelu") {
      c.activation = Activation::kGelu;
    } else if (name == "relu") {
      c.activation = Activation::kRelu;
    } else {
      return bad_json_field("activation", "\"gelu\" or \"relu\"");
    }
  }
  if (!(s = check_config(c)).ok()) return s;
  return c;
}

void put_u32(std::uint32_t value, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint32_t get_u32(const std::uint8_t* in) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= static_cast<std::uint32_t>(in[i]) << (8 * i);
  return value;
}

constexpr std::size_t kMagicBytes = 8;
constexpr std::size_t kPrefixBytes = kMagicBytes + 4;

}  // namespace

std::string config_to_json(const ModelConfig& config) {
  return dump(config_json(config));
}

Result<ModelConfig> config_from_json(std::string_view text) {
  Result<Json> doc = parse_object(text, "the model config");
  if (!doc.ok()) return doc.status();
  return config_from_object(doc.value());
}

Result<std::vector<std::uint8_t>> save_checkpoint(const Weights& weights,
                                                  int step,
                                                  std::string_view meta_json) {
  Result<Json> meta = parse_object(meta_json, "the checkpoint's meta");
  if (!meta.ok()) return meta.status();
  // 1. The header: configuration, the tensor list, the step, the meta.
  Json list = Json::array();
  long long floats = 0;
  const std::vector<ConstTensorRef> all = tensors(weights);
  for (const ConstTensorRef& t : all) {
    list.push_back(
        {{"name", t.name}, {"shape", {t.tensor->rows(), t.tensor->cols()}}});
    floats += t.tensor->size();
  }
  const Json header = {{"format", "mha-model"},
                       {"version", kCheckpointVersion},
                       {"config", config_json(weights.config)},
                       {"tensors", list},
                       {"step", step},
                       {"meta", meta.value()}};
  std::string text = dump(header);
  // 2. Pad with spaces so the float data starts 4-byte aligned.
  text.append((4 - text.size() % 4) % 4, ' ');
  // 3. Magic, header length, header, floats.
  std::vector<std::uint8_t> bytes(kPrefixBytes + text.size() +
                                  static_cast<std::size_t>(floats) * 4);
  std::memcpy(bytes.data(), kCheckpointMagic, kMagicBytes);
  put_u32(static_cast<std::uint32_t>(text.size()), bytes.data() + kMagicBytes);
  std::memcpy(bytes.data() + kPrefixBytes, text.data(), text.size());
  std::uint8_t* out = bytes.data() + kPrefixBytes + text.size();
  for (const ConstTensorRef& t : all) {
    const std::size_t n = static_cast<std::size_t>(t.tensor->size()) * 4;
    std::memcpy(out, t.tensor->data(), n);  // little-endian hosts only
    out += n;
  }
  return bytes;
}

Result<Checkpoint> load_checkpoint(const std::uint8_t* data, std::size_t size) {
  // 1. Magic and header length.
  if (size < kPrefixBytes ||
      std::memcmp(data, kCheckpointMagic, kMagicBytes) != 0) {
    return bad_json("not a model checkpoint: it does not start with \"" +
                    std::string(kCheckpointMagic) + "\"");
  }
  const std::uint32_t header_bytes = get_u32(data + kMagicBytes);
  if (header_bytes % 4 != 0 || header_bytes > size - kPrefixBytes) {
    return bad_json("truncated or corrupt checkpoint: a header of " +
                    std::to_string(header_bytes) + " bytes does not fit in " +
                    std::to_string(size) + " bytes");
  }
  // 2. The header's JSON and its fixed fields.
  Result<Json> parsed = parse_object(
      std::string_view(reinterpret_cast<const char*>(data + kPrefixBytes),
                       header_bytes),
      "the checkpoint header");
  if (!parsed.ok()) return parsed.status();
  const Json& header = parsed.value();
  const auto format = header.find("format");
  if (format == header.end() || !format->is_string() ||
      format->get<std::string>() != "mha-model") {
    return bad_json_field("format", "\"mha-model\"");
  }
  int version = 0;
  Status s = read_json_int(header, "version", true, &version);
  if (!s.ok()) return s;
  if (version != kCheckpointVersion) {
    return bad_json("checkpoint version " + std::to_string(version) +
                    " is not supported (expected " +
                    std::to_string(kCheckpointVersion) + ")");
  }
  const auto config_it = header.find("config");
  if (config_it == header.end() || !config_it->is_object()) {
    return bad_json_field("config", "an object");
  }
  Result<ModelConfig> config = config_from_object(*config_it);
  if (!config.ok()) return config.status();
  Checkpoint ckpt;
  if (!(s = read_json_int(header, "step", true, &ckpt.step)).ok()) return s;
  if (const auto meta = header.find("meta"); meta != header.end()) {
    if (!meta->is_object()) return bad_json_field("meta", "an object");
    ckpt.meta_json = dump(*meta);
  }
  // 3. The data must be exactly as long as the config's tensors, checked
  //    before they are allocated: a small file cannot claim a large model.
  const std::size_t data_bytes = size - kPrefixBytes - header_bytes;
  const long long need = parameter_count(config.value());
  if (data_bytes / 4 != static_cast<std::size_t>(need) || data_bytes % 4 != 0) {
    return bad_json(
        "truncated or corrupt checkpoint: " + std::to_string(data_bytes) +
        " bytes of weights, expected " + std::to_string(need * 4) +
        " for the config's tensors");
  }
  // 4. The tensor list must name exactly the model's tensors and shapes.
  ckpt.weights = zero_weights(config.value());
  const std::vector<TensorRef> want = tensors(&ckpt.weights);
  const auto list = header.find("tensors");
  if (list == header.end() || !list->is_array()) {
    return bad_json_field("tensors", "an array");
  }
  if (list->size() != want.size()) {
    return Status::Error(
        ErrorCode::kShapeMismatch,
        "the checkpoint lists " + std::to_string(list->size()) +
            " tensors, the config needs " + std::to_string(want.size()));
  }
  long long floats = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Json& entry = (*list)[i];
    const std::string where = "tensors[" + std::to_string(i) + "]";
    if (!entry.is_object()) return bad_json_field(where, "an object");
    const auto name = entry.find("name");
    if (name == entry.end() || !name->is_string()) {
      return bad_json_field(where + ".name", "a string");
    }
    if (name->get<std::string>() != want[i].name) {
      return bad_json(where + " is \"" + name->get<std::string>() +
                      "\", expected \"" + want[i].name + "\"");
    }
    const auto shape = entry.find("shape");
    if (shape == entry.end() || !shape->is_array() || shape->size() != 2 ||
        !(*shape)[0].is_number_integer() || !(*shape)[1].is_number_integer()) {
      return bad_json_field(where + ".shape", "[rows, cols]");
    }
    const long long rows = (*shape)[0].get<long long>();
    const long long cols = (*shape)[1].get<long long>();
    if (rows != want[i].tensor->rows() || cols != want[i].tensor->cols()) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "tensor \"" + want[i].name + "\" is " +
                               std::to_string(rows) + " × " +
                               std::to_string(cols) + ", the config needs " +
                               std::to_string(want[i].tensor->rows()) + " × " +
                               std::to_string(want[i].tensor->cols()));
    }
    floats += want[i].tensor->size();
  }
  // 5. The float data (its length was checked against the config above).
  if (data_bytes != static_cast<std::size_t>(floats) * 4) {
    return bad_json(
        "truncated or corrupt checkpoint: " + std::to_string(data_bytes) +
        " bytes of weights, expected " + std::to_string(floats * 4));
  }
  const std::uint8_t* in = data + kPrefixBytes + header_bytes;
  for (const TensorRef& t : want) {
    const std::size_t n = static_cast<std::size_t>(t.tensor->size()) * 4;
    std::memcpy(t.tensor->data(), in, n);
    in += n;
    if (!(s = check_finite(t.name, *t.tensor)).ok()) return s;
  }
  return ckpt;
}

}  // namespace mha::model
