// A reader of the safetensors format (https://huggingface.co/docs/safetensors),
// written from its specification:
//
//   bytes 0..7     N, a little-endian uint64: the header's length
//   bytes 8..8+N   the header: a UTF-8 JSON object (may end in spaces)
//                    { "__metadata__": { "key": "value", ... },   optional
//                      "<name>": { "dtype": "F32", "shape": [rows, cols],
//                                  "data_offsets": [begin, end] }, ... }
//   bytes 8+N..    the data: every tensor's bytes, little-endian, row-major
//
// data_offsets are relative to the data's start, and the tensors tile it:
// sorted by begin, the first starts at 0, each starts where the previous
// ended, the last ends at the end of the file, and each is exactly
// (product of its shape) × (its dtype's size) bytes long.
//
// Nothing is trusted before it is checked. The header is parsed apart from
// the data (a caller may check it before reading the rest of a large file),
// and every violation is a Status that names the tensor and the problem:
// kBadJson for the structure, kShapeMismatch for sizes and offsets,
// kBadType for an unsupported dtype, kTooLarge for a header beyond
// kMaxSafetensorsHeaderBytes. The core never throws.
#ifndef MHA_MODEL_SAFETENSORS_H_
#define MHA_MODEL_SAFETENSORS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/status.h"

namespace mha::model {

// The length prefix's size, and the longest header accepted (the
// specification's own limit, 100 MB).
inline constexpr std::size_t kSafetensorsPrefixBytes = 8;
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// Every dtype of the specification. Only F32, F16 and BF16 become weights;
// the others (mask buffers stored as BOOL or U8, say) are read past.
enum class TensorDtype {
  kF32,
  kF16,
  kBF16,
  kBool,
  kF64,
  kU8,
  kI8,
  kI16,
  kU16,
  kI32,
  kU32,
  kI64,
  kU64,
  kF8E4M3,
  kF8E5M2,
};

// True for F32, F16 and BF16: the dtypes of weights.
bool is_float_weight(TensorDtype dtype);

// The specification's name ("F32", "BOOL", "F8_E4M3", ...); and each one's
// size in bytes.
const char* dtype_name(TensorDtype dtype);
int dtype_bytes(TensorDtype dtype);

struct TensorEntry {
  std::string name;
  TensorDtype dtype = TensorDtype::kF32;
  std::vector<std::int64_t> shape;   // may be empty: a scalar
  std::uint64_t begin = 0, end = 0;  // byte offsets into the data

  std::int64_t elements() const;  // the product of shape (1 for a scalar)
};

struct SafetensorsHeader {
  std::uint64_t header_bytes = 0;    // N
  std::uint64_t data_start = 0;      // 8 + N: where the data begins
  std::uint64_t data_bytes = 0;      // the file's size − data_start
  std::vector<TensorEntry> tensors;  // in data order (by begin)
  std::string metadata_json = "{}";  // "__metadata__" as JSON text

  // The tensor of this name, or nullptr.
  const TensorEntry* find(std::string_view name) const;
};

// N from the first 8 bytes of a file of `file_size` bytes: kBadJson when the
// file is shorter than the prefix or N runs past its end, kTooLarge beyond
// kMaxSafetensorsHeaderBytes. prefix: at least 8 bytes.
Result<std::uint64_t> safetensors_header_length(const std::uint8_t* prefix,
                                                std::uint64_t file_size);

// Parses and checks the header (the N bytes after the prefix) of a file of
// `file_size` bytes.
Result<SafetensorsHeader> parse_safetensors_header(std::string_view header,
                                                   std::uint64_t file_size);

// Both steps on a whole file in memory.
Result<SafetensorsHeader> read_safetensors_header(const std::uint8_t* file,
                                                  std::uint64_t file_size);

// One F32, F16 or BF16 tensor's elements as floats (F16 and BF16 widened
// exactly), from `data`, the file's data section (data_start onwards);
// out: tensor.elements() floats. Non-finite values are kNonFinite naming
// the tensor; a dtype that is not a float weight's is kBadType.
Status tensor_floats(const TensorEntry& tensor, const std::uint8_t* data,
                     float* out);

// One element of an F32, F16 or BF16 tensor (its dtype_bytes bytes,
// little-endian) as a float, widened exactly.
float decode_weight(TensorDtype dtype, const std::uint8_t* bytes);

}  // namespace mha::model

#endif  // MHA_MODEL_SAFETENSORS_H_
