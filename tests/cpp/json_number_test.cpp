// The fast JSON number reader of weights documents against std::strtof, the
// parser nlohmann's DOM uses: bit-identical on random floats in every
// format our writer and other writers produce, and on the hard cases.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "../../cpp/src/weights_json_reader.h"

namespace mha::internal {
namespace {

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void ExpectLikeStrtof(const std::string& token) {
  const bool integer = token.find_first_of(".eE") == std::string::npos;
  const float want =
      integer ? static_cast<float>(std::strtod(token.c_str(), nullptr))
              : std::strtof(token.c_str(), nullptr);
  const float got = token_float(token, integer);
  EXPECT_TRUE(SameBits(got, integer && want == 0 ? 0.0f : want))
      << token << ": " << got << " vs " << want;
}

TEST(TokenFloat, RandomFloatsInManyFormatsMatchStrtof) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::uint32_t> bits;
  const char* formats[] = {"%.9g", "%.6g", "%.8e", "%.3f", "%.12g", "%.1e"};
  char buffer[64];
  for (int i = 0; i < 60000; ++i) {
    std::uint32_t b = bits(rng);
    float f;
    std::memcpy(&f, &b, sizeof f);
    if (!std::isfinite(f)) continue;
    // Weights-like magnitudes most of the time, any float otherwise.
    if (i % 4 != 0) f = std::ldexp(f, -std::ilogb(f == 0 ? 1 : f) - 3);
    std::snprintf(buffer, sizeof buffer, formats[i % 6], f);
    ExpectLikeStrtof(buffer);
  }
}

TEST(TokenFloat, HardCases) {
  for (const char* token :
       {"0", "-0", "0.0", "-0.0", "1", "16777216", "16777217", "16777219",
        "0.1", "1e-45", "1.4e-45", "1.17549435e-38", "3.4028235e38",
        "3.4028236e38", "1e39", "-1e39", "2.5e-39",
        // Midpoints between two floats, written exactly:
        "1.00000005960464477539062500", "16777217.0",
        "0.500000029802322387695312", "123456789012345678901234567890",
        "9007199254740993", "1e22", "1e23", "4.7019774e-38", "7.038531e-26"}) {
    ExpectLikeStrtof(token);
  }
}

}  // namespace
}  // namespace mha::internal
