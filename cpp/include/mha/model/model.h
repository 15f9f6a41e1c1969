// A small decoder-only transformer that the core can train (GPT-2's layout,
// Radford et al. 2019, at toy size):
//
//   x₀      = E[token] + P[position]                     embeddings
//   for each of the L layers:
//     x    += MultiHead(LN₁(x)) · W_O + b_O               causal attention
//     x    += act(LN₂(x) · W₁ + b₁) · W₂ + b₂             optional MLP
//   logits  = LN_f(x) · W_U                              unembedding
//   loss    = mean cross-entropy of logits against the next token
//
// "Pre-LayerNorm": each sublayer reads a normalised copy of the residual
// stream x and adds its output back. Attention is causal (token i sees
// tokens 0..i). Head h owns columns [h·d_k, (h+1)·d_k) of W_Q, W_K, W_V and
// the same rows of W_O, as in mha/multi_head.h.
//
// Every weight is a row-major float Matrix (vectors are 1 × n), applied as
// x·W. tensors() lists them by name in one fixed order, which the optimizer,
// the gradient check and the checkpoint format all follow.
#ifndef MHA_MODEL_MODEL_H_
#define MHA_MODEL_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "mha/status.h"
#include "mha/types.h"

namespace mha::model {

enum class Activation { kGelu, kRelu };

// "gelu" or "relu".
const char* activation_name(Activation activation);

// Limits on a trainable model, so a model (and its optimizer state) always
// fits a browser's wasm heap.
inline constexpr int kMaxVocab = 1024;
inline constexpr int kMaxContext = 1024;
inline constexpr int kMaxModelWidth = 1024;
inline constexpr int kMaxLayers = 16;
inline constexpr int kMaxMlpWidth = 4096;

struct ModelConfig {
  int vocab = 96;     // V: token ids are 0..V-1
  int context = 128;  // T_max: learned positions, the longest input
  int d_model = 64;   // D: width of the residual stream
  int heads = 4;      // H: heads per layer, d_k = D / H each
  int layers = 2;     // L
  bool mlp = false;   // false: an attention-only model
  int d_mlp = 256;    // F: hidden width of the MLP (when mlp is true)
  Activation activation = Activation::kGelu;

  int d_k() const { return heads > 0 ? d_model / heads : 0; }
};

// Every field in range: sizes ≥ 1 and within the limits above, heads divide
// d_model. The message names the field.
Status check_config(const ModelConfig& config);

struct LayerWeights {
  Matrix ln1_gain, ln1_bias;  // 1 × D each
  Matrix wq, wk, wv, wo;      // D × D each
  Matrix bq, bk, bv, bo;      // 1 × D each
  // MLP only (0 × 0 when config.mlp is false):
  Matrix ln2_gain, ln2_bias;  // 1 × D each
  Matrix w1;                  // D × F
  Matrix b1;                  // 1 × F
  Matrix w2;                  // F × D
  Matrix b2;                  // 1 × D
};

struct Weights {
  ModelConfig config;
  Matrix token_embedding;     // V × D   (E)
  Matrix position_embedding;  // T_max × D   (P)
  std::vector<LayerWeights> layers;
  Matrix lnf_gain, lnf_bias;  // 1 × D each
  Matrix unembedding;         // D × V   (W_U)
};

// A named view of one parameter tensor. Names: "token_embedding",
// "position_embedding", "layers.0.wq", …, "lnf_gain", "unembedding".
struct TensorRef {
  std::string name;
  Matrix* tensor;
};
struct ConstTensorRef {
  std::string name;
  const Matrix* tensor;
};

// Every parameter tensor, in the fixed order: embeddings, then per layer
// ln1_gain ln1_bias wq bq wk bk wv bv wo bo [ln2_gain ln2_bias w1 b1 w2 b2],
// then lnf_gain lnf_bias unembedding.
std::vector<TensorRef> tensors(Weights* weights);
std::vector<ConstTensorRef> tensors(const Weights& weights);

// Number of scalar parameters.
long long parameter_count(const Weights& weights);
// The same count worked out from the sizes alone, before any allocation
// (equal to parameter_count(zero_weights(config))).
long long parameter_count(const ModelConfig& config);

// Weights of the right shapes, all zero (used for gradients and Adam's
// moments). Precondition: check_config(config).ok().
Weights zero_weights(const ModelConfig& config);

enum class PositionInit {
  kNormal,      // N(0, std²) like every other embedding
  kSinusoidal,  // Vaswani et al.'s sinusoids (mha/positional.h), scaled to
                // the same RMS std, then learned like any other weight
};

struct InitConfig {
  float std = 0.02f;  // GPT-2's 0.02; tiny models learn sooner with 1/√D
  PositionInit positions = PositionInit::kNormal;
  // RMS of the position table relative to std (1: the same as the tokens).
  float position_scale = 1.0f;
};

// Seeded initialisation, after GPT-2: every matrix and embedding from
// N(0, std²); the residual-writing W_O and W₂ scaled by 1/√(2L); biases 0;
// LayerNorm gains 1. Tensors are filled in tensors() order from one Rng(seed)
// stream, so a seed gives the same model natively and in wasm. With
// kSinusoidal the position table starts from sinusoids instead (it still
// consumes its normal draws, so the other tensors do not change): an offset
// such as "the previous token" is then one linear map away for every
// position at once.
Result<Weights> init_weights(const ModelConfig& config, std::uint32_t seed,
                             const InitConfig& init = {});

// Checks that every tensor has the shape config asks for and is finite.
Status check_weights(const Weights& weights);

}  // namespace mha::model

#endif  // MHA_MODEL_MODEL_H_
