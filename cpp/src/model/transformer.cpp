#include "mha/model/transformer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "../head_attention.h"
#include "mha/kernels.h"
#include "mha/model/layers.h"
#include "mha/validate.h"

namespace mha::model {
namespace {

// y = x·W + b. x: R × I, w: I × O, b: 1 × O. y: R × O.
void linear(const ConstMatrixRef& x, const Matrix& w, const Matrix& b,
            Matrix* y) {
  y->noalias() = x * w;
  y->rowwise() += b.row(0);
}

// The same through the SIMD kernels (mha/kernels.h): W read in place for
// few rows when its width is a multiple of the kernels' panel, else packed
// into *panels (a copy of W on each call). Inference only: training keeps the
// Eigen product its recorded runs were made with. Below this many rows,
// linear_kernels reads W in place instead of packing.
constexpr int kInPlaceRows = 64;

void linear_kernels(const ConstMatrixRef& x, const Matrix& w, const Matrix& b,
                    Matrix* y, std::vector<float>* panels) {
  const int m = static_cast<int>(x.rows()), k = static_cast<int>(w.rows()),
            n = static_cast<int>(w.cols());
  y->resize(m, n);
  // Few rows: reading W in place beats copying it (GPT-2 small, Node:
  // 32 tokens 350 → 221 ms); many rows: the packed panels' locality wins
  // (128 tokens: 1.02 s packed, 1.10 s in place).
  if (m < kInPlaceRows && n % kernels::kPanel == 0) {
    kernels::gemm_row_major(m, n, k, x.data(),
                            static_cast<int>(x.outerStride()), w.data(), n,
                            b.data(), y->data(), n);
    return;
  }
  panels->resize(kernels::packed_size(k, n));
  kernels::pack_b(k, n, w.data(), n, panels->data());
  kernels::gemm_packed(m, n, k, x.data(), static_cast<int>(x.outerStride()),
                       panels->data(), k, b.data(), y->data(), n);
}

// Gradients of y = x·W + b for d_y (R × O): d_w = xᵀ·d_y (I × O),
// d_b = Σ_rows d_y (1 × O).
void linear_weight_grads(const ConstMatrixRef& x, const ConstMatrixRef& d_y,
                         Matrix* d_w, Matrix* d_b) {
  d_w->noalias() = x.transpose() * d_y;
  *d_b = d_y.colwise().sum();
}

// The position (row of P) of stacked row r = b·n + t: start_b + t.
Eigen::Index position_of(const ForwardCache& cache, Eigen::Index r) {
  const Eigen::Index t = r % cache.n;
  if (cache.position_starts.empty()) return t;
  return cache.position_starts[r / cache.n] + t;
}

bool is_ablated(const std::vector<std::uint8_t>& ablated, int index) {
  return !ablated.empty() && ablated[index] != 0;
}

// Causal self-attention of every (sequence, head) pair of one layer.
// q, k, v: R × D. Writes weights ((B·H·n) × n) and z (R × D).
// scale: the scores' factor (1/√d_k, or 1); window: 0, or the keys a query
// sees in a local layer.
void attention_forward(const Matrix& q, const Matrix& k, const Matrix& v,
                       int batch, int n, int heads, int layer, float scale,
                       int window, const std::vector<std::uint8_t>& ablated,
                       Matrix* weights, Matrix* z) {
  const int d_k = static_cast<int>(q.cols()) / heads;
  weights->resize(static_cast<Eigen::Index>(batch) * heads * n, n);
  z->resize(q.rows(), q.cols());
  // Each (b, h) pair writes only its own blocks, so the pairs are
  // independent (and the result does not depend on their order).
#if defined(_OPENMP)
#pragma omp parallel for schedule(static)
#endif
  for (int bh = 0; bh < batch * heads; ++bh) {
    const int b = bh / heads, h = bh % heads;
    const Eigen::Index row = static_cast<Eigen::Index>(b) * n;
    const Eigen::Index col = static_cast<Eigen::Index>(h) * d_k;
    auto a = weights->middleRows(static_cast<Eigen::Index>(bh) * n, n);
    // 1. Scaled scores Q·Kᵀ/√d_k of this head on this sequence (n × n).
    a.noalias() =
        q.block(row, col, n, d_k) * k.block(row, col, n, d_k).transpose();
    if (scale != 1.0f) a *= scale;
    // 2. Causal softmax: row i over keys 0..i (the last `window` of them in
    //    a local layer).
    causal_softmax_inplace(a, window);
    // 3. Weighted sum of values, or zero for an ablated head.
    auto out = z->block(row, col, n, d_k);
    if (is_ablated(ablated, layer * heads + h)) {
      out.setZero();
    } else {
      out.noalias() = a * v.block(row, col, n, d_k);
    }
  }
}

// attention_forward on the kernels (head_attention.h, as the lean forward
// runs it), for inference: the same weights and z up to rounding. Local
// layers (window > 0) keep the Eigen path, whose softmax knows windows.
void attention_forward_kernels(const Matrix& q, const Matrix& k,
                               const Matrix& v, int batch, int n, int heads,
                               int layer, float scale,
                               const std::vector<std::uint8_t>& ablated,
                               Matrix* weights, Matrix* z) {
  const int d = static_cast<int>(q.cols()), d_k = d / heads;
  weights->resize(static_cast<Eigen::Index>(batch) * heads * n, n);
  z->resize(q.rows(), q.cols());
  std::vector<float> k_packed, v_packed, s;
  const internal::HeadScratch scratch{&k_packed, &v_packed, &s};
  const Mask causal = Mask::Causal();
  for (int bh = 0; bh < batch * heads; ++bh) {
    const int b = bh / heads, h = bh % heads;
    const std::ptrdiff_t at = static_cast<std::ptrdiff_t>(b) * n * d + h * d_k;
    float* out = z->data() + at;
    internal::head_attention(
        n, d_k, q.data() + at, d, k.data() + at, d, v.data() + at, d, causal,
        nullptr, weights->data() + static_cast<std::ptrdiff_t>(bh) * n * n, out,
        d, scratch, scale);
    if (is_ablated(ablated, layer * heads + h)) {
      z->block(static_cast<Eigen::Index>(b) * n,
               static_cast<Eigen::Index>(h) * d_k, n, d_k)
          .setZero();
    }
  }
}

// Backward of attention_forward. d_z: R × D. Writes d_q, d_k, d_v (R × D).
void attention_backward(const Matrix& q, const Matrix& k, const Matrix& v,
                        const Matrix& weights, const Matrix& d_z, int batch,
                        int n, int heads, int layer,
                        const std::vector<std::uint8_t>& ablated, Matrix* d_q,
                        Matrix* d_k, Matrix* d_v) {
  const int d_k_width = static_cast<int>(q.cols()) / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_k_width));
  d_q->setZero(q.rows(), q.cols());
  d_k->setZero(q.rows(), q.cols());
  d_v->setZero(q.rows(), q.cols());
#if defined(_OPENMP)
#pragma omp parallel for schedule(static)
#endif
  for (int bh = 0; bh < batch * heads; ++bh) {
    const int b = bh / heads, h = bh % heads;
    // An ablated head's output was replaced by a constant: no gradient.
    if (is_ablated(ablated, layer * heads + h)) continue;
    const Eigen::Index row = static_cast<Eigen::Index>(b) * n;
    const Eigen::Index col = static_cast<Eigen::Index>(h) * d_k_width;
    const auto a = weights.middleRows(static_cast<Eigen::Index>(bh) * n, n);
    const auto dz = d_z.block(row, col, n, d_k_width);
    // 1. Through z = A·V: d_A = d_z·Vᵀ (n × n), d_V = Aᵀ·d_z (n × d_k).
    Matrix d_a = dz * v.block(row, col, n, d_k_width).transpose();
    d_v->block(row, col, n, d_k_width).noalias() = a.transpose() * dz;
    // 2. Through the softmax (masked cells have weight 0, so gradient 0),
    //    then the 1/√d_k scale.
    Matrix d_s(n, n);
    softmax_backward(a, d_a, d_s);
    d_s *= scale;
    // 3. Through S = Q·Kᵀ: d_Q = d_S·K, d_K = d_Sᵀ·Q.
    d_q->block(row, col, n, d_k_width).noalias() =
        d_s * k.block(row, col, n, d_k_width);
    d_k->block(row, col, n, d_k_width).noalias() =
        d_s.transpose() * q.block(row, col, n, d_k_width);
  }
}

}  // namespace

