#include "weights_json_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json_object.h"
#include "mha/validate.h"

namespace mha::internal {
namespace {

// A cursor over the text; every read either advances or fails.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool at_end() const { return pos_ == text_.size(); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool take(char c) {
    skip_space();
    if (peek() != c || at_end()) return false;
    ++pos_;
    return true;
  }
  bool take_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // A key: plain printable ASCII between quotes, no escapes (anything else
  // goes to the DOM path).
  bool key(std::string* out) {
    if (!take('"')) return false;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c < 0x20 || c >= 0x80 || c == '\\') return false;
      ++pos_;
    }
    if (at_end()) return false;
    out->assign(text_.substr(start, pos_ - start));
    ++pos_;
    return true;
  }

  // One JSON number token (RFC 8259 grammar), as text; `integer` says
  // whether it has neither fraction nor exponent.
  bool number(std::string_view* token, bool* integer) {
    skip_space();
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (is_digit(peek())) ++pos_;
    } else {
      return false;
    }
    *integer = true;
    if (peek() == '.') {
      *integer = false;
      ++pos_;
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      *integer = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return false;
      while (is_digit(peek())) ++pos_;
    }
    *token = text_.substr(start, pos_ - start);
    return true;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The float nlohmann's DOM gives for a number token, slowly: integers go
// through int64/uint64 (so "-0" is +0, as there), the rest through
// std::strtof (correct, but about 2 µs a number in wasm).
float token_float_exact(std::string_view token, bool integer) {
  char buffer[64];
  std::string long_token;
  const char* text = buffer;
  if (token.size() < sizeof buffer) {
    token.copy(buffer, token.size());
    buffer[token.size()] = '\0';
  } else {
    long_token.assign(token);
    text = long_token.c_str();
  }
  if (integer) {
    errno = 0;
    if (token[0] == '-') {
      const long long v = std::strtoll(text, nullptr, 10);
      if (errno == 0) return static_cast<float>(v);
    } else {
      const unsigned long long v = std::strtoull(text, nullptr, 10);
      if (errno == 0) return static_cast<float>(v);
    }
  }
  return std::strtof(text, nullptr);
}

// The same float, fast where that is provably the same (Clinger's fast
// path): at most 15 significant digits and a power of ten within 10^±22
// make m·10^e one correctly rounded double operation; rounding that double
// to float is then correct unless it lands exactly on a midpoint between
// two floats, which falls back to token_float_exact.
}  // namespace

float token_float(std::string_view token, bool integer) {
  static constexpr double kPow10[] = {
      1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::size_t i = 0;
  const bool negative = token[0] == '-';
  if (negative) ++i;
  std::uint64_t mantissa = 0;
  int digits = 0, exponent = 0;
  bool fraction = false;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (c == 'e' || c == 'E') break;
    if (mantissa != 0 || c != '0') ++digits;
    if (digits > 15) return token_float_exact(token, integer);
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    if (fraction) --exponent;
  }
  if (i < token.size()) {  // the exponent
    ++i;
    bool minus = false;
    if (token[i] == '+' || token[i] == '-') minus = token[i++] == '-';
    int e = 0;
    for (; i < token.size(); ++i) {
      e = e * 10 + (token[i] - '0');
      if (e > 400) return token_float_exact(token, integer);
    }
    exponent += minus ? -e : e;
  }
  if (mantissa == 0) return negative && !integer ? -0.0f : 0.0f;
  if (exponent < -22 || exponent > 22) return token_float_exact(token, integer);
  double d = static_cast<double>(mantissa);
  d = exponent >= 0 ? d * kPow10[exponent] : d / kPow10[-exponent];
  if (negative) d = -d;
  const float f = static_cast<float>(d);
  const double back = f;
  if (back != d && std::isfinite(f)) {
    const float other =
        std::nextafter(f, d > back ? std::numeric_limits<float>::infinity()
                                   : -std::numeric_limits<float>::infinity());
    if (back + static_cast<double>(other) == 2 * d) {
      return token_float_exact(token, integer);
    }
  }
  return f;
}

