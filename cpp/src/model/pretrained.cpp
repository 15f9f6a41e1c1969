#include "mha/model/pretrained.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "../json_object.h"

namespace mha::model {
namespace {

using Json = nlohmann::json;

Status unsupported(const std::string& what) {
  return Status::Error(ErrorCode::kUnsupported, "config.json: " + what);
}

// doc[key] as a positive integer (required), with the config's own name in
// the message.
Status read_size(const Json& doc, const char* key, int* out) {
  const auto it = doc.find(key);
  if (it == doc.end()) {
    return Status::Error(ErrorCode::kBadJson,
                         std::string("config.json has no \"") + key + "\"");
  }
  if (!it->is_number_integer() || *it < 1 || *it > internal::kMaxJsonInteger) {
    return Status::Error(
        ErrorCode::kBadJson,
        std::string("config.json: \"") + key + "\" must be a positive integer");
  }
  *out = it->get<int>();
  return Status::Ok();
}

// An optional size: absent or null leaves *out unchanged.
Status read_optional_size(const Json& doc, const char* key, int* out) {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return Status::Ok();
  return read_size(doc, key, out);
}

Status read_bool(const Json& doc, const char* key, bool* out) {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) {
    return Status::Error(
        ErrorCode::kBadJson,
        std::string("config.json: \"") + key + "\" must be true or false");
  }
  *out = it->get<bool>();
  return Status::Ok();
}

Status read_epsilon(const Json& doc, float* out) {
  const auto it = doc.find("layer_norm_epsilon");
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_number() || !(it->get<double>() > 0) ||
      !(it->get<double>() < 1)) {
    return Status::Error(
        ErrorCode::kBadJson,
        "config.json: \"layer_norm_epsilon\" must be a number in (0, 1)");
  }
  *out = static_cast<float>(it->get<double>());
  return Status::Ok();
}

Status read_activation(const Json& doc, PretrainedConfig* out) {
  out->activation_function = "gelu_new";
  const auto it = doc.find("activation_function");
  if (it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      return Status::Error(
          ErrorCode::kBadJson,
          "config.json: \"activation_function\" must be a string");
    }
    out->activation_function = it->get<std::string>();
  }
  const std::string& name = out->activation_function;
  if (name == "gelu_new" || name == "gelu_pytorch_tanh") {
    out->model.activation = Activation::kGelu;
  } else if (name == "relu") {
    out->model.activation = Activation::kRelu;
  } else {
    return unsupported("activation_function \"" + name +
                       "\" is not supported; supported: gelu_new, "
                       "gelu_pytorch_tanh (both the tanh GELU) and relu");
  }
  return Status::Ok();
}

// GPT-Neo's attention_types, [[["global", "local"], 12], ...], expanded
// into one entry per layer (as GPTNeoConfig.expand_attention_types_params).
Status expand_attention_types(const Json& types,
                              std::vector<std::string>* out) {
  const Status bad = Status::Error(
      ErrorCode::kBadJson,
      "config.json: \"attention_types\" must be a list of [[types...], "
      "repeats] pairs");
  if (!types.is_array()) return bad;
  for (const Json& pair : types) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_array() ||
        !pair[1].is_number_integer() || pair[1] < 0 || pair[1] > 4096) {
      return bad;
    }
    for (int r = 0; r < pair[1].get<int>(); ++r) {
      for (const Json& t : pair[0]) {
        if (!t.is_string()) return bad;
        out->push_back(t.get<std::string>());
        if (out->size() > 4096) return bad;
      }
    }
  }
  return Status::Ok();
}