ForwardOptions inference_options(bool attention, std::vector<int> rows) {
  ForwardOptions options;
  options.keep_intermediates = false;
  options.keep_attention = attention;
  options.logit_rows = std::move(rows);
  return options;
}

long long forward_floats(const ModelConfig& config, int batch, int n,
                         const ForwardOptions& options) {
  const long long rows = static_cast<long long>(batch) * n;
  const long long width =
      14LL * config.d_model + (config.mlp ? 2LL * config.d_mlp : 0);
  const long long attention = static_cast<long long>(config.heads) * n;
  const long long kept = options.keep_intermediates ? config.layers : 1;
  const long long kept_attention =
      options.keep_attention || options.keep_intermediates ? config.layers : 1;
  const bool all = options.logit_rows.size() == 1 &&
                   options.logit_rows[0] == ForwardOptions::kAllLogitRows;
  const long long logit_rows =
      all ? rows : static_cast<long long>(options.logit_rows.size());
  return kept * rows * width + kept_attention * rows * attention +
         logit_rows * config.vocab;
}

Status check_batch_shape(const ModelConfig& config, int batch, int n,
                         const ForwardOptions& options) {
  if (batch < 1) {
    return Status::Error(
        ErrorCode::kZeroSize,
        "batch must be at least 1, got " + std::to_string(batch));
  }
  if (n < 1) {
    return Status::Error(
        ErrorCode::kZeroSize,
        "n (tokens per sequence) must be at least 1, got " + std::to_string(n));
  }
  if (n > config.context) {
    return Status::Error(ErrorCode::kTooLarge,
                         "n (tokens per sequence) is " + std::to_string(n) +
                             ", above the model's context of " +
                             std::to_string(config.context));
  }
  const long long floats = forward_floats(config, batch, n, options);
  if (floats > kMaxForwardFloats) {
    return Status::Error(
        ErrorCode::kTooLarge,
        "batch × n = " + std::to_string(batch) + " × " + std::to_string(n) +
            " needs about " + std::to_string(floats * 4 / (1 << 20)) +
            " MiB of activations, above the limit of " +
            std::to_string(kMaxForwardFloats * 4 / (1 << 20)) + " MiB");
  }
  return Status::Ok();
}

