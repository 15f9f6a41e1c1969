// The lean forward: multi-head attention that computes only what the caller
// asks for, on weights packed once, with scratch memory reused across calls.
//
// multi_head_attention (multi_head.h) returns every intermediate the
// explainer draws: per-head copies of Q, K and V, the head outputs, and each
// head's contribution to the output, an extra n·d_model² of work. A caller
// that wants only the output (a model, a benchmark) asks for it here:
//
//   mha::Result<mha::PackedWeights> packed = mha::pack_weights(weights);
//   mha::LeanWorkspace workspace;
//   mha::LeanResult result;
//   mha::ForwardRequest request;            // output only, by default
//   mha::Status s = mha::multi_head_attention_lean(
//       x, packed.value(), mask, request, &workspace, &result);
//   // result.output: n × d_model
//
// How it runs (kernels.h):
//   1. [Q | K | V] = X · [W_Q | W_K | W_V] + [b_Q | b_K | b_V]: one GEMM,
//      n × 3·d_model, on weights packed by pack_weights.
//   2. For each head, K_h and V_h are packed (K_h transposed), then for each
//      block of 64 queries: S = Q_h·K_hᵀ (GEMM), fused scaled and masked
//      softmax, and weights·V_h (GEMM) into the head's columns of concat.
//      The 64 × n block of S stays in L2. Under a causal mask the block's
//      keys end at its last query: the masked upper triangle is not computed.
//   3. output = concat · W_O + b_O (GEMM). When the contributions (or their
//      norms) are requested, head h's contribution head_h · W_O[rows of h]
//      is one GEMM of depth d_k, and the output is their sum plus b_O
//      instead of a second GEMM.
//
// Per-head copies of Q, K and V and the head outputs are copied out of the
// projections and written by the heads only when requested.
//
// Numbers agree with multi_head_attention within float rounding (the tests
// hold them to 1e-4 relative). Nothing here throws or allocates once the
// workspace and result have grown to the sizes in use.
#ifndef MHA_LEAN_H_
#define MHA_LEAN_H_

#include <vector>

#include "mha/mask.h"
#include "mha/multi_head.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha {

// Which results multi_head_attention_lean fills in. Results not asked for
// are left empty (0 × 0) and cost nothing.
// Every field true (ForwardRequest::all()) is the full forward: the results
// of multi_head_attention, in its layouts, under its size limit
// (check_work_size) and its overflow checks.
struct ForwardRequest {
  bool output = true;    // n × d_model
  bool concat = false;   // n × d_model: head outputs side by side
  bool scores = false;   // (h·n) × n: scaled scores, masked -inf
  bool weights = false;  // (h·n) × n: softmax weights, masked 0
  bool q = false, k = false, v = false;  // (h·n) × d_k each: per-head copies
  bool head_outputs = false;             // (h·n) × d_k: weights · V per head
  bool contributions = false;  // (h·n) × d_model: head_i · W_O rows of i
  bool contribution_norms = false;  // h × n: L2 norm of each contribution row

  // Every result: the full forward.
  static ForwardRequest all();
  // True when every result is requested.
  bool everything() const;
};

// A layer's weights in the kernels' packed layout (kernels.h), made once by
// pack_weights and read by every lean forward.
struct PackedWeights {
  int heads = 0, d_model = 0;
  std::vector<float> wqkv;  // [W_Q | W_K | W_V], d_model × 3·d_model, packed
  std::vector<float> bqkv;  // [b_Q | b_K | b_V], 3·d_model; empty: no biases
  std::vector<float> wo;    // W_O, d_model × d_model, packed
  std::vector<float> bo;    // b_O, d_model; empty: no bias

  int d_k() const { return heads > 0 ? d_model / heads : 0; }
};

// Checks the weights (check_weights), then packs them.
Result<PackedWeights> pack_weights(const MultiHeadWeights& weights);

// Packs weights already checked, into `out`, reusing its memory.
void pack_weights_unchecked(const MultiHeadWeights& weights,
                            PackedWeights* out);

// What a lean forward returns. Matrices not requested are 0 × 0.
struct LeanResult {
  int heads = 0, n = 0, d_model = 0, d_k = 0;
  Matrix output;         // n × d_model
  Matrix concat;         // n × d_model
  Matrix scores;         // (h·n) × n, head h's block is rows [h·n, (h+1)·n)
  Matrix weights;        // (h·n) × n, same layout
  Matrix q, k, v;        // (h·n) × d_k, same layout
  Matrix head_outputs;   // (h·n) × d_k, same layout
  Matrix contributions;  // (h·n) × d_model, same layout
  Matrix contribution_norms;  // h × n
};

// Scratch memory of the lean forward. It grows to the largest size seen and
// is reused, so repeated calls of one size allocate nothing.
struct LeanWorkspace {
  std::vector<float> qkv;       // n × 3·d_model
  std::vector<float> concat;    // n × d_model, when concat is not requested
  std::vector<float> k_packed;  // K_hᵀ of one head, d_k × n, packed
  std::vector<float> v_packed;  // V_h of one head, n × d_k, packed
  std::vector<float> s;         // one block of scores, 64 × n
  std::vector<float> contribution;  // one head's, n × d_model, when only
                                    // the norms are requested
};

