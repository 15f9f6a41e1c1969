// The attention layer's adapters for the embind table (bindings.cpp): the
// forward on resident weights (lean.h; every intermediate or only those
// asked for), positions, weights as JSON, cost and limits.
//
// Data crosses by pointer: the JS layer (web/lib/mha.js) copies typed arrays
// into the wasm heap, calls one function, and copies every result out at
// once. Results live in per-function static storage, overwritten by the next
// call of the same function, so nothing is allocated per call that JS could
// forget to free.
//
// The forward is shaped for its per-call cost: weights are packed once
// into a slot by _setWeights, and _forwardLean takes plain numbers and
// returns an int, so that one forward is one embind call (each costs
// 100-400 ns with DYNAMIC_EXECUTION=0); the addresses of its results are
// left in a static LeanInfo that JS reads from the heap.
#ifndef MHA_WASM_ATTENTION_JS_H_
#define MHA_WASM_ATTENTION_JS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "convert.h"
#include "mha/limits.h"
#include "mha/multi_head.h"

namespace mha::js {

// Pointers travel as plain numbers; 0 means "absent".
struct ForwardArgs {
  std::uintptr_t x = 0;                           // n × d_model floats
  std::uintptr_t wq = 0, wk = 0, wv = 0, wo = 0;  // d_model × d_model floats
  std::uintptr_t bq = 0, bk = 0, bv = 0, bo = 0;  // d_model floats or 0
  std::uintptr_t keep = 0;                        // n bytes or 0
  int n = 0, d_model = 0, heads = 0;
  bool causal = false;
};

struct WeightsOut {
  std::string code;
  std::string message;
  int heads = 0, d_model = 0;
  std::uintptr_t wq = 0, wk = 0, wv = 0, wo = 0, bq = 0, bk = 0, bv = 0, bo = 0;
};

// Where the last lean forward left its results: JS reads these words from
// the heap (at _leanInfo()) after each call, so that one embind call does
// one forward. Each pointer is 0 when that result was not requested.
struct LeanInfo {
  std::uint32_t output = 0, concat = 0, scores = 0, weights = 0;
  std::uint32_t error = 0;  // mha::ErrorCode of the last call, 0 when OK
  std::uint32_t q = 0, k = 0, v = 0, head_outputs = 0, contributions = 0,
                contribution_norms = 0;
};
// web/lib/mha.js reads these words at the byte offsets lean_layout() gives;
// the asserts keep the eleven words packed, 32-bit and in this order.
static_assert(sizeof(LeanInfo) == 44, "LeanInfo is eleven 32-bit words");
static_assert(offsetof(LeanInfo, output) == 0, "LeanInfo word 0: output");
static_assert(offsetof(LeanInfo, concat) == 4, "LeanInfo word 1: concat");
static_assert(offsetof(LeanInfo, scores) == 8, "LeanInfo word 2: scores");
static_assert(offsetof(LeanInfo, weights) == 12, "LeanInfo word 3: weights");
static_assert(offsetof(LeanInfo, error) == 16, "LeanInfo word 4: error");
static_assert(offsetof(LeanInfo, contribution_norms) == 40,
              "LeanInfo word 10: contribution_norms");

// Bits of forward_lean's `want`: which results to compute.
inline constexpr int kWantOutput = 1, kWantConcat = 2, kWantScores = 4,
                     kWantWeights = 8, kWantQ = 16, kWantK = 32, kWantV = 64,
                     kWantHeadOutputs = 128, kWantContributions = 256,
                     kWantContributionNorms = 512;

// The lean protocol as JS reads it once at start-up (_leanLayout()): the
// byte offset of each LeanInfo word and the `want` bit of each result, so
// that web/lib/mha.js retypes neither.
struct LeanLayout {
  int output = 0, concat = 0, scores = 0, weights = 0, error = 0;  // bytes
  int q = 0, k = 0, v = 0, head_outputs = 0, contributions = 0,
      contribution_norms = 0;  // bytes
  int want_output = 0, want_concat = 0, want_scores = 0, want_weights = 0;
  int want_q = 0, want_k = 0, want_v = 0, want_head_outputs = 0,
      want_contributions = 0, want_contribution_norms = 0;
};

struct CostOut {
  std::string code;
  std::string message;
  int d_k = 0;
  double parameters = 0, parameters_per_head = 0, flops_per_token = 0,
         projection_flops_per_token = 0, attention_flops_per_token = 0,
         softmax_flops_per_token = 0;
};

// The core's size limits (limits.h), for the page's inputs.
struct Limits {
  int max_tokens = kMaxTokens;
  int max_model_dim = kMaxModelDim;
};

// The weights whose matrices start at a's pointers (d_model × d_model
// matrices, d_model biases; a bias pointer of 0 is no bias). No checks.
MultiHeadWeights weights_at(const ForwardArgs& a);

// Checks and keeps the weights at a's pointers in slot `i` (0: resident,
// 1: those of one lean call). On failure the slot is left empty.
SizeCheck set_weights(int i, const ForwardArgs& a);

// Frees the resident weights (slot 0).
void clear_weights();

// The forward on the weights in slot `i`; x: n × d_model floats at `x`,
// keep: n bytes at `keep` or 0, want: bits of kWant* (all of them: the full
// forward, mha::ForwardRequest::all()). Returns the
// ErrorCode (0 is OK); results and their addresses as in LeanInfo, and the
// message of a failure in lean_error().
int forward_lean(int i, std::uintptr_t x, int n, std::uintptr_t keep,
                 bool causal, int want);
std::uintptr_t lean_info_address();
LeanLayout lean_layout();
SizeCheck lean_error();

// check_attention_sizes (validate.h).
SizeCheck check_sizes(int n, int d_model, int heads);
// mha::check_weights_json_size, before weightsToJSON copies its arrays in.
SizeCheck check_weights_json_size(int d_model, int biases);

MatrixOut sinusoidal_positions(int n, int d_model);
// table: rows × cols floats.
MatrixOut learned_positions(std::uintptr_t table, int rows, int cols, int n);

// A text result, e.g. a JSON document.
struct TextOut {
  std::string code;
  std::string message;
  std::string text;
};

WeightsOut weights_from_json(const std::string& text);
// Serialises the weights at a's pointers, already checked by the JS
// layer's shape checks; the core validates them again before writing.
TextOut weights_to_json(const ForwardArgs& a);

// Sizes arrive as doubles so that calculator inputs beyond 2^31 reach the
// core's own check instead of wrapping.
CostOut attention_cost(double n, double d_model, double heads);

Limits limits();

}  // namespace mha::js

#endif  // MHA_WASM_ATTENTION_JS_H_
