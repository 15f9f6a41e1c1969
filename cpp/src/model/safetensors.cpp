#include "mha/model/safetensors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "../json_object.h"

namespace mha::model {
namespace {

using Json = nlohmann::json;

// The largest element count a tensor may claim: 2^53, so counts and byte
// sizes stay exact in every type they pass through.
constexpr std::int64_t kMaxElements = std::int64_t{1} << 53;

Status bad_json(const std::string& message) {
  return Status::Error(ErrorCode::kBadJson, "safetensors: " + message);
}

Status bad_tensor(ErrorCode code, const std::string& name,
                  const std::string& problem) {
  return Status::Error(code, "safetensors: tensor \"" + name + "\" " + problem);
}

bool parse_dtype(const std::string& text, TensorDtype* out) {
  for (int i = 0; i <= static_cast<int>(TensorDtype::kF8E5M2); ++i) {
    const TensorDtype d = static_cast<TensorDtype>(i);
    if (text == dtype_name(d)) {
      *out = d;
      return true;
    }
  }
  return false;
}

// A JSON number that is a non-negative integer, as uint64.
bool read_count(const Json& value, std::uint64_t* out) {
  if (value.is_number_unsigned()) {
    *out = value.get<std::uint64_t>();
    return true;
  }
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    *out = static_cast<std::uint64_t>(value.get<std::int64_t>());
    return true;
  }
  return false;
}

// One tensor's entry, checked on its own (the tiling is checked after).
Status read_entry(const std::string& name, const Json& entry,
                  std::uint64_t data_bytes, TensorEntry* out) {
  out->name = name;
  if (!entry.is_object()) {
    return bad_tensor(ErrorCode::kBadJson, name, "must be an object");
  }
  const auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string()) {
    return bad_tensor(ErrorCode::kBadJson, name, "needs a \"dtype\" string");
  }
  if (!parse_dtype(dtype->get<std::string>(), &out->dtype)) {
    return bad_tensor(ErrorCode::kBadType, name,
                      "has dtype \"" + dtype->get<std::string>() +
                          "\", which is not a safetensors dtype");
  }
  const auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array()) {
    return bad_tensor(ErrorCode::kBadJson, name, "needs a \"shape\" array");
  }
  std::int64_t elements = 1;
  for (const Json& dim : *shape) {
    std::uint64_t d = 0;
    if (!read_count(dim, &d)) {
      return bad_tensor(ErrorCode::kBadJson, name,
                        "has a shape entry that is not a non-negative integer");
    }
    if (d != 0 && static_cast<std::uint64_t>(elements) >
                      static_cast<std::uint64_t>(kMaxElements) / d) {
      return bad_tensor(ErrorCode::kShapeMismatch, name,
                        "has more than 2^53 elements");
    }
    elements *= static_cast<std::int64_t>(d);
    out->shape.push_back(static_cast<std::int64_t>(d));
  }
  const auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !read_count((*offsets)[0], &out->begin) ||
      !read_count((*offsets)[1], &out->end)) {
    return bad_tensor(ErrorCode::kBadJson, name,
                      "needs \"data_offsets\": [begin, end], two "
                      "non-negative integers");
  }
  if (out->begin > out->end || out->end > data_bytes) {
    return bad_tensor(ErrorCode::kShapeMismatch, name,
                      "has data_offsets [" + std::to_string(out->begin) + ", " +
                          std::to_string(out->end) + "] outside the data's " +
                          std::to_string(data_bytes) + " bytes");
  }
  const std::uint64_t want =
      static_cast<std::uint64_t>(elements) * dtype_bytes(out->dtype);
  if (out->end - out->begin != want) {
    return bad_tensor(ErrorCode::kShapeMismatch, name,
                      "has " + std::to_string(out->end - out->begin) +
                          " bytes of data, but its shape and dtype need " +
                          std::to_string(want));
  }
  return Status::Ok();
}

// Half precision to single, exactly (subnormals, infinities and NaN too).
float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exponent = (h >> 10) & 0x1fu;
  std::uint32_t mantissa = h & 0x3ffu;
  std::uint32_t bits = 0;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa != 0) {
    // A subnormal half: normalise it.
    exponent = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
  } else {
    bits = sign;
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

}  // namespace

const char* dtype_name(TensorDtype dtype) {
  switch (dtype) {
    case TensorDtype::kF32:
      return "F32";
    case TensorDtype::kF16:
      return "F16";
    case TensorDtype::kBF16:
      return "BF16";
    case TensorDtype::kBool:
      return "BOOL";
    case TensorDtype::kF64:
      return "F64";
    case TensorDtype::kU8:
      return "U8";
    case TensorDtype::kI8:
      return "I8";
    case TensorDtype::kI16:
      return "I16";
    case TensorDtype::kU16:
      return "U16";
    case TensorDtype::kI32:
      return "I32";
    case TensorDtype::kU32:
      return "U32";
    case TensorDtype::kI64:
      return "I64";
    case TensorDtype::kU64:
      return "U64";
    case TensorDtype::kF8E4M3:
      return "F8_E4M3";
    case TensorDtype::kF8E5M2:
      return "F8_E5M2";
  }
  return "?";
}

int dtype_bytes(TensorDtype dtype) {
  switch (dtype) {
    case TensorDtype::kF64:
    case TensorDtype::kI64:
    case TensorDtype::kU64:
      return 8;
    case TensorDtype::kF32:
    case TensorDtype::kI32:
    case TensorDtype::kU32:
      return 4;
    case TensorDtype::kF16:
    case TensorDtype::kBF16:
    case TensorDtype::kI16:
    case TensorDtype::kU16:
      return 2;
    default:
      return 1;
  }
}

