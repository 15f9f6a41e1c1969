#include "mha/model/rng.h"

#include <cmath>

namespace mha::model {

int Rng::uniform_int(int n) {
  const std::uint32_t range = static_cast<std::uint32_t>(n);
  // 2³² mod n: draws below it belong to the incomplete block, so reject them.
  const std::uint32_t threshold = (0u - range) % range;
  std::uint32_t r = next_u32();
  while (r < threshold) r = next_u32();
  return static_cast<int>(r % range);
}

float Rng::uniform_float() {
  return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);
}

float Rng::normal() {
  constexpr double kTwoPi = 6.283185307179586;
  // u1 in (0, 1], so the logarithm is finite; u2 in [0, 1).
  const double u1 = (static_cast<double>(next_u32()) + 1.0) / 4294967296.0;
  const double u2 = static_cast<double>(next_u32()) / 4294967296.0;
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) *
                            std::cos(kTwoPi * u2));
}

}  // namespace mha::model
