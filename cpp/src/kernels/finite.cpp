// all_finite (kernels.h): a float is NaN or ±Infinity exactly when its
// exponent bits, 0x7f800000, are all set. The test ORs that condition over
// blocks of floats and stops at the first block that has one, so a clean
// matrix costs one read of its memory.
#include <cstdint>
#include <cstring>

#include "mha/kernels.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace mha::kernels {
namespace {

constexpr std::uint32_t kExponentBits = 0x7f800000u;

// Floats between two looks at the accumulated flags.
constexpr std::size_t kBlock = 1024;

bool finite_scalar(const float* values, std::size_t count) {
  std::uint32_t bad = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, values + i, sizeof bits);
    bad |= static_cast<std::uint32_t>((bits & kExponentBits) == kExponentBits);
  }
  return bad == 0;
}

}  // namespace

bool all_finite(const float* values, std::size_t count) {
  std::size_t i = 0;
#ifdef __wasm_simd128__
  const v128_t exponent = wasm_i32x4_splat(static_cast<int>(kExponentBits));
  const auto bad_lanes = [&](std::size_t at) {
    const v128_t bits = wasm_v128_and(wasm_v128_load(values + at), exponent);
    return wasm_i32x4_eq(bits, exponent);
  };
  while (i + 16 <= count) {
    const std::size_t end = i + kBlock < count ? i + kBlock : count;
    v128_t bad = wasm_i32x4_splat(0);
    for (; i + 16 <= end; i += 16) {
      bad = wasm_v128_or(bad, wasm_v128_or(bad_lanes(i), bad_lanes(i + 4)));
      bad =
          wasm_v128_or(bad, wasm_v128_or(bad_lanes(i + 8), bad_lanes(i + 12)));
    }
    if (wasm_v128_any_true(bad)) return false;
  }
#else
  for (; i + kBlock <= count; i += kBlock) {
    if (!finite_scalar(values + i, kBlock)) return false;
  }
#endif
  return finite_scalar(values + i, count - i);
}

}  // namespace mha::kernels
