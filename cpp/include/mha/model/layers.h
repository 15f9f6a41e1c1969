// The building blocks of the trainable model, each with its backward pass.
// They work on whole batches of rows at once and are exposed so the tests can
// check each piece on its own.
//
// Convention: a backward function takes the gradient of the loss with
// respect to the block's output (d_out) and writes the gradients with respect
// to its inputs and parameters. Every matrix argument notes its shape.
#ifndef MHA_MODEL_LAYERS_H_
#define MHA_MODEL_LAYERS_H_

#include "mha/model/model.h"
#include "mha/types.h"

namespace mha::model {

// ---- LayerNorm (Ba et al. 2016) ---------------------------------------------
//   x̂ = (x − mean(x)) / √(var(x) + ε),   y = x̂ ⊙ gain + bias,  per row.
inline constexpr float kLayerNormEpsilon = 1e-5f;

// x: R × D. gain, bias: 1 × D. Writes out (R × D), x_hat (R × D) and
// rstd (R × 1, the 1/√(var + ε) of each row) for the backward pass.
void layer_norm_forward(const ConstMatrixRef& x, const Matrix& gain,
                        const Matrix& bias, Matrix* out, Matrix* x_hat,
                        Matrix* rstd, float epsilon = kLayerNormEpsilon);

// d_out: R × D; x_hat, rstd, gain as saved by the forward pass. Writes
// d_x (R × D), d_gain and d_bias (1 × D each):
//   d_gain = Σ_rows d_out ⊙ x̂,   d_bias = Σ_rows d_out,   g = d_out ⊙ gain,
//   d_x    = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))       (per row).
void layer_norm_backward(const ConstMatrixRef& d_out, const Matrix& x_hat,
                         const Matrix& rstd, const Matrix& gain, Matrix* d_x,
                         Matrix* d_gain, Matrix* d_bias);

// ---- Activations ----
// GELU in GPT-2's tanh form (Hendrycks & Gimpel 2016):
//   gelu(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
// ReLU: max(x, 0), with derivative 0 at x = 0.
// pre: R × F. Writes post (R × F).
void activation_forward(Activation activation, const ConstMatrixRef& pre,
                        Matrix* post);
// GPT-2's tanh GELU for inference, on the kernels' f32x4 exp (kernels.h):
//   ½·x·(1 + tanh(u)) = x·σ(2u),   u = √(2/π)·(x + 0.044715·x³),
// the same numbers as activation_forward's up to rounding. Training keeps
// activation_forward, whose numbers its recorded runs were made with.
// pre: R × F. Writes post (R × F).
void gelu_forward_fast(const ConstMatrixRef& pre, Matrix* post);
// pre: R × F (the forward input), d_post: R × F. Writes d_pre (R × F).
void activation_backward(Activation activation, const ConstMatrixRef& pre,
                         const ConstMatrixRef& d_post, Matrix* d_pre);

// ---- Causal softmax ----
// scores: n × n (one head, one sequence), replaced in place by the causal
// softmax: row i is the softmax of its cells 0..i, and its cells i+1.. are
// exactly 0. (The same numbers as mha::softmax_rows after a causal mask.)
// window > 0 makes it local: row i sees only keys i−window+1..i, and the
// earlier cells are 0 as well (GPT-Neo's local layers).
void causal_softmax_inplace(MatrixRef scores, int window = 0);

// weights: R × C (softmax rows), d_weights: R × C. Writes d_scores (R × C):
//   d_scores = weights ⊙ (d_weights − Σ_j d_weights ⊙ weights)   (per row).
// Cells with weight 0 (masked) get gradient 0.
void softmax_backward(const ConstMatrixRef& weights,
                      const ConstMatrixRef& d_weights, MatrixRef d_scores);

// ---- Cross-entropy ----
// logits: R × V.
// targets: R ids in [0, V). loss_weights: R non-negative weights, or nullptr
// for all 1. Returns the weighted mean of −log softmax(logits)[target] (0 when
// every weight is 0). When d_logits is not null it receives R × V: (softmax −
// one_hot(target)) · wᵣ / Σw. When row_losses is not null it receives the R
// unweighted losses. Precondition: every target is in range.
float cross_entropy(const ConstMatrixRef& logits, const int* targets,
                    const float* loss_weights, Matrix* d_logits,
                    float* row_losses = nullptr);

}  // namespace mha::model

#endif  // MHA_MODEL_LAYERS_H_