// Floats a lean forward holds at once (inputs, workspace, requested results);
// check_lean_input refuses sizes whose count exceeds kMaxWorkFloats, except
// for the full request (ForwardRequest::all()), which is held to the full
// forward's own limit (check_work_size) so that both accept the same sizes.
long long lean_work_floats(int n, int d_model, int heads,
                           const ForwardRequest& request);

// x is n × d_model (1 ≤ n ≤ kMaxTokens, finite), the mask's keep is empty or
// of length n, and the work fits (lean_work_floats). The weights were
// checked by pack_weights.
Status check_lean_input(const ConstMatrixRef& x, const PackedWeights& weights,
                        const Mask& mask, const ForwardRequest& request);

// Validates (check_lean_input), then computes the requested results into
// *result. x: n × d_model, row-major. workspace and result may be reused
// across calls of any size.
Status multi_head_attention_lean(const ConstMatrixRef& x,
                                 const PackedWeights& weights, const Mask& mask,
                                 const ForwardRequest& request,
                                 LeanWorkspace* workspace, LeanResult* result);

// The same without validation. Precondition: check_lean_input(...).ok().
void multi_head_attention_lean_unchecked(const ConstMatrixRef& x,
                                         const PackedWeights& weights,
                                         const Mask& mask,
                                         const ForwardRequest& request,
                                         LeanWorkspace* workspace,
                                         LeanResult* result);

// Weights kept between calls, checked once and held in both layouts: the
// plain MultiHeadWeights (for multi_head_attention) and their packing (for
// the lean forward). A caller that runs many forwards on one set of weights
// sets them once; the wasm module holds one for setWeights() and one for a
// lean call that passes its own weights.
class ResidentWeights {
 public:
  // Checks the sizes (check_attention_sizes for one token) and the weights
  // (check_weights), then keeps and packs them. On failure it is left
  // empty.
  Status set(const MultiHeadWeights& weights);
  // The same, taking the weights over instead of copying them (one copy of
  // 4·d_model² floats less, for weights that arrive with a call).
  Status set(MultiHeadWeights&& weights);

  // Frees the weights; empty() afterwards.
  void clear();

  bool empty() const { return !set_; }
  const MultiHeadWeights& weights() const { return weights_; }
  const PackedWeights& packed() const { return packed_; }

  // The lean forward on these weights. x: n × d_model floats at `x`,
  // row-major, read only after n is checked (check_sequence_length).
  // kShapeMismatch when empty.
  Status forward_lean(const float* x, int n, const Mask& mask,
                      const ForwardRequest& request, LeanWorkspace* workspace,
                      LeanResult* result) const;

 private:
  bool set_ = false;
  MultiHeadWeights weights_;
  PackedWeights packed_;
};

// A slice of a layer's heads, [first_head, first_head + head_count): the
// heads are independent, so a layer split into slices can run on several
// cores (a wasm module per Worker), each holding only its slice's weights.
// A slice's forward returns its partial output
//   concat_slice · W_O[rows of the slice] (+ b_O in the slice with
//   first_head == 0 only),
// n × d_model; the partials of a partition of the heads sum to the layer's
// output. Scores are scaled by 1/√d_k as in the whole layer.
struct HeadSlice {
  int heads = 0, d_model = 0;  // of the whole layer
  int first_head = 0, head_count = 0;
  // [Q_s | K_s | V_s]: the slice's columns of W_Q, W_K and W_V side by side,
  // d_model × 3·width(), packed.
  std::vector<float> wqkv;
  std::vector<float> bqkv;  // 3·width(); empty: no biases
  std::vector<float> wo;  // W_O's rows of the slice, width() × d_model, packed
  std::vector<float> bo;  // d_model when first_head == 0 and b_O is set

  int d_k() const { return heads > 0 ? d_model / heads : 0; }
  int width() const { return head_count * d_k(); }
  bool empty() const { return head_count == 0; }
};

// 0 ≤ first_head, 1 ≤ head_count, first_head + head_count ≤ heads
// (kOutOfRange otherwise).
Status check_head_range(int heads, int first_head, int head_count);

// Checks the layer's sizes (check_attention_sizes for one token), the weights
// (check_weights) and the range (check_head_range), then packs the slice.
Result<HeadSlice> pack_head_slice(const MultiHeadWeights& weights,
                                  int first_head, int head_count);

// The slice's partial output into *output (n × d_model). x: n × d_model floats
// at `x`, row-major, read only after n is checked (check_sequence_length);
// the mask as check_lean_input checks it. kShapeMismatch for an empty slice.
// workspace may be reused across calls and slices.
Status head_slice_forward(const float* x, int n, const HeadSlice& slice,
                          const Mask& mask, LeanWorkspace* workspace,
                          Matrix* output);

}  // namespace mha

#endif  // MHA_LEAN_H_
