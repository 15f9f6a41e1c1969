// Internal to the core: parsing text that must hold one JSON object, and
// reading its fields, for any nlohmann::basic_json type, without exceptions
// (the core never throws). Used by json_io.cpp (weights documents, float
// numbers) and model/checkpoint.cpp (checkpoint headers).
#ifndef MHA_SRC_JSON_OBJECT_H_
#define MHA_SRC_JSON_OBJECT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mha/status.h"

namespace mha::internal {

// Builds the document like nlohmann's own DOM parser, but records a syntax
// error's message (with line and column) instead of throwing it.
template <class Json>
class RecordingSaxParser : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit RecordingSaxParser(Json& root)
      : nlohmann::detail::json_sax_dom_parser<Json>(root, false) {}

  template <class Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const Exception& error) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    message = error.what();
    const std::size_t tag_end = message.find("] ");
    if (!message.empty() && message[0] == '[' && tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return false;
  }

  std::string message;
};

// Parses text that must hold one JSON object. A syntax error or another
// top-level value is a kBadJson Status whose message starts with `prefix`
// (e.g. "malformed JSON").
template <class Json>
Result<Json> parse_json_object(std::string_view text,
                               const std::string& prefix) {
  // nlohmann's parser stops at a NUL as if the text ended there, so
  // "{...}\0garbage" would pass: refuse NUL outright.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Status::Error(
        ErrorCode::kBadJson,
        prefix + ": a NUL character at offset " + std::to_string(nul));
  }
  Json root;
  RecordingSaxParser<Json> sax(root);
  if (!Json::sax_parse(text, &sax, nlohmann::detail::input_format_t::json,
                       /*strict=*/true, /*ignore_comments=*/false)) {
    return Status::Error(ErrorCode::kBadJson, prefix + ": " + sax.message);
  }
  if (!root.is_object()) {
    return Status::Error(ErrorCode::kBadJson,
                         prefix + ": expected an object at the top level");
  }
  return root;
}

// The largest integer a JSON field may hold (sizes and counts, never more).
inline constexpr int kMaxJsonInteger = 1 << 30;

// A kBadJson Status: JSON field "<key>" must be <expected>.
inline Status bad_json_field(const std::string& key,
                             const std::string& expected) {
  return Status::Error(ErrorCode::kBadJson,
                       "JSON field \"" + key + "\" must be " + expected);
}

// Reads doc[key], an integer in [0, kMaxJsonInteger], into *out. A missing
// key is an error when `required`, and otherwise leaves *out unchanged.
template <class Json>
Status read_json_int(const Json& doc, const std::string& key, bool required,
                     int* out) {
  const auto it = doc.find(key);
  if (it == doc.end()) {
    return required ? bad_json_field(key, "present (an integer)")
                    : Status::Ok();
  }
  if (!it->is_number_integer() || *it < 0 || *it > kMaxJsonInteger) {
    return bad_json_field(key, "a non-negative integer");
  }
  *out = it->template get<int>();
  return Status::Ok();
}

}  // namespace mha::internal

#endif  // MHA_SRC_JSON_OBJECT_H_
