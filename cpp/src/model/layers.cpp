#include "mha/model/layers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mha/kernels.h"

namespace mha::model {
namespace {

constexpr float kGeluC = 0.7978845608028654f;  // √(2/π)
constexpr float kGeluA = 0.044715f;

}  // namespace

void layer_norm_forward(const ConstMatrixRef& x, const Matrix& gain,
                        const Matrix& bias, Matrix* out, Matrix* x_hat,
                        Matrix* rstd, float epsilon) {
  const Eigen::Index rows = x.rows(), d = x.cols();
  out->resize(rows, d);
  x_hat->resize(rows, d);
  rstd->resize(rows, 1);
  for (Eigen::Index r = 0; r < rows; ++r) {
    // 1. Mean and (biased) variance of the row.
    const float mean = x.row(r).mean();
    const float var = (x.row(r).array() - mean).square().mean();
    // 2. Normalise, then scale and shift.
    const float s = 1.0f / std::sqrt(var + epsilon);
    (*rstd)(r, 0) = s;
    x_hat->row(r) = (x.row(r).array() - mean) * s;
    out->row(r) = x_hat->row(r).cwiseProduct(gain) + bias;
  }
}

void layer_norm_backward(const ConstMatrixRef& d_out, const Matrix& x_hat,
                         const Matrix& rstd, const Matrix& gain, Matrix* d_x,
                         Matrix* d_gain, Matrix* d_bias) {
  const Eigen::Index rows = d_out.rows(), d = d_out.cols();
  // 1. Parameter gradients: sums over rows.
  *d_gain = d_out.cwiseProduct(x_hat).colwise().sum();
  *d_bias = d_out.colwise().sum();
  // 2. Input gradient, row by row, through the normalisation.
  d_x->resize(rows, d);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Array<float, 1, Eigen::Dynamic> g =
        d_out.row(r).array() * gain.array();
    const float mean_g = g.mean();
    const float mean_gx = (g * x_hat.row(r).array()).mean();
    d_x->row(r) =
        rstd(r, 0) * (g - mean_g - x_hat.row(r).array() * mean_gx).matrix();
  }
}

void activation_forward(Activation activation, const ConstMatrixRef& pre,
                        Matrix* post) {
  if (activation == Activation::kRelu) {
    *post = pre.cwiseMax(0.0f);
    return;
  }
  const auto x = pre.array();
  *post =
      (0.5f * x * (1.0f + (kGeluC * (x + kGeluA * x.cube())).tanh())).matrix();
}

void gelu_forward_fast(const ConstMatrixRef& pre, Matrix* post) {
  // x·σ(2u) = x·e/(1 + e) with e = exp(2u); 2u is clamped to ±30, where σ
  // is 0 or 1 in float anyway, so exp never overflows.
  const Eigen::Index rows = pre.rows(), cols = pre.cols();
  post->resize(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      const float x = pre(r, c);
      (*post)(r, c) =
          std::clamp(2.0f * kGeluC * (x + kGeluA * x * x * x), -30.0f, 30.0f);
    }
  }
  kernels::exp_inplace(static_cast<int>(post->size()), post->data());
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      const float e = (*post)(r, c);
      (*post)(r, c) = pre(r, c) * (e / (1.0f + e));
    }
  }
}

void activation_backward(Activation activation, const ConstMatrixRef& pre,
                         const ConstMatrixRef& d_post, Matrix* d_pre) {
  if (activation == Activation::kRelu) {
    *d_pre = (pre.array() > 0.0f).select(d_post, 0.0f);
    return;
  }
  // d/dx gelu = ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²),
  // with t = tanh(√(2/π)·(x + 0.044715·x³)).
  const auto x = pre.array();
  const Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> t =
      (kGeluC * (x + kGeluA * x.cube())).tanh();
  *d_pre = (d_post.array() *
            (0.5f * (1.0f + t) + 0.5f * x * (1.0f - t.square()) * kGeluC *
                                     (1.0f + 3.0f * kGeluA * x.square())))
               .matrix();
}

void causal_softmax_inplace(MatrixRef scores, int window) {
  const Eigen::Index n = scores.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    // 1. Row i sees keys first..i (first = 0 unless local): shift by their
    //    maximum and exponentiate; keys before `first` get exactly zero.
    const Eigen::Index first =
        window > 0 ? std::max<Eigen::Index>(0, i - window + 1) : 0;
    scores.row(i).head(first).setZero();
    auto seen = scores.row(i).segment(first, i + 1 - first);
    const float max = seen.maxCoeff();
    seen = (seen.array() - max).exp().matrix();
    // 2. Normalise; the maximum contributes exp(0) = 1, so the sum is ≥ 1.
    seen /= seen.sum();
    // 3. Future keys get exactly zero weight.
    scores.row(i).tail(scores.cols() - i - 1).setZero();
  }
}

void softmax_backward(const ConstMatrixRef& weights,
                      const ConstMatrixRef& d_weights, MatrixRef d_scores) {
  for (Eigen::Index r = 0; r < weights.rows(); ++r) {
    const float dot = weights.row(r).dot(d_weights.row(r));
    d_scores.row(r) =
        weights.row(r).cwiseProduct((d_weights.row(r).array() - dot).matrix());
  }
}

float cross_entropy(const ConstMatrixRef& logits, const int* targets,
                    const float* loss_weights, Matrix* d_logits,
                    float* row_losses) {
  const Eigen::Index rows = logits.rows(), v = logits.cols();
  // 1. The total weight, so the loss is a weighted mean.
  double total_weight = 0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    total_weight += loss_weights ? loss_weights[r] : 1.0f;
  }
  const float scale =
      total_weight > 0 ? static_cast<float>(1.0 / total_weight) : 0.0f;
  if (d_logits) d_logits->resize(rows, v);
  double loss = 0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    // 2. log-sum-exp of the row, shifted by its maximum.
    const float max = logits.row(r).maxCoeff();
    const float sum = (logits.row(r).array() - max).exp().sum();
    const float log_z = max + std::log(sum);
    // 3. −log p(target).
    const float row_loss = log_z - logits(r, targets[r]);
    const float w = loss_weights ? loss_weights[r] : 1.0f;
    if (row_losses) row_losses[r] = row_loss;
    loss += static_cast<double>(w) * row_loss;
    // 4. Gradient: (softmax − one-hot) scaled by this row's share.
    if (d_logits) {
      const float k = w * scale;
      d_logits->row(r) = ((logits.row(r).array() - log_z).exp() * k).matrix();
      (*d_logits)(r, targets[r]) -= k;
    }
  }
  return static_cast<float>(loss * scale);
}

}  // namespace mha::model