Status check_forward_input(const ModelConfig& config, const int* tokens,
                           int batch, int n,
                           const std::vector<std::uint8_t>& ablated,
                           const std::vector<int>& position_starts,
                           const ForwardOptions& options) {
  const Status shape = check_batch_shape(config, batch, n, options);
  if (!shape.ok()) return shape;
  const long long count = static_cast<long long>(batch) * n;
  const bool all = options.logit_rows.size() == 1 &&
                   options.logit_rows[0] == ForwardOptions::kAllLogitRows;
  if (!all) {
    for (int row : options.logit_rows) {
      if (row < 0 || row >= count) {
        return Status::Error(ErrorCode::kOutOfRange,
                             "logit row " + std::to_string(row) +
                                 " is outside the " + std::to_string(count) +
                                 " positions [0, " + std::to_string(count) +
                                 ")");
      }
    }
  }
  for (long long i = 0; i < count; ++i) {
    if (tokens[i] < 0 || tokens[i] >= config.vocab) {
      return Status::Error(ErrorCode::kShapeMismatch,
                           "token " + std::to_string(i) + " is " +
                               std::to_string(tokens[i]) +
                               ", outside the vocabulary [0, " +
                               std::to_string(config.vocab) + ")");
    }
  }
  const std::size_t heads =
      static_cast<std::size_t>(config.layers) * config.heads;
  if (!ablated.empty() && ablated.size() != heads) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "ablated has " + std::to_string(ablated.size()) +
                             " flags, expected " + std::to_string(heads) +
                             " (layers × heads)");
  }
  if (!position_starts.empty()) {
    if (position_starts.size() != static_cast<std::size_t>(batch)) {
      return Status::Error(
          ErrorCode::kShapeMismatch,
          "position_starts has " + std::to_string(position_starts.size()) +
              " starts, expected batch = " + std::to_string(batch));
    }
    for (int start : position_starts) {
      if (start < 0 || start + n > config.context) {
        return Status::Error(ErrorCode::kTooLarge,
                             "a sequence starting at position " +
                                 std::to_string(start) + " with " +
                                 std::to_string(n) +
                                 " tokens does not fit the context of " +
                                 std::to_string(config.context));
      }
    }
  }
  return Status::Ok();
}

