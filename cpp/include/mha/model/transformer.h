// Forward and backward passes of the trainable transformer (model.h), over a
// batch of B sequences of n tokens each (n ≤ context).
//
// Layout: activations of the whole batch are stacked, so row b·n + t of a
// (B·n) × D matrix is sequence b, position t. Attention weights are stacked
// per (sequence, head): rows ((b·H + h)·n + i) of a (B·H·n) × n matrix hold
// query i's weights over keys 0..n-1 (zero right of the diagonal).
//
// Ablation: `ablated` flags heads to zero before W_O (their output z is
// replaced by 0, so only b_O remains of an all-ablated layer); their weights
// are still computed and stored, so they can be drawn.
//
// Positions: token t of sequence b gets position embedding row
// position_starts[b] + t (0 + t when position_starts is empty). Training can
// shift each sequence by a random start so that absolute position is no use
// as a shortcut, only relative position (see data.h).
#ifndef MHA_MODEL_TRANSFORMER_H_
#define MHA_MODEL_TRANSFORMER_H_

#include <cstdint>
#include <vector>

#include "mha/model/model.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha::model {

// Everything one layer's backward pass needs. R = B·n rows.
struct LayerCache {
  Matrix x_in;      // R × D: residual stream entering the layer
  Matrix ln1_hat;   // R × D: normalised x_in (before gain and bias)
  Matrix ln1_rstd;  // R × 1
  Matrix ln1_out;   // R × D: LN₁(x_in), the attention's input
  Matrix q, k, v;  // R × D: projections; head h is columns [h·d_k, (h+1)·d_k)
  Matrix weights;  // (B·H·n) × n: attention weights (see the layout above)
  Matrix z;        // R × D: head outputs side by side (0 for ablated heads)
  Matrix x_mid;    // R × D: x_in + attention output
  // MLP only:
  Matrix ln2_hat;   // R × D
  Matrix ln2_rstd;  // R × 1
  Matrix ln2_out;   // R × D: LN₂(x_mid)
  Matrix pre;       // R × F: LN₂(x_mid)·W₁ + b₁
  Matrix post;      // R × F: act(pre)
};

// What one forward keeps and computes beyond the residual stream. The
// defaults keep everything backward() needs (training); inference asks for
// less, so a 50,257-token vocabulary and a 24-layer model stay cheap.
struct ForwardOptions {
  // Every layer's intermediates, for backward(). false: one layer's worth
  // is reused (cache->layers[l] then holds only `weights`, if kept).
  bool keep_intermediates = true;
  // Every layer's attention weights in cache->layers[l].weights.
  bool keep_attention = true;
  // The stacked rows (b·n + t) whose logits are computed, in this order:
  // cache->logits gets one row per entry. kAllLogitRows = every row.
  std::vector<int> logit_rows = {kAllLogitRows};
  static constexpr int kAllLogitRows = -1;
};

// Options of a look at the model that backward() will not follow: only the
// attention weights (when `attention`) and the logits of `rows`.
ForwardOptions inference_options(bool attention, std::vector<int> rows);

struct ForwardCache {
  int batch = 0, n = 0;
  std::vector<int> tokens;            // B·n input ids
  std::vector<std::uint8_t> ablated;  // L·H flags (empty: none)
  std::vector<int> position_starts;   // B first positions (empty: all 0)
  std::vector<LayerCache> layers;
  Matrix x_final;               // R × D: residual stream after the last layer
  Matrix lnf_hat;               // R × D
  Matrix lnf_rstd;              // R × 1
  Matrix lnf_out;               // R × D: LN_f(x_final)
  Matrix logits;                // R × V, or one row per requested logit row
  std::vector<int> logit_rows;  // the rows of logits (empty: all R)
  LayerCache scratch;           // the reused layer without intermediates
  std::vector<float> panels;    // a weight packed for the SIMD kernels
};

// The most working memory one forward may need, in floats: activations
// (B·n rows of D or F) plus attention weights (L·B·H·n·n). Keeps a batch
// within a browser's wasm heap; larger requests get kTooLarge.
inline constexpr long long kMaxForwardFloats = 1LL << 26;  // 256 MiB

// The estimate compared with kMaxForwardFloats.
long long forward_floats(const ModelConfig& config, int batch, int n,
                         const ForwardOptions& options = {});

// Checks the sizes alone: 1 ≤ batch, 1 ≤ n ≤ context, and the working size
// (kMaxForwardFloats).
Status check_batch_shape(const ModelConfig& config, int batch, int n,
                         const ForwardOptions& options = {});

// Checks the sizes (check_batch_shape), every token id in [0, vocab),
// `ablated` empty or of length layers·heads, and position_starts empty or B
// starts with 0 ≤ start and start + n ≤ context.
// options.logit_rows: kAllLogitRows alone, or rows in [0, batch·n)
// (kOutOfRange).
Status check_forward_input(const ModelConfig& config, const int* tokens,
                           int batch, int n,
                           const std::vector<std::uint8_t>& ablated,
                           const std::vector<int>& position_starts = {},
                           const ForwardOptions& options = {});

// Runs the model on tokens (B × n ids, row-major) and fills *cache (its
// buffers are reused between calls of the same size). ablated: L·H flags,
// index l·H + h, non-zero = head h of layer l is zeroed; empty = none.
// position_starts: B first positions, or empty for 0.
// Precondition: check_weights(weights, limits).ok() for the model's limits.
Status forward(const Weights& weights, const int* tokens, int batch, int n,
               const std::vector<std::uint8_t>& ablated, ForwardCache* cache,
               const std::vector<int>& position_starts = {},
               const ForwardOptions& options = {});

// Back-propagates d_logits ((B·n) × V, the gradient of the loss with respect
// to cache.logits) through the model and writes every parameter's gradient
// into *grads (which must have the model's shapes, e.g. zero_weights; it is
// overwritten, not accumulated). Precondition: the forward kept its
// intermediates and every logit row (the default options), and the model
// has trainable_conventions().
void backward(const Weights& weights, const ForwardCache& cache,
              const ConstMatrixRef& d_logits, Weights* grads);

// The attention weights of head h of layer l for sequence b: an n × n block
// of cache.layers[l].weights.
inline auto head_weights(const ForwardCache& cache, int layer, int b, int head,
                         int heads) {
  return cache.layers[layer].weights.middleRows(
      (static_cast<Eigen::Index>(b) * heads + head) * cache.n, cache.n);
}

// Every layer's attention weights of a forward on one sequence (batch 1),
// layer after layer, each layer's (H·n) × n block as in LayerCache::weights:
// L × H × n × n floats, written into *out (resized).
void stack_attention_weights(const ForwardCache& cache,
                             std::vector<float>* out);

}  // namespace mha::model

#endif  // MHA_MODEL_TRANSFORMER_H_