// Per-layer windows of GPT-Neo: 0 for "global", window_size for "local".
Status read_neo_windows(const Json& doc, int layers, ModelConfig* model) {
  int window = 256;
  Status s = read_optional_size(doc, "window_size", &window);
  if (!s.ok()) return s;
  std::vector<std::string> kinds;
  const auto types = doc.find("attention_types");
  const auto listed = doc.find("attention_layers");
  if (types != doc.end() && !types->is_null()) {
    if (!(s = expand_attention_types(*types, &kinds)).ok()) return s;
  } else if (listed != doc.end() && listed->is_array()) {
    for (const Json& t : *listed) {
      if (!t.is_string()) {
        return Status::Error(
            ErrorCode::kBadJson,
            "config.json: \"attention_layers\" must be a list of strings");
      }
      kinds.push_back(t.get<std::string>());
    }
  } else {
    // GPTNeoConfig's default: [[["global", "local"], 12]].
    for (int l = 0; l < 24; ++l) kinds.push_back(l % 2 ? "local" : "global");
  }
  if (static_cast<int>(kinds.size()) != layers) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "config.json: the attention types name " +
                             std::to_string(kinds.size()) +
                             " layers, but num_layers is " +
                             std::to_string(layers));
  }
  model->attention_windows.clear();
  for (const std::string& kind : kinds) {
    if (kind == "global") {
      model->attention_windows.push_back(0);
    } else if (kind == "local") {
      model->attention_windows.push_back(window);
    } else {
      return unsupported("attention type \"" + kind +
                         "\" is not supported; supported: global, local");
    }
  }
  return Status::Ok();
}

Status read_gpt2(const Json& doc, PretrainedConfig* out) {
  ModelConfig& m = out->model;
  Status s;
  if (!(s = read_size(doc, "n_layer", &m.layers)).ok() ||
      !(s = read_size(doc, "n_head", &m.heads)).ok() ||
      !(s = read_size(doc, "n_embd", &m.d_model)).ok() ||
      !(s = read_size(doc, "n_positions", &m.context)).ok() ||
      !(s = read_size(doc, "vocab_size", &m.vocab)).ok()) {
    return s;
  }
  m.d_mlp = 0;
  if (!(s = read_optional_size(doc, "n_inner", &m.d_mlp)).ok()) return s;
  if (m.d_mlp == 0) {
    m.d_mlp = static_cast<int>(
        std::min<long long>(4LL * m.d_model, internal::kMaxJsonInteger));
  }
  if (!(s = read_bool(doc, "scale_attn_weights", &m.scale_scores)).ok()) {
    return s;
  }
  bool by_layer = false, cross = false;
  if (!(s = read_bool(doc, "scale_attn_by_inverse_layer_idx", &by_layer))
           .ok() ||
      !(s = read_bool(doc, "add_cross_attention", &cross)).ok()) {
    return s;
  }
  if (by_layer) {
    return unsupported(
        "scale_attn_by_inverse_layer_idx is not supported (GPT-2 and "
        "distilgpt2 leave it false)");
  }
  if (cross) return unsupported("add_cross_attention is not supported");
  return Status::Ok();
}

Status read_gpt_neo(const Json& doc, PretrainedConfig* out) {
  ModelConfig& m = out->model;
  Status s;
  if (!(s = read_size(doc, "num_layers", &m.layers)).ok() ||
      !(s = read_size(doc, "num_heads", &m.heads)).ok() ||
      !(s = read_size(doc, "hidden_size", &m.d_model)).ok() ||
      !(s = read_size(doc, "max_position_embeddings", &m.context)).ok() ||
      !(s = read_size(doc, "vocab_size", &m.vocab)).ok()) {
    return s;
  }
  m.d_mlp = 0;
  if (!(s = read_optional_size(doc, "intermediate_size", &m.d_mlp)).ok()) {
    return s;
  }
  if (m.d_mlp == 0) {
    m.d_mlp = static_cast<int>(
        std::min<long long>(4LL * m.d_model, internal::kMaxJsonInteger));
  }
  m.scale_scores = false;  // GPTNeoSelfAttention does not scale
  return read_neo_windows(doc, m.layers, &m);
}

// ---- Names ----

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_mask_buffer(const std::string& key) {
  return ends_with(key, ".attn.bias") || ends_with(key, ".attn.masked_bias") ||
         ends_with(key, ".attn.attention.bias") ||
         ends_with(key, ".attn.attention.masked_bias");
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return out + "]";
}

std::string family_word(PretrainedFamily f) {
  return f == PretrainedFamily::kGpt2 ? "GPT-2" : "GPT-Neo";
}

// ---- Writing (the exporter) ----

void append_le64(std::uint64_t v, std::vector<std::uint8_t>* out) {
  for (int i = 0; i < 8; ++i) out->push_back((v >> (8 * i)) & 0xffu);
}

}  // namespace

