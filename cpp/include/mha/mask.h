// Attention masks: which (query, key) cells may not be attended.
//
// Three kinds combine freely:
//   - none: every query sees every key;
//   - causal: query i sees keys 0..i only (a decoder);
//   - key padding: keep[j] == 0 hides key j from every query.
#ifndef MHA_MASK_H_
#define MHA_MASK_H_

#include <cstdint>
#include <vector>

#include "mha/types.h"

namespace mha {

struct Mask {
  bool causal = false;
  // keep: n flags, one per key token; 0 marks padding. Empty means keep all.
  std::vector<std::uint8_t> keep;

  static Mask None() { return {}; }
  static Mask Causal() { return {true, {}}; }
  static Mask KeyPadding(std::vector<std::uint8_t> keep) {
    return {false, std::move(keep)};
  }
};

// True when `query` may not attend to `key` under `mask`.
bool is_masked(const Mask& mask, int query, int key);

// Sets every masked cell of `scores` to -infinity.
// scores: n_queries × n_keys, row-major.
void apply_mask(const Mask& mask, MatrixRef scores);

}  // namespace mha

#endif  // MHA_MASK_H_
