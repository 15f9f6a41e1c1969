#include "mha/model/model.h"

#include <cmath>
#include <string>

#include "mha/model/rng.h"
#include "mha/positional.h"
#include "mha/validate.h"

namespace mha::model {
namespace {

Status check_range(const char* name, int value, int min, int max) {
  if (value < min || value > max) {
    return Status::Error(
        value < min ? ErrorCode::kZeroSize : ErrorCode::kTooLarge,
        std::string(name) + " must be in [" + std::to_string(min) + ", " +
            std::to_string(max) + "], got " + std::to_string(value));
  }
  return Status::Ok();
}

template <typename Ref, typename W>
std::vector<Ref> list_tensors(W& w) {
  std::vector<Ref> out;
  out.push_back({"token_embedding", &w.token_embedding});
  out.push_back({"position_embedding", &w.position_embedding});
  for (std::size_t l = 0; l < w.layers.size(); ++l) {
    auto& layer = w.layers[l];
    const std::string p = "layers." + std::to_string(l) + ".";
    out.push_back({p + "ln1_gain", &layer.ln1_gain});
    out.push_back({p + "ln1_bias", &layer.ln1_bias});
    out.push_back({p + "wq", &layer.wq});
    out.push_back({p + "bq", &layer.bq});
    out.push_back({p + "wk", &layer.wk});
    out.push_back({p + "bk", &layer.bk});
    out.push_back({p + "wv", &layer.wv});
    out.push_back({p + "bv", &layer.bv});
    out.push_back({p + "wo", &layer.wo});
    out.push_back({p + "bo", &layer.bo});
    if (w.config.mlp) {
      out.push_back({p + "ln2_gain", &layer.ln2_gain});
      out.push_back({p + "ln2_bias", &layer.ln2_bias});
      out.push_back({p + "w1", &layer.w1});
      out.push_back({p + "b1", &layer.b1});
      out.push_back({p + "w2", &layer.w2});
      out.push_back({p + "b2", &layer.b2});
    }
  }
  out.push_back({"lnf_gain", &w.lnf_gain});
  out.push_back({"lnf_bias", &w.lnf_bias});
  if (!w.config.tied_unembedding) {
    out.push_back({"unembedding", &w.unembedding});
  }
  return out;
}

// Sets every tensor to its configured shape, filled with zeros.
void shape_weights(const ModelConfig& c, Weights* w) {
  w->config = c;
  w->layers.assign(c.layers, LayerWeights{});
  const std::vector<TensorShape> shapes = tensor_shapes(c);
  std::vector<TensorRef> refs = list_tensors<TensorRef>(*w);
  for (std::size_t i = 0; i < refs.size(); ++i) {
    refs[i].tensor->setZero(shapes[i].rows, shapes[i].cols);
  }
}

bool ends_with(const std::string& s, const char* suffix) {
  const std::string t(suffix);
  return s.size() >= t.size() &&
         s.compare(s.size() - t.size(), t.size(), t) == 0;
}

}  // namespace

std::vector<TensorShape> tensor_shapes(const ModelConfig& c) {
  const int d = c.d_model, f = c.d_mlp;
  std::vector<TensorShape> out = {{"token_embedding", c.vocab, d},
                                  {"position_embedding", c.context, d}};
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "layers." + std::to_string(l) + ".";
    for (const char* name : {"ln1_gain", "ln1_bias"})
      out.push_back({p + name, 1, d});
    for (const char* name : {"q", "k", "v", "o"}) {
      out.push_back({p + "w" + name, d, d});
      out.push_back({p + "b" + name, 1, d});
    }
    if (c.mlp) {
      out.push_back({p + "ln2_gain", 1, d});
      out.push_back({p + "ln2_bias", 1, d});
      out.push_back({p + "w1", d, f});
      out.push_back({p + "b1", 1, f});
      out.push_back({p + "w2", f, d});
      out.push_back({p + "b2", 1, d});
    }
  }
  out.push_back({"lnf_gain", 1, d});
  out.push_back({"lnf_bias", 1, d});
  if (!c.tied_unembedding) out.push_back({"unembedding", d, c.vocab});
  return out;
}

const char* activation_name(Activation activation) {
  return activation == Activation::kRelu ? "relu" : "gelu";
}