const char* family_name(PretrainedFamily family) {
  return family == PretrainedFamily::kGpt2 ? "gpt2" : "gpt_neo";
}

Result<PretrainedConfig> parse_pretrained_config(std::string_view json) {
  Result<Json> parsed =
      internal::parse_json_object<Json>(json, "config.json is not JSON");
  if (!parsed.ok()) return parsed.status();
  const Json& doc = parsed.value();
  const auto type = doc.find("model_type");
  if (type == doc.end() || !type->is_string()) {
    return Status::Error(ErrorCode::kBadJson,
                         "config.json has no \"model_type\" string");
  }
  PretrainedConfig out;
  out.model.mlp = true;
  const std::string name = type->get<std::string>();
  Status s;
  if (name == "gpt2") {
    out.family = PretrainedFamily::kGpt2;
    s = read_gpt2(doc, &out);
  } else if (name == "gpt_neo") {
    out.family = PretrainedFamily::kGptNeo;
    s = read_gpt_neo(doc, &out);
  } else {
    return unsupported("model_type \"" + name +
                       "\" is not supported; supported: gpt2 (GPT-2, "
                       "distilgpt2) and gpt_neo (GPT-Neo, TinyStories)");
  }
  if (!s.ok()) return s;
  bool tied = true;
  if (!(s = read_bool(doc, "tie_word_embeddings", &tied)).ok()) return s;
  out.model.tied_unembedding = tied;
  if (!(s = read_epsilon(doc, &out.model.layer_norm_epsilon)).ok()) return s;
  if (!(s = read_activation(doc, &out)).ok()) return s;
  if (!(s = check_config(out.model, kLoadedLimits)).ok()) {
    return Status::Error(s.code, "config.json: " + s.message);
  }
  const long long parameters = parameter_count(out.model);
  if (parameters > kMaxLoadedParameters) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "the model has " + std::to_string(parameters) + " parameters (" +
            std::to_string(parameters * 4 / 1000000) +
            " MB as float32), above the " +
            std::to_string(kMaxLoadedParameters) + " (" +
            std::to_string(kMaxLoadedParameters * 4 / 1000000) +
            " MB) that fit the 2 GiB of 32-bit WebAssembly memory with room "
            "to run it");
  }
  return out;
}

std::uint64_t load_memory_bytes(std::uint64_t model_bytes) {
  return model_bytes + kLoadHeadroomBytes;
}

Status check_load_fits(std::uint64_t model_bytes,
                       std::uint64_t available_bytes) {
  const std::uint64_t need = load_memory_bytes(model_bytes);
  if (need <= available_bytes) return Status::Ok();
  const auto mb = [](std::uint64_t b) { return std::to_string(b / 1000000); };
  return Status::Error(ErrorCode::kTooLarge,
                       "the model needs " + mb(model_bytes) +
                           " MB for its weights as float32 and " +
                           mb(kLoadHeadroomBytes) + " MB to run, but only " +
                           mb(available_bytes) + " MB of memory are left");
}

// ---- The loader ----

