// Pretrained language models from Hugging Face checkpoints: a config.json
// and a model.safetensors (safetensors.h), mapped by name onto the core's
// model (model.h) for inference. Two families, written from Hugging Face's
// modelling code (transformers/models/gpt2/modeling_gpt2.py and
// gpt_neo/modeling_gpt_neo.py; docs/MODEL.md lists every convention):
//
// GPT-2 (model_type "gpt2"). Names, each optionally under "transformer.":
//   wte.weight [V, D]              token_embedding; also W_U = wteᵀ (tied)
//   wpe.weight [T, D]              position_embedding
//   h.{l}.ln_1.weight/.bias [D]    ln1_gain / ln1_bias
//   h.{l}.attn.c_attn.weight [D, 3D], .bias [3D]
//                                  Conv1D (y = x·W + b): columns [0, D) are
//                                  W_Q, [D, 2D) W_K, [2D, 3D) W_V
//   h.{l}.attn.c_proj.weight [D, D], .bias [D]       wo / bo
//   h.{l}.ln_2.weight/.bias [D]                      ln2_gain / ln2_bias
//   h.{l}.mlp.c_fc.weight [D, F], .bias [F]          w1 / b1
//   h.{l}.mlp.c_proj.weight [F, D], .bias [D]        w2 / b2
//   ln_f.weight/.bias [D]                            lnf_gain / lnf_bias
//   lm_head.weight [V, D]          W_U = lm_headᵀ when tie_word_embeddings
//                                  is false; ignored when tied
//   Scores are scaled by 1/√d_k (scale_attn_weights), ε = layer_norm_epsilon.
// GPT-Neo (model_type "gpt_neo"), each optionally under "transformer.":
//   wte, wpe, h.{l}.ln_1, h.{l}.ln_2, ln_f as above;
//   h.{l}.attn.attention.{q,k,v}_proj.weight [D, D]  nn.Linear, stored
//                                  [out, in] (y = x·Wᵀ), no bias
//   h.{l}.attn.attention.out_proj.weight [D, D], .bias [D]
//   h.{l}.mlp.c_fc.weight [F, D], .bias [F]; h.{l}.mlp.c_proj.weight [D, F]
//   Scores are NOT scaled; a "local" layer (attention_layers, or
//   attention_types expanded) sees only the last window_size keys.
// Both: tanh GELU ("gelu_new"), pre-LayerNorm blocks, causal attention.
//
// Skipped, never weights: BOOL tensors, the mask buffers "….attn.bias" and
// "….attn.masked_bias" (GPT-2) / "….attn.attention.bias" and "…masked_bias"
// (GPT-Neo), a tied lm_head, and any other name (listed in skipped()). A
// missing tensor, a wrong shape, a dtype other than F32/F16/BF16 for a
// weight, or a config outside kLoadedLimits is an error naming it.
//
// Loading streams: the caller reads the 8-byte prefix and the header, makes
// a PretrainedLoader from them and the config (every check that needs no
// data happens here, before any allocation), allocates, then feeds the data
// section in chunks of any size, in order. Each element goes straight to
// its place in the model (F16/BF16 widened exactly), so the peak extra
// memory is the caller's one chunk.
#ifndef MHA_MODEL_PRETRAINED_H_
#define MHA_MODEL_PRETRAINED_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/model/model.h"
#include "mha/model/safetensors.h"
#include "mha/status.h"

