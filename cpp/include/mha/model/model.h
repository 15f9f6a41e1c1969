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

// The largest value of each size a config may have.
struct ModelLimits {
  int vocab, context, d_model, layers, d_mlp;
};
// A model the core trains (the constants above).
inline constexpr ModelLimits kTrainableLimits = {
    kMaxVocab, kMaxContext, kMaxModelWidth, kMaxLayers, kMaxMlpWidth};
// A model loaded from a checkpoint for inference only (gpt_checkpoint.h):
// room for GPT-2 medium (24 layers, d_model 1024, 50,257 tokens, 1,024
// positions) and GPT-Neo's 2,048 positions. The weights' total size has its
// own limit, kMaxLoadedParameters.
inline constexpr ModelLimits kLoadedLimits = {65536, 2048, 2048, 48, 8192};

struct ModelConfig {
  int vocab = 96;     // V: token ids are 0..V-1
  int context = 128;  // T_max: learned positions, the longest input
  int d_model = 64;   // D: width of the residual stream
  int heads = 4;      // H: heads per layer, d_k = D / H each
  int layers = 2;     // L
  bool mlp = false;   // false: an attention-only model
  int d_mlp = 256;    // F: hidden width of the MLP (when mlp is true)
  Activation activation = Activation::kGelu;

  // ---- Conventions of loaded checkpoints (defaults: the trainable model) ----
  float layer_norm_epsilon = 1e-5f;  // ε of every LayerNorm
  bool scale_scores = true;          // false: scores Q·Kᵀ without 1/√d_k
  // Per layer, the number of most recent keys a query sees (itself
  // included): 0 = every earlier key (global), w > 0 = keys i−w+1..i (a
  // local layer, as GPT-Neo's). Empty = every layer global.
  std::vector<int> attention_windows;
  // true: the unembedding is the token embedding, W_U = Eᵀ, used in place
  // (Weights::unembedding stays empty).
  bool tied_unembedding = false;

  int d_k() const { return heads > 0 ? d_model / heads : 0; }
  // The window of layer l (0 = global).
  int window(int layer) const {
    return attention_windows.empty() ? 0 : attention_windows[layer];
  }
};

// Every field in range: sizes ≥ 1 and within `limits`, heads divide
// d_model, a finite ε > 0, attention_windows empty or one per layer, each
// ≥ 0. The message names the field.
Status check_config(const ModelConfig& config,
                    const ModelLimits& limits = kTrainableLimits);

// True when the config uses only what training supports (backward()): the
// default conventions above.
bool trainable_conventions(const ModelConfig& config);

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
  Matrix unembedding;         // D × V   (W_U); 0 × 0 when tied
};

// logits = x·W_U for the model's W_U (Eᵀ in place when tied).
// x: R × D. logits: resized to R × V.
void unembed(const Weights& weights, const ConstMatrixRef& x, Matrix* logits);

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

// Every tensor's name and shape for a config, in tensors() order, worked
// out without allocating.
struct TensorShape {
  std::string name;
  int rows = 0, cols = 0;
};
std::vector<TensorShape> tensor_shapes(const ModelConfig& config);

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
Status check_weights(const Weights& weights,
                     const ModelLimits& limits = kTrainableLimits);

}  // namespace mha::model

#endif  // MHA_MODEL_MODEL_H_