Result<PretrainedLoader> PretrainedLoader::create(std::string_view config_json,
                                                  std::string_view header,
                                                  std::uint64_t file_size) {
  Result<PretrainedConfig> config = parse_pretrained_config(config_json);
  if (!config.ok()) return config.status();
  Result<SafetensorsHeader> parsed =
      parse_safetensors_header(header, file_size);
  if (!parsed.ok()) return parsed.status();

  PretrainedLoader loader;
  loader.config_ = std::move(config).value();
  loader.header_ = std::move(parsed).value();
  const ModelConfig& c = loader.config_.model;
  const PretrainedFamily family = loader.config_.family;
  const std::int64_t d = c.d_model, f = c.d_mlp;

  // 1. What the family's model needs: key (without prefix) → its shape and
  //    where it goes.
  struct Want {
    std::vector<std::int64_t> shape;
    Step step;
  };
  std::map<std::string, Want> want;
  const auto model_tensor = [&](const std::string& key,
                                std::vector<std::int64_t> shape,
                                Matrix Weights::*field, Target target) {
    Step step;
    step.target = target;
    step.model_field = field;
    want[key] = {std::move(shape), step};
  };
  const auto layer_tensor = [&](int l, const std::string& key,
                                std::vector<std::int64_t> shape, Target target,
                                Matrix LayerWeights::*a,
                                Matrix LayerWeights::*b = nullptr,
                                Matrix LayerWeights::*c3 = nullptr) {
    Step step;
    step.target = target;
    step.layer = l;
    step.fields[0] = a;
    step.fields[1] = b;
    step.fields[2] = c3;
    want["h." + std::to_string(l) + "." + key] = {std::move(shape), step};
  };
  model_tensor("wte.weight", {c.vocab, d}, &Weights::token_embedding,
               Target::kCopy);
  model_tensor("wpe.weight", {c.context, d}, &Weights::position_embedding,
               Target::kCopy);
  model_tensor("ln_f.weight", {d}, &Weights::lnf_gain, Target::kCopy);
  model_tensor("ln_f.bias", {d}, &Weights::lnf_bias, Target::kCopy);
  if (!c.tied_unembedding) {
    model_tensor("lm_head.weight", {c.vocab, d}, &Weights::unembedding,
                 Target::kTranspose);
  }
  for (int l = 0; l < c.layers; ++l) {
    using LW = LayerWeights;
    layer_tensor(l, "ln_1.weight", {d}, Target::kCopy, &LW::ln1_gain);
    layer_tensor(l, "ln_1.bias", {d}, Target::kCopy, &LW::ln1_bias);
    layer_tensor(l, "ln_2.weight", {d}, Target::kCopy, &LW::ln2_gain);
    layer_tensor(l, "ln_2.bias", {d}, Target::kCopy, &LW::ln2_bias);
    layer_tensor(l, "mlp.c_fc.bias", {f}, Target::kCopy, &LW::b1);
    layer_tensor(l, "mlp.c_proj.bias", {d}, Target::kCopy, &LW::b2);
    if (family == PretrainedFamily::kGpt2) {
      // Conv1D stores [in, out] and computes x·W + b.
      layer_tensor(l, "attn.c_attn.weight", {d, 3 * d}, Target::kSplitThree,
                   &LW::wq, &LW::wk, &LW::wv);
      layer_tensor(l, "attn.c_attn.bias", {3 * d}, Target::kSplitThree, &LW::bq,
                   &LW::bk, &LW::bv);
      layer_tensor(l, "attn.c_proj.weight", {d, d}, Target::kCopy, &LW::wo);
      layer_tensor(l, "attn.c_proj.bias", {d}, Target::kCopy, &LW::bo);
      layer_tensor(l, "mlp.c_fc.weight", {d, f}, Target::kCopy, &LW::w1);
      layer_tensor(l, "mlp.c_proj.weight", {f, d}, Target::kCopy, &LW::w2);
    } else {
      // nn.Linear stores [out, in] and computes x·Wᵀ + b.
      layer_tensor(l, "attn.attention.q_proj.weight", {d, d},
                   Target::kTranspose, &LW::wq);
      layer_tensor(l, "attn.attention.k_proj.weight", {d, d},
                   Target::kTranspose, &LW::wk);
      layer_tensor(l, "attn.attention.v_proj.weight", {d, d},
                   Target::kTranspose, &LW::wv);
      layer_tensor(l, "attn.attention.out_proj.weight", {d, d},
                   Target::kTranspose, &LW::wo);
      layer_tensor(l, "attn.attention.out_proj.bias", {d}, Target::kCopy,
                   &LW::bo);
      layer_tensor(l, "mlp.c_fc.weight", {f, d}, Target::kTranspose, &LW::w1);
      layer_tensor(l, "mlp.c_proj.weight", {d, f}, Target::kTranspose, &LW::w2);
    }
  }

  // 2. Every tensor of the file: a weight (checked), or skipped (why).
  std::map<std::string, std::string> seen;  // key → the file's name
  std::string first_foreign;
  int foreign = 0;
  for (const TensorEntry& entry : loader.header_.tensors) {
    std::string key = entry.name;
    const std::string prefix = "transformer.";
    if (key.compare(0, prefix.size(), prefix) == 0) {
      key = key.substr(prefix.size());
    }
    const auto [at, fresh] = seen.emplace(key, entry.name);
    if (!fresh) {
      return Status::Error(ErrorCode::kBadJson,
                           "safetensors: tensors \"" + at->second +
                               "\" and \"" + entry.name +
                               "\" are the same weight twice");
    }
    Step step;
    step.entry = entry;
    const auto it = want.find(key);
    if (it == want.end()) {
      std::string why = "is not a weight of " + family_word(family);
      if (is_mask_buffer(key)) {
        why = "is a mask buffer (the mask is built, not read)";
      } else if (key == "lm_head.weight") {
        why = "is tied to wte.weight (tie_word_embeddings)";
      } else if (entry.dtype == TensorDtype::kBool) {
        why = "is BOOL, not a weight";
      } else if (foreign++ == 0) {
        first_foreign = entry.name;
      }
      loader.skipped_.push_back(entry.name + " " + why);
      loader.plan_.push_back(std::move(step));
      continue;
    }
    if (!is_float_weight(entry.dtype)) {
      return Status::Error(ErrorCode::kBadType,
                           "safetensors: tensor \"" + entry.name + "\" is " +
                               dtype_name(entry.dtype) +
                               "; a weight must be F32, F16 or BF16");
    }
    if (entry.shape != it->second.shape) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "safetensors: tensor \"" + entry.name +
                               "\" has shape " + shape_text(entry.shape) +
                               ", but config.json (" + family_word(family) +
                               ", " + std::to_string(c.layers) +
                               " layers, d_model " + std::to_string(c.d_model) +
                               ", vocab " + std::to_string(c.vocab) +
                               ", context " + std::to_string(c.context) +
                               ") needs " + shape_text(it->second.shape));
    }
    const Step& planned = it->second.step;
    step.target = planned.target;
    step.layer = planned.layer;
    step.model_field = planned.model_field;
    std::copy(std::begin(planned.fields), std::end(planned.fields),
              std::begin(step.fields));
    loader.plan_.push_back(std::move(step));
    want.erase(it);
  }
  // 3. Nothing the model needs may be missing.
  if (!want.empty()) {
    std::string message =
        "safetensors: the file has no tensor \"" + want.begin()->first +
        "\" (" + std::to_string(want.size()) + " of the " +
        family_word(family) + " weights config.json asks for are missing)";
    if (foreign > 0) {
      message += "; it holds " + std::to_string(foreign) +
                 " tensors that are not " + family_word(family) +
                 "'s, such as \"" + first_foreign +
                 "\": do config.json and the file belong together?";
    }
    return Status::Error(ErrorCode::kShapeMismatch, message);
  }
  return loader;
}

