// Benchmark: median wall time of one multi-head attention forward pass, and
// the GFLOP/s that implies, at the sizes the explainer and GPT-2 use.
//
// FLOPs per forward (multiply and add counted separately):
//   projections Q, K, V, O:   4 · 2·n·d²  = 8·n·d²
//   Q·Kᵀ and weights·V:        2 · 2·n²·d = 4·n²·d
// The per-head contributions the explainer also returns are extra work that
// this count leaves out, so the figure is comparable with other libraries.
//
// Usage: mha_bench [--samples N] [--max-seconds S] [--sizes A,B,C,D]
// The same source builds natively and to wasm (run with node).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

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

mha::Matrix random_matrix(std::mt19937& rng, int rows, int cols, float scale) {
  std::uniform_real_distribution<float> dist(-scale, scale);
  mha::Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = dist(rng);
  return m;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// Median seconds per forward over `samples` timed batches; each batch repeats
// the forward enough times to last about a millisecond or more.
double median_seconds(const Size& size, int samples, double max_seconds) {
  std::mt19937 rng(42);
  const float scale = 1.0f / std::sqrt(static_cast<float>(size.d_model));
  mha::MultiHeadWeights w;
  w.heads = size.heads;
  w.wq = random_matrix(rng, size.d_model, size.d_model, scale);
  w.wk = random_matrix(rng, size.d_model, size.d_model, scale);
  w.wv = random_matrix(rng, size.d_model, size.d_model, scale);
  w.wo = random_matrix(rng, size.d_model, size.d_model, scale);
  const mha::Matrix x = random_matrix(rng, size.n, size.d_model, 1.0f);
  const mha::Mask mask = mha::Mask::None();

  // Warm up, and size a batch from the first timing.
  auto start = std::chrono::steady_clock::now();
  volatile float sink =
      mha::multi_head_attention_unchecked(x, w, mask).output(0, 0);
  const double once = std::max(seconds_since(start), 1e-7);
  const int reps = std::max(1, static_cast<int>(1e-3 / once));

  std::vector<double> times;
  const auto all = std::chrono::steady_clock::now();
  for (int s = 0; s < samples; ++s) {
    start = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) {
      sink = mha::multi_head_attention_unchecked(x, w, mask).output(0, 0);
    }
    times.push_back(seconds_since(start) / reps);
    if (s >= 2 && seconds_since(all) > max_seconds) break;
  }
  (void)sink;
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 7;
  double max_seconds = 20;
  std::string sizes = "A,B,C,D";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--samples")) samples = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--max-seconds"))
      max_seconds = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--sizes")) sizes = argv[i + 1];
  }
#ifdef __EMSCRIPTEN__
  const char* build = "wasm";
#else
  const char* build = "native";
#endif
  std::printf("%-6s %-4s %5s %7s %5s %12s %9s %8s\n", "build", "size", "n",
              "d_model", "heads", "median_ms", "GFLOP/s", "samples");
  for (const Size& size : kSizes) {
    if (sizes.find(size.label) == std::string::npos) continue;
    const double t = median_seconds(size, samples, max_seconds);
    std::printf("%-6s %-4s %5d %7d %5d %12.4f %9.2f %8d\n", build, size.label,
                size.n, size.d_model, size.heads, t * 1e3,
                flops(size) / t * 1e-9, samples);
    std::fflush(stdout);
  }
  return 0;
}