Status forward(const Weights& weights, const int* tokens, int batch, int n,
               const std::vector<std::uint8_t>& ablated, ForwardCache* cache,
               const std::vector<int>& position_starts,
               const ForwardOptions& options) {
  const ModelConfig& c = weights.config;
  Status s = check_forward_input(c, tokens, batch, n, ablated, position_starts,
                                 options);
  if (!s.ok()) return s;
  const float eps = c.layer_norm_epsilon;
  const float scale =
      c.scale_scores ? 1.0f / std::sqrt(static_cast<float>(c.d_k())) : 1.0f;
  const Eigen::Index rows = static_cast<Eigen::Index>(batch) * n;
  cache->batch = batch;
  cache->n = n;
  cache->tokens.assign(tokens, tokens + rows);
  cache->ablated = ablated;
  cache->position_starts = position_starts;
  cache->layers.resize(c.layers);
  if (!options.keep_intermediates) {
    // Free what an earlier call kept, so that memory follows the options.
    for (LayerCache& lc : cache->layers) {
      Matrix kept = std::move(lc.weights);
      lc = LayerCache{};
      if (options.keep_attention) lc.weights = std::move(kept);
    }
  }

  // 1. Embeddings: row b·n + t is E[token] + P[start_b + t].
  Matrix x(rows, c.d_model);
  for (Eigen::Index r = 0; r < rows; ++r) {
    x.row(r) = weights.token_embedding.row(tokens[r]) +
               weights.position_embedding.row(position_of(*cache, r));
  }

  // Inference runs the projections through the SIMD kernels.
  const auto project = [&](const ConstMatrixRef& in, const Matrix& w,
                           const Matrix& b, Matrix* out) {
    if (options.keep_intermediates) {
      linear(in, w, b, out);
    } else {
      linear_kernels(in, w, b, out, &cache->panels);
    }
  };
  for (int l = 0; l < c.layers; ++l) {
    const LayerWeights& w = weights.layers[l];
    LayerCache& lc =
        options.keep_intermediates ? cache->layers[l] : cache->scratch;
    Matrix* attention = options.keep_intermediates || options.keep_attention
                            ? &cache->layers[l].weights
                            : &cache->scratch.weights;
    lc.x_in = x;
    // 2. Pre-LayerNorm of the residual stream.
    layer_norm_forward(lc.x_in, w.ln1_gain, w.ln1_bias, &lc.ln1_out,
                       &lc.ln1_hat, &lc.ln1_rstd, eps);
    // 3. Queries, keys and values of every token (all heads at once).
    project(lc.ln1_out, w.wq, w.bq, &lc.q);
    project(lc.ln1_out, w.wk, w.bk, &lc.k);
    project(lc.ln1_out, w.wv, w.bv, &lc.v);
    // 4. Causal attention per (sequence, head); ablated heads give z = 0.
    if (options.keep_intermediates || c.window(l) > 0) {
      attention_forward(lc.q, lc.k, lc.v, batch, n, c.heads, l, scale,
                        c.window(l), ablated, attention, &lc.z);
    } else {
      attention_forward_kernels(lc.q, lc.k, lc.v, batch, n, c.heads, l, scale,
                                ablated, attention, &lc.z);
    }
    // 5. Output projection, added to the residual stream.
    project(lc.z, w.wo, w.bo, &x);
    x += lc.x_in;
    lc.x_mid = x;
    // 6. Optional MLP: x += act(LN₂(x)·W₁ + b₁)·W₂ + b₂.
    if (c.mlp) {
      layer_norm_forward(lc.x_mid, w.ln2_gain, w.ln2_bias, &lc.ln2_out,
                         &lc.ln2_hat, &lc.ln2_rstd, eps);
      project(lc.ln2_out, w.w1, w.b1, &lc.pre);
      if (options.keep_intermediates || c.activation != Activation::kGelu) {
        activation_forward(c.activation, lc.pre, &lc.post);
      } else {
        gelu_forward_fast(lc.pre, &lc.post);
      }
      project(lc.post, w.w2, w.b2, &x);
      x += lc.x_mid;
    }
  }

  // 7. Final LayerNorm and unembedding, of the rows asked for.
  const bool all = options.logit_rows.size() == 1 &&
                   options.logit_rows[0] == ForwardOptions::kAllLogitRows;
  cache->x_final = std::move(x);
  if (all) {
    cache->logit_rows.clear();
    layer_norm_forward(cache->x_final, weights.lnf_gain, weights.lnf_bias,
                       &cache->lnf_out, &cache->lnf_hat, &cache->lnf_rstd, eps);
  } else {
    cache->logit_rows = options.logit_rows;
    Matrix picked(static_cast<Eigen::Index>(options.logit_rows.size()),
                  c.d_model);
    for (std::size_t i = 0; i < options.logit_rows.size(); ++i) {
      picked.row(static_cast<Eigen::Index>(i)) =
          cache->x_final.row(options.logit_rows[i]);
    }
    layer_norm_forward(picked, weights.lnf_gain, weights.lnf_bias,
                       &cache->lnf_out, &cache->lnf_hat, &cache->lnf_rstd, eps);
  }
  unembed(weights, cache->lnf_out, &cache->logits);
  // 8. Finite weights can still overflow the float range on the way.
  if (!all_finite(cache->logits)) {
    return Status::Error(ErrorCode::kNonFinite,
                         "the logits are not finite: the weights or the "
                         "activations overflowed the float range");
  }
  return Status::Ok();
}