long long PretrainedLoader::parameters() const {
  return parameter_count(config_.model);
}

std::vector<std::string> PretrainedLoader::weight_dtypes() const {
  std::vector<std::string> names;
  for (const Step& step : plan_) {
    if (step.target == Target::kSkip) continue;
    const std::string name = dtype_name(step.entry.dtype);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

std::uint64_t PretrainedLoader::model_bytes() const {
  return static_cast<std::uint64_t>(parameters()) * sizeof(float);
}

Status PretrainedLoader::allocate() {
  if (allocated_) return Status::Ok();
  weights_ = zero_weights(config_.model);
  allocated_ = true;
  return Status::Ok();
}

Matrix* PretrainedLoader::destination(const Step& step, int which) {
  if (step.layer < 0) return &(weights_.*step.model_field);
  return &(weights_.layers[step.layer].*step.fields[which]);
}

Status PretrainedLoader::write_element(const Step& step, std::int64_t index,
                                       float value) {
  if (!std::isfinite(value)) {
    return Status::Error(ErrorCode::kNonFinite,
                         "safetensors: tensor \"" + step.entry.name +
                             "\" has a non-finite value at element " +
                             std::to_string(index));
  }
  // The source is row-major [rows, cols] (a vector is one row).
  const std::int64_t cols = step.entry.shape.back();
  const std::int64_t row = index / cols, col = index % cols;
  switch (step.target) {
    case Target::kCopy:
      destination(step, 0)->data()[index] = value;
      break;
    case Target::kTranspose:
      (*destination(step, 0))(col, row) = value;
      break;
    case Target::kSplitThree: {
      const std::int64_t width = cols / 3;
      (*destination(step, static_cast<int>(col / width)))(row, col % width) =
          value;
      break;
    }
    case Target::kSkip:
      break;
  }
  return Status::Ok();
}

Status PretrainedLoader::feed(const std::uint8_t* bytes, std::size_t length) {
  if (failed_) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "the load failed earlier; start a new one");
  }
  if (!allocated_) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "allocate() before feeding data");
  }
  if (length > header_.data_bytes - fed_) {
    failed_ = true;
    return Status::Error(ErrorCode::kShapeMismatch,
                         "safetensors: more data fed than the file's " +
                             std::to_string(header_.data_bytes) +
                             " bytes of tensors");
  }
  std::size_t at = 0;
  while (at < length) {
    if (next_ >= tensor_count()) {  // the parser checked the tiling
      failed_ = true;
      return Status::Error(ErrorCode::kShapeMismatch,
                           "safetensors: data past the last tensor");
    }
    const Step& step = plan_[next_];
    const std::uint64_t size = step.entry.end - step.entry.begin;
    const std::uint64_t take =
        std::min<std::uint64_t>(size - in_tensor_, length - at);
    if (step.target != Target::kSkip) {
      const int width = dtype_bytes(step.entry.dtype);
      const std::uint8_t* p = bytes + at;
      const std::uint8_t* stop = p + take;
      std::uint64_t element = in_tensor_ / width;
      // An element cut by the previous chunk: complete it first.
      while (partial_bytes_ > 0 && p < stop) {
        partial_[partial_bytes_++] = *p++;
        if (partial_bytes_ == width) {
          partial_bytes_ = 0;
          Status s = write_element(step, static_cast<std::int64_t>(element++),
                                   decode_weight(step.entry.dtype, partial_));
          if (!s.ok()) {
            failed_ = true;
            return s;
          }
        }
      }
      for (; stop - p >= width; p += width) {
        Status s = write_element(step, static_cast<std::int64_t>(element++),
                                 decode_weight(step.entry.dtype, p));
        if (!s.ok()) {
          failed_ = true;
          return s;
        }
      }
      while (p < stop) partial_[partial_bytes_++] = *p++;
    }
    at += take;
    in_tensor_ += take;
    fed_ += take;
    if (in_tensor_ == size) {
      ++next_;
      in_tensor_ = 0;
    }
  }
  return Status::Ok();
}