Status check_config(const ModelConfig& c, const ModelLimits& limits) {
  Status s = check_range("vocab", c.vocab, 2, limits.vocab);
  if (!s.ok()) return s;
  if (!(s = check_range("context", c.context, 1, limits.context)).ok()) {
    return s;
  }
  if (!(s = check_range("layers", c.layers, 1, limits.layers)).ok()) return s;
  if (!(s = check_range("d_model", c.d_model, 1, limits.d_model)).ok()) {
    return s;
  }
  if (!(s = check_heads(c.d_model, c.heads)).ok()) return s;
  if (c.mlp) {
    if (!(s = check_range("d_mlp", c.d_mlp, 1, limits.d_mlp)).ok()) return s;
  }
  if (!(c.layer_norm_epsilon > 0) || !std::isfinite(c.layer_norm_epsilon)) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "layer_norm_epsilon must be a finite number > 0");
  }
  if (!c.attention_windows.empty()) {
    if (c.attention_windows.size() != static_cast<std::size_t>(c.layers)) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "attention_windows has " +
                               std::to_string(c.attention_windows.size()) +
                               " entries, expected one per layer (" +
                               std::to_string(c.layers) + ")");
    }
    for (int w : c.attention_windows) {
      if (w < 0) {
        return Status::Error(ErrorCode::kOutOfRange,
                             "an attention window must be ≥ 0 (0 = global), "
                             "got " +
                                 std::to_string(w));
      }
    }
  }
  return Status::Ok();
}

bool trainable_conventions(const ModelConfig& c) {
  const ModelConfig defaults;
  bool global = true;
  for (int w : c.attention_windows) global = global && w == 0;
  return c.layer_norm_epsilon == defaults.layer_norm_epsilon &&
         c.scale_scores && global && !c.tied_unembedding;
}

void unembed(const Weights& weights, const ConstMatrixRef& x, Matrix* logits) {
  if (weights.config.tied_unembedding) {
    logits->noalias() = x * weights.token_embedding.transpose();
  } else {
    logits->noalias() = x * weights.unembedding;
  }
}

std::vector<TensorRef> tensors(Weights* weights) {
  return list_tensors<TensorRef>(*weights);
}

std::vector<ConstTensorRef> tensors(const Weights& weights) {
  return list_tensors<ConstTensorRef>(weights);
}

long long parameter_count(const Weights& weights) {
  long long count = 0;
  for (const ConstTensorRef& t : tensors(weights)) count += t.tensor->size();
  return count;
}

long long parameter_count(const ModelConfig& c) {
  const long long d = c.d_model, v = c.vocab, f = c.d_mlp;
  long long per_layer = 2 * d + 4 * d * d + 4 * d;  // LayerNorm, W_Q..W_O
  if (c.mlp) per_layer += 2 * d + d * f + f + f * d + d;
  return v * d + static_cast<long long>(c.context) * d + c.layers * per_layer +
         2 * d + (c.tied_unembedding ? 0 : d * v);
}

Weights zero_weights(const ModelConfig& config) {
  Weights w;
  shape_weights(config, &w);
  return w;
}

Result<Weights> init_weights(const ModelConfig& config, std::uint32_t seed,
                             const InitConfig& init) {
  Status s = check_config(config);
  if (!s.ok()) return s;
  Weights w = zero_weights(config);
  Rng rng(seed);
  if (!(init.std > 0) || !std::isfinite(init.std)) {
    return Status::Error(ErrorCode::kOutOfRange, "init std must be > 0");
  }
  const float residual_std =
      init.std / std::sqrt(2.0f * static_cast<float>(config.layers));
  for (TensorRef& t : tensors(&w)) {
    // 1. LayerNorm gains start at 1 and every bias at 0.
    if (ends_with(t.name, "_gain")) {
      t.tensor->setOnes();
      continue;
    }
    if (ends_with(t.name, "_bias") || t.tensor->rows() == 1) continue;
    // 2. Matrices and embeddings: N(0, std²), smaller for the two
    //    projections that write into the residual stream.
    const float std = (ends_with(t.name, ".wo") || ends_with(t.name, ".w2"))
                          ? residual_std
                          : init.std;
    float* data = t.tensor->data();
    for (Eigen::Index i = 0; i < t.tensor->size(); ++i) {
      data[i] = std * rng.normal();
    }
  }
  // 3. Optionally, positions from sinusoids with the same RMS (a sinusoid's
  //    RMS is 1/√2, so scale by std·√2).
  if (init.positions == PositionInit::kSinusoidal) {
    Result<Matrix> table = sinusoidal_positions(config.context, config.d_model);
    if (!table.ok()) return table.status();
    w.position_embedding = table.value() * (init.std * std::sqrt(2.0f));
  }
  // 4. Positions may start larger (or smaller) than the tokens.
  w.position_embedding *= init.position_scale;
  return w;
}

Status check_weights(const Weights& weights, const ModelLimits& limits) {
  Status s = check_config(weights.config, limits);
  if (!s.ok()) return s;
  if (static_cast<int>(weights.layers.size()) != weights.config.layers) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "the model has " +
                             std::to_string(weights.layers.size()) +
                             " layers, its config says " +
                             std::to_string(weights.config.layers));
  }
  const std::vector<TensorShape> want = tensor_shapes(weights.config);
  const std::vector<ConstTensorRef> have = tensors(weights);
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Matrix& m = *have[i].tensor;
    if (!(s = check_shape(want[i].name, m, want[i].rows, want[i].cols)).ok()) {
      return s;
    }
    if (!(s = check_finite(want[i].name, m)).ok()) return s;
  }
  return Status::Ok();
}

}  // namespace mha::model
