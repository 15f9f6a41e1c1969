// Benchmark: median wall time of one multi-head attention forward pass, and
// the GFLOP/s that implies, at the sizes the explainer and GPT-2 use.
//
// FLOPs per forward (multiply and add counted separately):
//   projections Q, K, V, O:   4 · 2·n·d²  = 8·n·d²
//   Q·Kᵀ and weights·V:        2 · 2·n²·d = 4·n²·d
// The per-head contributions the explainer also returns are extra work that
// this count leaves out, so the figure is comparable with other libraries.
//
// Two forwards are timed: "full" (multi_head_attention_unchecked, every
// intermediate) and "lean" (multi_head_attention_lean, the output alone, on
// weights packed once). The inputs are those of bench/run.mjs: the same
// seeded generator (mulberry32), so outputs can be compared across builds.
//
// Usage: mha_bench [--samples N] [--max-seconds S] [--sizes A,B,C,D]
//                  [--json] [--dump DIR] [--lean-only]
//   --json       one JSON object per size instead of the table
//   --dump       writes the lean output of size X to DIR/X.f32 (raw floats)
//   --lean-only  skips the full forward (reported as 0 ms)
// The same source builds natively and to wasm (run with node).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "mha/kernels.h"
#include "mha/lean.h"
#include "mha/multi_head.h"

namespace {

struct Size {
  const char* label;
  int n, d_model, heads;
};

constexpr Size kSizes[] = {
    {"A", 8, 64, 4},
    {"B", 128, 768, 12},
    {"C", 512, 768, 12},
    {"D", 1024, 768, 12},
};

double flops(const Size& s) {
  const double n = s.n, d = s.d_model;
  return 8 * n * d * d + 4 * n * n * d;
}

// rows × cols values in [-scale, scale), exactly as seededUniform() of
// web/lib/random.js makes them for bench/inputs.mjs (mulberry32, then scaled in
// double).
mha::Matrix seeded_matrix(int rows, int cols, std::uint32_t seed,
                          double scale) {
  mha::Matrix m(rows, cols);
  std::uint32_t s = seed;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    s += 0x6d2b79f5u;
    std::uint32_t t = s;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    const double u = static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
    m.data()[i] = static_cast<float>((u * 2 - 1) * scale);
  }
  return m;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// Median seconds per call of `run` over `samples` timed batches; each batch
// repeats it enough times to last about a millisecond or more.
template <typename Run>
double median_seconds(Run run, int samples, double max_seconds) {
  auto start = std::chrono::steady_clock::now();
  run();  // warm-up, and the size of a batch
  const double once = std::max(seconds_since(start), 1e-7);
  const int reps = std::max(1, static_cast<int>(1e-3 / once));
  std::vector<double> times;
  const auto all = std::chrono::steady_clock::now();
  for (int s = 0; s < samples; ++s) {
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) run();
    times.push_back(seconds_since(start) / reps);
    if (s >= 4 && seconds_since(all) > max_seconds) break;
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Timing {
  double full = 0, lean = 0;
  int samples = 0;
};

Timing measure(const Size& size, int samples, double max_seconds,
               const std::string& dump_dir, bool lean_only) {
  const double scale = 1.0 / std::sqrt(static_cast<double>(size.d_model));
  mha::MultiHeadWeights w;
  w.heads = size.heads;
  w.wq = seeded_matrix(size.d_model, size.d_model, 2, scale);
  w.wk = seeded_matrix(size.d_model, size.d_model, 3, scale);
  w.wv = seeded_matrix(size.d_model, size.d_model, 4, scale);
  w.wo = seeded_matrix(size.d_model, size.d_model, 5, scale);
  const mha::Matrix x = seeded_matrix(size.n, size.d_model, 1, 1.0);
  const mha::Mask mask = mha::Mask::None();

  Timing t;
  volatile float sink = 0;
  if (!lean_only) {
    t.full = median_seconds(
        [&] {
          sink = mha::multi_head_attention_unchecked(x, w, mask).output(0, 0);
        },
        samples, max_seconds);
  }

  mha::PackedWeights packed;
  mha::pack_weights_unchecked(w, &packed);
  mha::LeanWorkspace workspace;
  mha::LeanResult result;
  const mha::ForwardRequest request;
  t.lean = median_seconds(
      [&] {
        mha::multi_head_attention_lean_unchecked(x, packed, mask, request,
                                                 &workspace, &result);
        sink = result.output(0, 0);
      },
      samples, max_seconds);
  (void)sink;
  t.samples = samples;
  if (!dump_dir.empty()) {
    const std::string path = dump_dir + "/" + size.label + ".f32";
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
      std::fwrite(result.output.data(), sizeof(float),
                  static_cast<std::size_t>(result.output.size()), f);
      std::fclose(f);
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 7;
  double max_seconds = 20;
  std::string sizes = "A,B,C,D";
  std::string dump_dir;
  bool json = false, lean_only = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--json")) {
      json = true;
    } else if (!std::strcmp(argv[i], "--lean-only")) {
      lean_only = true;
    } else if (!std::strcmp(argv[i], "--samples") && has_value) {
      samples = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--max-seconds") && has_value) {
      max_seconds = std::atof(argv[++i]);
    } else if (!std::strcmp(argv[i], "--sizes") && has_value) {
      sizes = argv[++i];
    } else if (!std::strcmp(argv[i], "--dump") && has_value) {
      dump_dir = argv[++i];
    }
  }
#ifdef __EMSCRIPTEN__
  const char* build = "wasm";
#else
  const char* build = "native";
#endif
  if (!json) {
    std::printf("%-6s %-4s %5s %7s %5s %12s %9s %12s %9s %8s\n", "build",
                "size", "n", "d_model", "heads", "full_ms", "GFLOP/s",
                "lean_ms", "GFLOP/s", "samples");
  }
  for (const Size& size : kSizes) {
    if (sizes.find(size.label) == std::string::npos) continue;
    const Timing t = measure(size, samples, max_seconds, dump_dir, lean_only);
    if (json) {
      std::printf(
          "{\"build\":\"%s\",\"simd128\":%s,\"size\":\"%s\",\"n\":%d,"
          "\"dModel\":%d,\"heads\":%d,\"fullMs\":%.6f,\"leanMs\":%.6f,"
          "\"samples\":%d}\n",
          build, mha::kernels::simd128() ? "true" : "false", size.label, size.n,
          size.d_model, size.heads, t.full * 1e3, t.lean * 1e3, t.samples);
    } else {
      std::printf("%-6s %-4s %5d %7d %5d %12.4f %9.2f %12.4f %9.2f %8d\n",
                  build, size.label, size.n, size.d_model, size.heads,
                  t.full * 1e3, t.full > 0 ? flops(size) / t.full * 1e-9 : 0,
                  t.lean * 1e3, flops(size) / t.lean * 1e-9, t.samples);
    }
    std::fflush(stdout);
  }
  return 0;
}