Result<Weights> PretrainedLoader::finish() {
  if (failed_ || !allocated_) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "the load failed or was never started");
  }
  if (fed_ != header_.data_bytes) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "safetensors: the file ended after " +
                             std::to_string(fed_) + " of its " +
                             std::to_string(header_.data_bytes) +
                             " bytes of tensors");
  }
  // (Zero-byte tensors after the last byte were never stepped past by
  // feed(), so tensors_done() may stay below tensor_count(): no matter.)
  failed_ = true;  // the weights are moved out: the loader is spent
  return std::move(weights_);
}

// ---- The exporter ----

namespace {

// kUnsupported unless the model can be written as GPT-2 exactly.
Status check_gpt2_exportable(const ModelConfig& c) {
  if (!trainable_conventions(c)) {
    return Status::Error(ErrorCode::kUnsupported,
                         "only a model with GPT-2's conventions (global "
                         "attention, scaled scores, ε 1e-5, an untied "
                         "unembedding) can be written as GPT-2");
  }
  if (c.activation != Activation::kGelu) {
    return Status::Error(ErrorCode::kUnsupported,
                         "GPT-2's MLP uses the tanh GELU; this model uses "
                         "ReLU");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> gpt2_config_json(const Weights& weights,
                                     std::string_view extra) {
  const ModelConfig& c = weights.config;
  Status s = check_gpt2_exportable(c);
  if (!s.ok()) return s;
  Result<Json> more =
      internal::parse_json_object<Json>(extra, "extra fields are not JSON");
  if (!more.ok()) return more.status();
  Json doc = {
      {"model_type", "gpt2"},
      {"architectures", {"GPT2LMHeadModel"}},
      {"vocab_size", c.vocab},
      {"n_positions", c.context},
      {"n_ctx", c.context},
      {"n_embd", c.d_model},
      {"n_head", c.heads},
      {"n_layer", c.layers},
      {"n_inner", c.mlp ? c.d_mlp : 1},
      {"activation_function", "gelu_new"},
      {"layer_norm_epsilon", 1e-5},
      {"scale_attn_weights", true},
      {"tie_word_embeddings", false},
      {"resid_pdrop", 0.0},
      {"embd_pdrop", 0.0},
      {"attn_pdrop", 0.0},
  };
  for (auto it = more.value().begin(); it != more.value().end(); ++it) {
    doc[it.key()] = it.value();
  }
  return doc.dump(2) + "\n";
}

Result<std::vector<std::uint8_t>> gpt2_safetensors(
    const Weights& weights,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  const ModelConfig& c = weights.config;
  Status s = check_gpt2_exportable(c);
  if (!s.ok()) return s;
  const int d = c.d_model, f = c.mlp ? c.d_mlp : 1;
  // Each tensor as HF lays it out: its name, shape and row-major floats.
  struct Out {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> data;
  };
  std::vector<Out> out;
  const auto add = [&](std::string name, std::vector<std::int64_t> shape,
                       const Matrix& m) {
    out.push_back({std::move(name), std::move(shape),
                   std::vector<float>(m.data(), m.data() + m.size())});
  };
  add("wte.weight", {c.vocab, d}, weights.token_embedding);
  add("wpe.weight", {c.context, d}, weights.position_embedding);
  for (int l = 0; l < c.layers; ++l) {
    const LayerWeights& w = weights.layers[l];
    const std::string p = "h." + std::to_string(l) + ".";
    add(p + "ln_1.weight", {d}, w.ln1_gain);
    add(p + "ln_1.bias", {d}, w.ln1_bias);
    Matrix qkv(d, 3 * d), qkv_bias(1, 3 * d);
    qkv << w.wq, w.wk, w.wv;
    qkv_bias << w.bq, w.bk, w.bv;
    add(p + "attn.c_attn.weight", {d, 3 * d}, qkv);
    add(p + "attn.c_attn.bias", {3 * d}, qkv_bias);
    add(p + "attn.c_proj.weight", {d, d}, w.wo);
    add(p + "attn.c_proj.bias", {d}, w.bo);
    if (c.mlp) {
      add(p + "ln_2.weight", {d}, w.ln2_gain);
      add(p + "ln_2.bias", {d}, w.ln2_bias);
      add(p + "mlp.c_fc.weight", {d, f}, w.w1);
      add(p + "mlp.c_fc.bias", {f}, w.b1);
      add(p + "mlp.c_proj.weight", {f, d}, w.w2);
      add(p + "mlp.c_proj.bias", {d}, w.b2);
    } else {
      // A zero MLP of width 1 adds exactly 0 (GELU(0) = 0, zero biases).
      add(p + "ln_2.weight", {d}, Matrix::Ones(1, d));
      add(p + "ln_2.bias", {d}, Matrix::Zero(1, d));
      add(p + "mlp.c_fc.weight", {d, f}, Matrix::Zero(d, f));
      add(p + "mlp.c_fc.bias", {f}, Matrix::Zero(1, f));
      add(p + "mlp.c_proj.weight", {f, d}, Matrix::Zero(f, d));
      add(p + "mlp.c_proj.bias", {d}, Matrix::Zero(1, d));
    }
  }
  add("ln_f.weight", {d}, weights.lnf_gain);
  add("ln_f.bias", {d}, weights.lnf_bias);
  add("lm_head.weight", {c.vocab, d}, weights.unembedding.transpose());

  // The header: names in data order, offsets tiling the data.
  Json header = Json::object();
  Json meta = Json::object();
  meta["format"] = "pt";
  for (const auto& [key, value] : metadata) meta[key] = value;
  header["__metadata__"] = meta;
  std::uint64_t offset = 0;
  for (const Out& t : out) {
    const std::uint64_t bytes = t.data.size() * sizeof(float);
    header[t.name] = {{"dtype", "F32"},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  while (text.size() % 8 != 0) text += ' ';  // aligns the data to 8 bytes
  std::vector<std::uint8_t> file;
  file.reserve(8 + text.size() + offset);
  append_le64(text.size(), &file);
  file.insert(file.end(), text.begin(), text.end());
  for (const Out& t : out) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(t.data.data());
    file.insert(file.end(), p, p + t.data.size() * sizeof(float));
  }
  return file;
}

}  // namespace mha::model