void backward(const Weights& weights, const ForwardCache& cache,
              const ConstMatrixRef& d_logits, Weights* grads) {
  const ModelConfig& c = weights.config;
  const int batch = cache.batch, n = cache.n;
  const Eigen::Index rows = static_cast<Eigen::Index>(batch) * n;

  // 1. Unembedding: d_W_U = LN_f(x)ᵀ·d_logits; gradient into LN_f's output.
  grads->unembedding.noalias() = cache.lnf_out.transpose() * d_logits;
  Matrix d_norm = d_logits * weights.unembedding.transpose();  // R × D
  // 2. Final LayerNorm: d_x is the gradient on the residual stream.
  Matrix d_x;
  layer_norm_backward(d_norm, cache.lnf_hat, cache.lnf_rstd, weights.lnf_gain,
                      &d_x, &grads->lnf_gain, &grads->lnf_bias);

  Matrix d_branch, d_pre, d_post, d_z, d_q, d_k, d_v, d_in;
  for (int l = c.layers - 1; l >= 0; --l) {
    const LayerWeights& w = weights.layers[l];
    LayerWeights& g = grads->layers[l];
    const LayerCache& lc = cache.layers[l];
    // 3. MLP: the residual passes d_x through unchanged and the branch adds
    //    its own input gradient.
    if (c.mlp) {
      linear_weight_grads(lc.post, d_x, &g.w2, &g.b2);
      d_post.noalias() = d_x * w.w2.transpose();
      activation_backward(c.activation, lc.pre, d_post, &d_pre);
      linear_weight_grads(lc.ln2_out, d_pre, &g.w1, &g.b1);
      d_in.noalias() = d_pre * w.w1.transpose();
      layer_norm_backward(d_in, lc.ln2_hat, lc.ln2_rstd, w.ln2_gain, &d_branch,
                          &g.ln2_gain, &g.ln2_bias);
      d_x += d_branch;
    }
    // 4. Output projection: d_W_O = zᵀ·d_x, and the gradient on z.
    linear_weight_grads(lc.z, d_x, &g.wo, &g.bo);
    d_z.noalias() = d_x * w.wo.transpose();
    // 5. Attention per (sequence, head) → gradients on Q, K, V.
    attention_backward(lc.q, lc.k, lc.v, lc.weights, d_z, batch, n, c.heads, l,
                       cache.ablated, &d_q, &d_k, &d_v);
    // 6. The three projections, and their sum of gradients on LN₁'s output.
    linear_weight_grads(lc.ln1_out, d_q, &g.wq, &g.bq);
    linear_weight_grads(lc.ln1_out, d_k, &g.wk, &g.bk);
    linear_weight_grads(lc.ln1_out, d_v, &g.wv, &g.bv);
    d_in.noalias() = d_q * w.wq.transpose();
    d_in.noalias() += d_k * w.wk.transpose();
    d_in.noalias() += d_v * w.wv.transpose();
    // 7. LN₁, added to the residual gradient.
    layer_norm_backward(d_in, lc.ln1_hat, lc.ln1_rstd, w.ln1_gain, &d_branch,
                        &g.ln1_gain, &g.ln1_bias);
    d_x += d_branch;
  }

  // 8. Embeddings: each row's gradient goes to its token's and its
  //    position's row (a token may appear many times: accumulate).
  grads->token_embedding.setZero();
  grads->position_embedding.setZero();
  for (Eigen::Index r = 0; r < rows; ++r) {
    grads->token_embedding.row(cache.tokens[r]) += d_x.row(r);
    grads->position_embedding.row(position_of(cache, r)) += d_x.row(r);
  }
}

void stack_attention_weights(const ForwardCache& cache,
                             std::vector<float>* out) {
  std::size_t size = 0;
  for (const LayerCache& layer : cache.layers) size += layer.weights.size();
  out->resize(size);
  float* to = out->data();
  for (const LayerCache& layer : cache.layers) {
    to = std::copy(layer.weights.data(),
                   layer.weights.data() + layer.weights.size(), to);
  }
}

}  // namespace mha::model