bool is_float_weight(TensorDtype dtype) {
  return dtype == TensorDtype::kF32 || dtype == TensorDtype::kF16 ||
         dtype == TensorDtype::kBF16;
}

float decode_weight(TensorDtype dtype, const std::uint8_t* bytes) {
  if (dtype == TensorDtype::kF32) {
    float f;
    std::memcpy(&f, bytes, sizeof f);
    return f;
  }
  const std::uint32_t half = static_cast<std::uint32_t>(bytes[0]) |
                             (static_cast<std::uint32_t>(bytes[1]) << 8);
  if (dtype == TensorDtype::kF16) {
    return half_to_float(static_cast<std::uint16_t>(half));
  }
  const std::uint32_t bits = half << 16;  // BF16: the top half of an F32
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::int64_t TensorEntry::elements() const {
  std::int64_t count = 1;
  for (std::int64_t d : shape) count *= d;
  return count;
}

const TensorEntry* SafetensorsHeader::find(std::string_view name) const {
  for (const TensorEntry& t : tensors) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<std::uint64_t> safetensors_header_length(const std::uint8_t* prefix,
                                                std::uint64_t file_size) {
  if (file_size < kSafetensorsPrefixBytes) {
    return bad_json("the file has " + std::to_string(file_size) +
                    " bytes, fewer than the 8-byte header length");
  }
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | prefix[i];
  if (n > kMaxSafetensorsHeaderBytes) {
    return Status::Error(ErrorCode::kTooLarge,
                         "safetensors: a header of " + std::to_string(n) +
                             " bytes is beyond the format's limit of " +
                             std::to_string(kMaxSafetensorsHeaderBytes));
  }
  if (n > file_size - kSafetensorsPrefixBytes) {
    return bad_json("a header of " + std::to_string(n) +
                    " bytes runs past the end of a " +
                    std::to_string(file_size) + "-byte file (truncated?)");
  }
  return n;
}

Result<SafetensorsHeader> parse_safetensors_header(std::string_view header,
                                                   std::uint64_t file_size) {
  SafetensorsHeader out;
  out.header_bytes = header.size();
  out.data_start = kSafetensorsPrefixBytes + header.size();
  if (file_size < out.data_start) {
    return bad_json("the header is longer than the file");
  }
  out.data_bytes = file_size - out.data_start;
  Result<Json> parsed =
      internal::parse_json_object<Json>(header, "safetensors: the header");
  if (!parsed.ok()) return parsed.status();
  for (const auto& [name, value] : parsed.value().items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) return bad_json("__metadata__ must be an object");
      for (const auto& [key, text] : value.items()) {
        if (!text.is_string()) {
          return bad_json("__metadata__ \"" + key + "\" must be a string");
        }
      }
      out.metadata_json = value.dump();
      continue;
    }
    TensorEntry entry;
    const Status s = read_entry(name, value, out.data_bytes, &entry);
    if (!s.ok()) return s;
    out.tensors.push_back(std::move(entry));
  }
  // The tensors tile the data: no gap, no overlap, nothing after.
  std::sort(out.tensors.begin(), out.tensors.end(),
            [](const TensorEntry& a, const TensorEntry& b) {
              return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
            });
  std::uint64_t at = 0;
  for (const TensorEntry& t : out.tensors) {
    if (t.begin != at) {
      return bad_tensor(ErrorCode::kShapeMismatch, t.name,
                        t.begin < at ? "overlaps the tensor before it"
                                     : "leaves a gap of " +
                                           std::to_string(t.begin - at) +
                                           " bytes before it");
    }
    at = t.end;
  }
  if (at != out.data_bytes) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "safetensors: the tensors cover " +
                             std::to_string(at) + " of the data's " +
                             std::to_string(out.data_bytes) + " bytes");
  }
  return out;
}

Result<SafetensorsHeader> read_safetensors_header(const std::uint8_t* file,
                                                  std::uint64_t file_size) {
  Result<std::uint64_t> n = safetensors_header_length(file, file_size);
  if (!n.ok()) return n.status();
  return parse_safetensors_header(
      std::string_view(
          reinterpret_cast<const char*>(file) + kSafetensorsPrefixBytes,
          static_cast<std::size_t>(n.value())),
      file_size);
}

Status tensor_floats(const TensorEntry& tensor, const std::uint8_t* data,
                     float* out) {
  const std::uint8_t* in = data + tensor.begin;
  const std::int64_t count = tensor.elements();
  if (!is_float_weight(tensor.dtype)) {
    return bad_tensor(ErrorCode::kBadType, tensor.name,
                      "is " + std::string(dtype_name(tensor.dtype)) +
                          ", not a weight (F32, F16 or BF16)");
  }
  if (count == 0) return Status::Ok();  // nothing to copy (out may be null)
  if (tensor.dtype == TensorDtype::kF32) {
    std::memcpy(out, in, static_cast<std::size_t>(count) * 4);
  } else {  // F16 or BF16
    for (std::int64_t i = 0; i < count; ++i) {
      out[i] = decode_weight(tensor.dtype, in + 2 * i);
    }
  }
  for (std::int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(out[i])) {
      return bad_tensor(
          ErrorCode::kNonFinite, tensor.name,
          "has a non-finite value at element " + std::to_string(i));
    }
  }
  return Status::Ok();
}

}  // namespace mha::model
