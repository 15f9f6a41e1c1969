#include "mha/json_io.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "json_object.h"
#include "mha/validate.h"
#include "weights_json_reader.h"

namespace mha {
namespace {

// JSON whose numbers are floats, so weights print in their shortest exact
// float form ("0.1", not "0.10000000149011612").
using Json = nlohmann::basic_json<std::map, std::vector, std::string, bool,
                                  std::int64_t, std::uint64_t, float>;

Result<Json> parse(std::string_view text) {
  return internal::parse_json_object<Json>(text, "malformed JSON");
}

using internal::bad_json_field;
using internal::read_json_int;

Status read_bool(const Json& doc, const std::string& key, bool* out) {
  const auto it = doc.find(key);
  if (it == doc.end()) return Status::Ok();
  if (!it->is_boolean()) return bad_json_field(key, "true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

// Reads a flat row-major array of rows·cols numbers.
Status read_matrix(const Json& doc, const std::string& key, Eigen::Index rows,
                   Eigen::Index cols, Matrix* out) {
  const auto it = doc.find(key);
  const std::string expected = "an array of " + std::to_string(rows * cols) +
                               " numbers (" + std::to_string(rows) + " × " +
                               std::to_string(cols) + ", row-major)";
  if (it == doc.end() || !it->is_array()) return bad_json_field(key, expected);
  if (static_cast<Eigen::Index>(it->size()) != rows * cols) {
    return Status::Error(
        ErrorCode::kShapeMismatch,
        "JSON field \"" + key + "\" has " + std::to_string(it->size()) +
            " numbers, expected " + std::to_string(rows * cols) + " (" +
            std::to_string(rows) + " × " + std::to_string(cols) + ")");
  }
  out->resize(rows, cols);
  float* data = out->data();
  for (const auto& value : *it) {
    if (!value.is_number()) return bad_json_field(key, expected);
    *data++ = value.get<float>();
  }
  return check_finite(key, *out);
}

// An optional bias: absent or null means none.
Status read_bias(const Json& doc, const std::string& key, int d_model,
                 RowVector* out) {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return Status::Ok();
  Matrix m;
  Status s = read_matrix(doc, key, 1, d_model, &m);
  if (!s.ok()) return s;
  *out = m.row(0);
  return Status::Ok();
}

}  // namespace

namespace {

long long json_bytes(long long d_model, long long biases) {
  return (4 * d_model * d_model + biases * d_model) * kMaxFloatJsonChars + 256;
}

int bias_count(const MultiHeadWeights& w) {
  int count = 0;
  for (const RowVector* b : {&w.bq, &w.bk, &w.bv, &w.bo}) {
    count += b->size() != 0;
  }
  return count;
}

}  // namespace

long long weights_json_bytes(const MultiHeadWeights& weights) {
  return json_bytes(weights.d_model(), bias_count(weights));
}

Status check_weights_json_size(int d_model, int biases) {
  const long long bytes = json_bytes(d_model, biases);
  if (bytes > kMaxWeightsJsonBytes) {
    return Status::Error(ErrorCode::kTooLarge,
                         "the weights' JSON could take up to " +
                             std::to_string(bytes / (1 << 20)) +
                             " MiB, above the limit of " +
                             std::to_string(kMaxWeightsJsonBytes / (1 << 20)) +
                             " MiB: d_model " + std::to_string(d_model) +
                             " is too wide to export as text");
  }
  return Status::Ok();
}

Result<std::string> weights_to_json(const MultiHeadWeights& weights) {
  const Status s =
      check_weights_json_size(weights.d_model(), bias_count(weights));
  if (!s.ok()) return s;
  const long long bytes = weights_json_bytes(weights);
  // Written directly, in the key order (and number format) of nlohmann's
  // dump of the same document, without building a node per number.
  std::string out;
  out.reserve(static_cast<std::size_t>(bytes / 2));
  const auto numbers = [&out](const char* key, const float* data,
                              Eigen::Index size) {
    out += '"';
    out += key;
    out += "\":[";
    char buffer[64];
    for (Eigen::Index i = 0; i < size; ++i) {
      if (i > 0) out += ',';
      if (!std::isfinite(data[i])) {
        out += "null";
        continue;
      }
      char* end =
          nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, data[i]);
      out.append(buffer, end);
    }
    out += "],";
  };
  out += '{';
  const std::pair<const char*, const RowVector*> biases[] = {
      {"bk", &weights.bk},
      {"bo", &weights.bo},
      {"bq", &weights.bq},
      {"bv", &weights.bv}};
  for (const auto& [name, bias] : biases) {
    if (bias->size() != 0) numbers(name, bias->data(), bias->size());
  }
  out += "\"d_model\":" + std::to_string(weights.d_model()) +
         ",\"heads\":" + std::to_string(weights.heads) + ",";
  numbers("wk", weights.wk.data(), weights.wk.size());
  numbers("wo", weights.wo.data(), weights.wo.size());
  numbers("wq", weights.wq.data(), weights.wq.size());
  numbers("wv", weights.wv.data(), weights.wv.size());
  out.back() = '}';
  return out;
}

Result<MultiHeadWeights> weights_from_json(std::string_view text) {
  MultiHeadWeights fast;
  if (internal::read_weights_fast(text, &fast)) return fast;
  Result<Json> parsed = parse(text);
  if (!parsed.ok()) return parsed.status();
  const Json& doc = parsed.value();
  MultiHeadWeights w;
  int d_model = 0;
  Status s = read_json_int(doc, "heads", true, &w.heads);
  if (!s.ok()) return s;
  if (!(s = read_json_int(doc, "d_model", true, &d_model)).ok()) return s;
  if (!(s = check_heads(d_model, w.heads)).ok()) return s;
  const std::pair<const char*, Matrix*> matrices[] = {
      {"wq", &w.wq}, {"wk", &w.wk}, {"wv", &w.wv}, {"wo", &w.wo}};
  for (const auto& [name, m] : matrices) {
    if (!(s = read_matrix(doc, name, d_model, d_model, m)).ok()) return s;
  }
  const std::pair<const char*, RowVector*> biases[] = {
      {"bq", &w.bq}, {"bk", &w.bk}, {"bv", &w.bv}, {"bo", &w.bo}};
  for (const auto& [name, b] : biases) {
    if (!(s = read_bias(doc, name, d_model, b)).ok()) return s;
  }
  if (!(s = check_weights(w)).ok()) return s;
  return w;
}

std::string config_to_json(const MultiHeadConfig& config) {
  const Json doc = {{"d_model", config.d_model},
                    {"heads", config.heads},
                    {"causal", config.causal},
                    {"max_tokens", config.max_tokens}};
  return doc.dump();
}

Result<MultiHeadConfig> config_from_json(std::string_view text) {
  Result<Json> parsed = parse(text);
  if (!parsed.ok()) return parsed.status();
  const Json& doc = parsed.value();
  MultiHeadConfig config;
  Status s = read_json_int(doc, "d_model", true, &config.d_model);
  if (!s.ok()) return s;
  if (!(s = read_json_int(doc, "heads", true, &config.heads)).ok()) return s;
  if (!(s = read_bool(doc, "causal", &config.causal)).ok()) return s;
  if (!(s = read_json_int(doc, "max_tokens", false, &config.max_tokens)).ok()) {
    return s;
  }
  if (!(s = check_heads(config.d_model, config.heads)).ok()) return s;
  if (!(s = check_sequence_length(config.max_tokens)).ok()) return s;
  return config;
}

}  // namespace mha
