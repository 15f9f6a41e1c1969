#include "mha/status.h"

namespace mha {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "OK";
    case ErrorCode::kHeadsDoNotDivide:
      return "HEADS_DO_NOT_DIVIDE";
    case ErrorCode::kZeroSize:
      return "ZERO_SIZE";
    case ErrorCode::kShapeMismatch:
      return "SHAPE_MISMATCH";
    case ErrorCode::kNonFinite:
      return "NON_FINITE";
    case ErrorCode::kTooLarge:
      return "TOO_LARGE";
    case ErrorCode::kBadJson:
      return "BAD_JSON";
    case ErrorCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case ErrorCode::kBadType:
      return "BAD_TYPE";
    case ErrorCode::kUnsupported:
      return "UNSUPPORTED";
  }
  return "UNKNOWN";
}

}  // namespace mha