namespace {

struct Fields {
  std::optional<long long> heads, d_model;
  std::map<std::string, std::vector<float>> arrays;  // last one wins
};

bool is_matrix_key(const std::string& key) {
  return key == "wq" || key == "wk" || key == "wv" || key == "wo";
}
bool is_bias_key(const std::string& key) {
  return key == "bq" || key == "bk" || key == "bv" || key == "bo";
}

// One member's value into *fields; false for anything the DOM path should
// handle.
bool read_value(Scanner& in, const std::string& key, Fields* fields) {
  in.skip_space();
  const char c = in.peek();
  const bool known = key == "heads" || key == "d_model" || is_matrix_key(key) ||
                     is_bias_key(key);
  if (c == '[') {
    if (key == "heads" || key == "d_model") return false;
    in.take('[');
    std::vector<float> values;
    if (!in.take(']')) {
      do {
        std::string_view token;
        bool integer = false;
        if (!in.number(&token, &integer)) return false;
        values.push_back(token_float(token, integer));
      } while (in.take(','));
      if (!in.take(']')) return false;
    }
    if (known) {
      fields->arrays[key] = std::move(values);
    }
    return true;
  }
  if (c == 'n') {
    if (!in.take_word("null")) return false;
    if (is_bias_key(key)) fields->arrays.erase(key);
    return !known || is_bias_key(key);
  }
  if (c == 't' || c == 'f') {
    if (!in.take_word(c == 't' ? "true" : "false")) return false;
    return !known;
  }
  std::string_view token;
  bool integer = false;
  if (!in.number(&token, &integer)) return false;
  if (key == "heads" || key == "d_model") {
    if (!integer || token[0] == '-' || token.size() > 10) return false;
    const long long v = std::strtoll(std::string(token).c_str(), nullptr, 10);
    if (v > kMaxJsonInteger) return false;
    (key == "heads" ? fields->heads : fields->d_model) = v;
    return true;
  }
  return !known;
}

bool to_matrix(const std::vector<float>& values, Eigen::Index rows,
               Eigen::Index cols, Matrix* out) {
  if (static_cast<Eigen::Index>(values.size()) != rows * cols) return false;
  out->resize(rows, cols);
  std::copy(values.begin(), values.end(), out->data());
  return all_finite(*out);
}

}  // namespace

bool read_weights_fast(std::string_view text, MultiHeadWeights* out) {
  Scanner in(text);
  Fields fields;
  if (!in.take('{')) return false;
  if (!in.take('}')) {
    do {
      std::string key;
      if (!in.key(&key) || !in.take(':')) return false;
      if (!read_value(in, key, &fields)) return false;
    } while (in.take(','));
    if (!in.take('}')) return false;
  }
  in.skip_space();
  if (!in.at_end()) return false;
  if (!fields.heads || !fields.d_model) return false;
  const int d = static_cast<int>(*fields.d_model);
  MultiHeadWeights w;
  w.heads = static_cast<int>(*fields.heads);
  if (!check_heads(d, w.heads).ok()) return false;
  const std::pair<const char*, Matrix*> matrices[] = {
      {"wq", &w.wq}, {"wk", &w.wk}, {"wv", &w.wv}, {"wo", &w.wo}};
  for (const auto& [name, m] : matrices) {
    const auto it = fields.arrays.find(name);
    if (it == fields.arrays.end() || !to_matrix(it->second, d, d, m)) {
      return false;
    }
  }
  const std::pair<const char*, RowVector*> biases[] = {
      {"bq", &w.bq}, {"bk", &w.bk}, {"bv", &w.bv}, {"bo", &w.bo}};
  for (const auto& [name, b] : biases) {
    const auto it = fields.arrays.find(name);
    if (it == fields.arrays.end()) continue;
    Matrix m;
    if (!to_matrix(it->second, 1, d, &m)) return false;
    *b = m.row(0);
  }
  if (!check_weights(w).ok()) return false;
  *out = std::move(w);
  return true;
}

}  // namespace mha::internal
