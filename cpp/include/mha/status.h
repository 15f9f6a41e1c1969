// Error reporting without exceptions.
//
// The core never throws: a wasm build without -fexceptions cannot catch, and
// exception support slows hot code. Functions that can fail on bad input
// return a Status (or a Result<T>), whose message names the problem; the JS
// layer turns it into an Error carrying the same code.
#ifndef MHA_STATUS_H_
#define MHA_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace mha {

enum class ErrorCode {
  kOk = 0,
  kHeadsDoNotDivide,  // d_model % heads != 0
  kZeroSize,          // n, d_model or heads is zero (or negative)
  kShapeMismatch,     // a matrix or vector has the wrong shape
  kNonFinite,         // NaN or ±Infinity in an input
  kTooLarge,          // n or d_model beyond the limits in limits.h
  kBadJson,           // malformed JSON, or JSON of the wrong structure
  kOutOfRange,        // a setting outside its allowed range (training core)
  kBadType,           // a setting of the wrong kind, or an unknown name
  kUnsupported,       // well-formed, but a model family or option the core
                      // does not run (the message says what it supports)
};

// Stable machine-readable name, e.g. "HEADS_DO_NOT_DIVIDE"; the JS Error's
// `code` property carries it.
const char* error_code_name(ErrorCode code);

struct Status {
  ErrorCode code = ErrorCode::kOk;
  std::string message;

  bool ok() const { return code == ErrorCode::kOk; }
  static Status Ok() { return {}; }
  static Status Error(ErrorCode code, std::string message) {
    return {code, std::move(message)};
  }
};

// Either a value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace mha

#endif  // MHA_STATUS_H_