namespace mha::model {

enum class PretrainedFamily { kGpt2, kGptNeo };

// "gpt2" or "gpt_neo": config.json's model_type.
const char* family_name(PretrainedFamily family);

// The most floats a loaded model may hold: 400 M (1.6 GB), within the 2 GiB
// the wasm build can address, with room for a forward. GPT-2 medium (355 M)
// fits; GPT-2 large (774 M) does not.
inline constexpr long long kMaxLoadedParameters = 400'000'000;

// Working memory a loaded model needs beside its weights: a forward on a
// few hundred tokens, and the loader's chunk.
inline constexpr std::uint64_t kLoadHeadroomBytes = 192ull << 20;

// What loading a model of model_bytes needs in all: its weights plus
// kLoadHeadroomBytes (what check_load_fits checks, and what a page shows).
std::uint64_t load_memory_bytes(std::uint64_t model_bytes);

// kTooLarge, with the numbers, unless model_bytes + kLoadHeadroomBytes fit
// in available_bytes (what the platform can still give: for wasm, the
// memory's maximum less what is in use).
Status check_load_fits(std::uint64_t model_bytes,
                       std::uint64_t available_bytes);

struct PretrainedConfig {
  PretrainedFamily family = PretrainedFamily::kGpt2;
  ModelConfig model;  // sizes and conventions, as the core runs them
  std::string activation_function;  // as config.json names it
};

// Reads config.json (its text). Unknown families, unsupported options
// (cross-attention, scale_attn_by_inverse_layer_idx, an activation other
// than the tanh GELU or ReLU) are kUnsupported and say what is supported;
// missing or ill-typed fields kBadJson; sizes outside kLoadedLimits
// kTooLarge / kZeroSize; heads not dividing the width kHeadsDoNotDivide;
// more than kMaxLoadedParameters kTooLarge with the numbers.
Result<PretrainedConfig> parse_pretrained_config(std::string_view json);

// config.json for a model of the core (the trained model of this project,
// say) written as GPT-2: its sizes, ε, tie_word_embeddings false, n_inner
// 1 when it has no MLP (pretrained_tensors then writes a zero MLP, which
// adds nothing, because Hugging Face's GPT-2 always has one), plus `extra`
// (a JSON object whose fields are added, e.g. the vocabulary). Models with
// other conventions (local windows, unscaled scores) are kUnsupported.
Result<std::string> gpt2_config_json(const Weights& weights,
                                     std::string_view extra = "{}");

// The model as a GPT-2 model.safetensors (F32, names without prefix, the
// layout above; lm_head.weight = W_Uᵀ). metadata: string pairs for
// "__metadata__".
Result<std::vector<std::uint8_t>> gpt2_safetensors(
    const Weights& weights,
    const std::vector<std::pair<std::string, std::string>>& metadata = {});

class PretrainedLoader {
 public:
  // config_json: config.json's text. header: the safetensors header (the N
  // bytes after the 8-byte prefix) of a file of file_size bytes.
  static Result<PretrainedLoader> create(std::string_view config_json,
                                         std::string_view header,
                                         std::uint64_t file_size);

  const PretrainedConfig& config() const { return config_; }
  long long parameters() const;  // floats the model will hold
  // Bytes the model needs once allocated (parameters · 4).
  std::uint64_t model_bytes() const;
  std::uint64_t data_start() const { return header_.data_start; }
  std::uint64_t data_bytes() const { return header_.data_bytes; }
  std::uint64_t bytes_fed() const { return fed_; }
  int tensor_count() const { return static_cast<int>(plan_.size()); }
  int tensors_done() const { return next_; }
  // Names in the file that do not become weights, and why.
  const std::vector<std::string>& skipped() const { return skipped_; }
  // The dtypes of the tensors that become weights ("F32", "F16", "BF16"),
  // each once, in the order the file first uses them.
  std::vector<std::string> weight_dtypes() const;

  // Allocates the model's tensors (zero). Call once, before feed().
  Status allocate();
  // The next `length` bytes of the data section. A non-finite weight is
  // kNonFinite naming the tensor and element; more bytes than the data
  // section holds is kShapeMismatch. After an error the loader is spent.
  Status feed(const std::uint8_t* bytes, std::size_t length);
  // Once every byte was fed: the model (moved out; the loader is spent).
  Result<Weights> finish();

 private:
  // Where one tensor of the file goes.
  enum class Target { kSkip, kCopy, kTranspose, kSplitThree };
  struct Step {
    TensorEntry entry;
    Target target = Target::kSkip;
    int layer = -1;  // -1: a model-level tensor
    Matrix Weights::*model_field = nullptr;
    Matrix LayerWeights::*fields[3] = {nullptr, nullptr, nullptr};
  };

  Matrix* destination(const Step& step, int which);
  Status write_element(const Step& step, std::int64_t index, float value);

  PretrainedConfig config_;
  SafetensorsHeader header_;
  std::vector<Step> plan_;  // in data order
  std::vector<std::string> skipped_;
  Weights weights_;
  bool allocated_ = false, failed_ = false;
  std::uint64_t fed_ = 0;
  int next_ = 0;                  // the tensor being fed
  std::uint64_t in_tensor_ = 0;   // its bytes fed so far
  std::uint8_t partial_[4] = {};  // bytes of an element cut by a chunk
  int partial_bytes_ = 0;
};

}  // namespace mha::model

#endif  // MHA_MODEL_PRETRAINED_H_
