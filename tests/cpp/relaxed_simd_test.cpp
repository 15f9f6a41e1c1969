// Which kernels this test executable runs: mha_tests (SIMD128 in the wasm
// build, portable natively) must not report relaxed SIMD, and
// mha_tests_relaxed must, so the relaxed suite cannot silently test the
// SIMD128 kernels. MHA_EXPECT_RELAXED_SIMD is set by tests/cpp/CMakeLists.txt.
#include <gtest/gtest.h>

#include "mha/kernels.h"

TEST(KernelBuild, RelaxedSimdIsWhatThisExecutableWasBuiltFor) {
  EXPECT_EQ(mha::kernels::relaxed_simd(), MHA_EXPECT_RELAXED_SIMD != 0);
#ifdef __EMSCRIPTEN__
  EXPECT_TRUE(mha::kernels::simd128());
#else
  EXPECT_FALSE(mha::kernels::simd128());
#endif
}
