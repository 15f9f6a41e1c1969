// A seeded random-number generator whose output is the same on every
// platform (native and wasm alike).
//
// std::mt19937 is fully specified by the C++ standard, so its 32-bit stream
// is portable; the std::*_distribution classes are not (libstdc++ and
// Emscripten's libc++ may turn the same stream into different numbers). So
// this class draws its integers, floats and normals itself, from the raw
// stream, by the documented methods below.
#ifndef MHA_MODEL_RNG_H_
#define MHA_MODEL_RNG_H_

#include <cstdint>
#include <random>

namespace mha::model {

class Rng {
 public:
  explicit Rng(std::uint32_t seed) : engine_(seed) {}

  // The next raw 32-bit output of std::mt19937.
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(engine_()); }

  // Uniform integer in [0, n), n ≥ 1, without modulo bias: draws are
  // rejected while they fall in the last, incomplete block of n values.
  int uniform_int(int n);

  // Uniform float in [0, 1) from the top 24 bits of one draw.
  float uniform_float();

  // Standard normal N(0, 1) by the Box–Muller transform on two draws,
  // computed in double. (std::log and std::cos may differ by an ulp between
  // C libraries; after rounding to float the result almost never does.)
  float normal();

 private:
  std::mt19937 engine_;
};

}  // namespace mha::model

#endif  // MHA_MODEL_RNG_H_
