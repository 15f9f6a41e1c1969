// One head of attention on the kernels (kernels.h), shared by the lean
// forward (lean.cpp) and the full one (multi_head.cpp). Private to the core.
#ifndef MHA_SRC_HEAD_ATTENTION_H_
#define MHA_SRC_HEAD_ATTENTION_H_

#include <vector>

#include "mha/mask.h"

namespace mha::internal {

// Scratch reused across heads and calls; grows, never shrinks.
struct HeadScratch {
  std::vector<float>* k_packed;  // K_hᵀ, d_k × n, packed
  std::vector<float>* v_packed;  // V_h, n × d_k, packed
  std::vector<float>* s;         // one block of scores, kQueryBlock × n
};

// Queries per block: a block of scores (64 × n floats, 512 KB at n = 2048)
// stays in L2 between the softmax and weights·V.
inline constexpr int kQueryBlock = 64;

// out = softmax(scale · Q·Kᵀ, masked) · V for one head (scale is 1/√d_k,
// or 1 for GPT-Neo's unscaled scores).
//   q, k, v:  n × d_k each, row strides ldq, ldk, ldv
//   scores:   n × n (row stride n) receives the scaled scores, masked cells
//             -infinity; nullptr when not wanted
//   weights:  n × n (row stride n) receives the softmax weights, masked
//             cells 0; nullptr when not wanted
//   out:      n × d_k, row stride ldo
void head_attention(int n, int d_k, const float* q, int ldq, const float* k,
                    int ldk, const float* v, int ldv, const Mask& mask,
                    float* scores, float* weights, float* out, int ldo,
                    const HeadScratch& scratch, float scale);

}  // namespace mha::internal

#endif  // MHA_SRC_HEAD_ATTENTION_H_
