// Fuzzes the safetensors reader, mha::model::read_safetensors_header and
// tensor_floats, on raw bytes.
//
// Properties, each a __builtin_trap() when broken:
//   - a failure has a non-empty message;
//   - a header that reads has tensors that tile its data exactly: sorted,
//     each starting where the one before ended, each (elements × dtype size)
//     bytes long, the last ending at the end of the file;
//   - every float tensor converts, or fails with kNonFinite;
//   - the two-step reading (length, then header) agrees with the one-step.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mha/model/safetensors.h"
#include "mha/status.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace m = mha::model;
  const mha::Result<m::SafetensorsHeader> r =
      m::read_safetensors_header(data, size);
  if (!r.ok()) {
    if (r.status().message.empty()) __builtin_trap();
    return 0;
  }
  const m::SafetensorsHeader& h = r.value();
  if (h.data_start + h.data_bytes != size) __builtin_trap();
  std::uint64_t at = 0;
  for (const m::TensorEntry& t : h.tensors) {
    if (t.begin != at || t.end < t.begin) __builtin_trap();
    if (t.end - t.begin !=
        static_cast<std::uint64_t>(t.elements()) * m::dtype_bytes(t.dtype)) {
      __builtin_trap();
    }
    at = t.end;
    if (!m::is_float_weight(t.dtype)) continue;
    std::vector<float> out(static_cast<std::size_t>(t.elements()));
    const mha::Status s = m::tensor_floats(t, data + h.data_start, out.data());
    if (!s.ok() && s.code != mha::ErrorCode::kNonFinite) __builtin_trap();
  }
  if (at != h.data_bytes) __builtin_trap();
  const mha::Result<std::uint64_t> n = m::safetensors_header_length(data, size);
  if (!n.ok() || n.value() != h.header_bytes) __builtin_trap();
  return 0;
}
