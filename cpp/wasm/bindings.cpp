// The embind table: converts between JS numbers/pointers and the core's
// Eigen types, and nothing more. No math lives here.
//
// Data crosses by pointer: the JS layer (web/lib/mha.js) copies typed arrays
// into the wasm heap, calls one function, and copies every result out at
// once. Results live in per-function scratch storage here, overwritten by the
// next call of the same function, so nothing is allocated per call that JS
// could forget to free. No function calls back into JS, so the
// DYNAMIC_EXECUTION=0 re-entrancy bug of Emscripten 3.1.6 cannot arise.
//
// The lean forward (lean.h) is shaped for its per-call cost: weights are
// packed once into a slot by _setWeights, and _forwardLean takes plain
// numbers and returns an int, so that one forward is one embind call (each
// costs 100-400 ns with DYNAMIC_EXECUTION=0); the addresses of its results
// are left in a static LeanInfo that JS reads from the heap.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mha/cost.h"
#include "mha/json_io.h"
#include "mha/lean.h"
#include "mha/limits.h"
#include "mha/multi_head.h"
#include "mha/positional.h"
#include "mha/validate.h"

namespace {

using mha::Matrix;
using mha::RowVector;
using mha::Status;

// Pointers travel as plain numbers; 0 means "absent".
struct ForwardArgs {
  std::uintptr_t x = 0;                           // n × d_model floats
  std::uintptr_t wq = 0, wk = 0, wv = 0, wo = 0;  // d_model × d_model floats
  std::uintptr_t bq = 0, bk = 0, bv = 0, bo = 0;  // d_model floats or 0
  std::uintptr_t keep = 0;                        // n bytes or 0
  int n = 0, d_model = 0, heads = 0;
  bool causal = false;
};

// Where each tensor of the last forward sits in the heap. Lengths follow
// from n, d_model and heads.
struct ForwardOut {
  std::string code;  // "OK" or an mha::ErrorCode name
  std::string message;
  std::uintptr_t q = 0, k = 0, v = 0, scores = 0, weights = 0, heads = 0,
                 concat = 0, output = 0, contributions = 0,
                 contribution_norms = 0;
};

// A matrix result (positions, parsed weights) at `data`, rows × cols.
struct MatrixOut {
  std::string code;
  std::string message;
  std::uintptr_t data = 0;
  int rows = 0, cols = 0;
};

struct WeightsOut {
  std::string code;
  std::string message;
  int heads = 0, d_model = 0;
  std::uintptr_t wq = 0, wk = 0, wv = 0, wo = 0, bq = 0, bk = 0, bv = 0, bo = 0;
};

template <typename Out>
Out failure(const Status& s) {
  Out out;
  out.code = mha::error_code_name(s.code);
  out.message = s.message;
  return out;
}

std::uintptr_t address(const float* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

const float* floats(std::uintptr_t p) {
  return reinterpret_cast<const float*>(p);
}

Matrix matrix_at(std::uintptr_t p, int rows, int cols) {
  return Eigen::Map<const Matrix>(floats(p), rows, cols);
}

RowVector bias_at(std::uintptr_t p, int d_model) {
  if (p == 0) return {};
  return Eigen::Map<const RowVector>(floats(p), d_model);
}

std::uintptr_t bias_address(const RowVector& b) {
  return b.size() == 0 ? 0 : address(b.data());
}

// Sizes first, so the pointers below are only read within known bounds.
Status check_sizes(int n, int d_model, int heads) {
  Status s = mha::check_heads(d_model, heads);
  if (!s.ok()) return s;
  if (!(s = mha::check_sequence_length(n)).ok()) return s;
  return mha::check_work_size(n, d_model, heads);
}

// The weights whose matrices start at a's pointers.
mha::MultiHeadWeights weights_at(const ForwardArgs& a) {
  mha::MultiHeadWeights w;
  w.heads = a.heads;
  w.wq = matrix_at(a.wq, a.d_model, a.d_model);
  w.wk = matrix_at(a.wk, a.d_model, a.d_model);
  w.wv = matrix_at(a.wv, a.d_model, a.d_model);
  w.wo = matrix_at(a.wo, a.d_model, a.d_model);
  w.bq = bias_at(a.bq, a.d_model);
  w.bk = bias_at(a.bk, a.d_model);
  w.bv = bias_at(a.bv, a.d_model);
  w.bo = bias_at(a.bo, a.d_model);
  return w;
}

// Weights kept in the core between calls, in both layouts: slot 0 holds the
// resident weights of setWeights(), slot 1 those of one lean call that
// passed its own.
struct WeightSlot {
  bool set = false;
  mha::MultiHeadWeights weights;
  mha::PackedWeights packed;
};

WeightSlot& slot(int i) {
  static WeightSlot slots[2];
  return slots[i == 0 ? 0 : 1];
}

ForwardOut forward(const ForwardArgs& a) {
  static mha::MultiHeadResult last;
  const Status sizes = check_sizes(a.n, a.d_model, a.heads);
  if (!sizes.ok()) return failure<ForwardOut>(sizes);
  // A null wq means: the resident weights (the JS layer checked that they
  // are set and that d_model and heads agree).
  mha::MultiHeadWeights copied;
  if (a.wq != 0) copied = weights_at(a);
  const mha::MultiHeadWeights& w = a.wq != 0 ? copied : slot(0).weights;
  mha::Mask mask;
  mask.causal = a.causal;
  if (a.keep != 0) {
    const auto* keep = reinterpret_cast<const std::uint8_t*>(a.keep);
    mask.keep.assign(keep, keep + a.n);
  }
  const Eigen::Map<const Matrix> x(floats(a.x), a.n, a.d_model);
  mha::Result<mha::MultiHeadResult> r = mha::multi_head_attention(x, w, mask);
  if (!r.ok()) return failure<ForwardOut>(r.status());
  last = std::move(r).value();
  ForwardOut out;
  out.code = "OK";
  out.q = address(last.q.data());
  out.k = address(last.k.data());
  out.v = address(last.v.data());
  out.scores = address(last.scores.data());
  out.weights = address(last.weights.data());
  out.heads = address(last.head_outputs.data());
  out.concat = address(last.concat.data());
  out.output = address(last.output.data());
  out.contributions = address(last.contributions.data());
  out.contribution_norms = address(last.contribution_norms.data());
  return out;
}

MatrixOut matrix_out(const mha::Result<Matrix>& r, Matrix* storage) {
  if (!r.ok()) return failure<MatrixOut>(r.status());
  *storage = r.value();
  MatrixOut out;
  out.code = "OK";
  out.data = address(storage->data());
  out.rows = static_cast<int>(storage->rows());
  out.cols = static_cast<int>(storage->cols());
  return out;
}

MatrixOut sinusoidal_positions(int n, int d_model) {
  static Matrix last;
  return matrix_out(mha::sinusoidal_positions(n, d_model), &last);
}

MatrixOut learned_positions(std::uintptr_t table, int rows, int cols, int n) {
  static Matrix last;
  const Status s = mha::check_heads(cols, 1);
  if (!s.ok()) return failure<MatrixOut>(s);
  if (rows < 1) {
    return failure<MatrixOut>(Status::Error(mha::ErrorCode::kZeroSize,
                                            "the position table has no rows"));
  }
  return matrix_out(mha::learned_positions(
                        Eigen::Map<const Matrix>(floats(table), rows, cols), n),
                    &last);
}

WeightsOut weights_from_json(const std::string& text) {
  static mha::MultiHeadWeights last;
  mha::Result<mha::MultiHeadWeights> r = mha::weights_from_json(text);
  if (!r.ok()) return failure<WeightsOut>(r.status());
  last = std::move(r).value();
  WeightsOut out;
  out.code = "OK";
  out.heads = last.heads;
  out.d_model = last.d_model();
  out.wq = address(last.wq.data());
  out.wk = address(last.wk.data());
  out.wv = address(last.wv.data());
  out.wo = address(last.wo.data());
  out.bq = bias_address(last.bq);
  out.bk = bias_address(last.bk);
  out.bv = bias_address(last.bv);
  out.bo = bias_address(last.bo);
  return out;
}

// Serialises weights already checked by the JS layer's shape checks; the
// core validates them again before writing.
std::string weights_to_json(const ForwardArgs& a) {
  return mha::weights_to_json(weights_at(a));
}

struct SizeCheck {
  std::string code;
  std::string message;
};

SizeCheck status_out(const Status& s) {
  return {mha::error_code_name(s.code), s.message};
}

// Copies and packs the weights at a's pointers into slot `i` (0: resident).
// On failure the slot is left empty.
SizeCheck set_weights(int i, const ForwardArgs& a) {
  WeightSlot& w = slot(i);
  w.set = false;
  Status s = check_sizes(1, a.d_model, a.heads);
  if (s.ok()) {
    w.weights = weights_at(a);
    s = mha::check_weights(w.weights);
  }
  if (!s.ok()) {
    w.weights = {};
    w.packed = {};
    return status_out(s);
  }
  mha::pack_weights_unchecked(w.weights, &w.packed);
  w.set = true;
  return status_out(s);
}

// Frees the resident weights (slot 0).
void clear_weights() { slot(0) = WeightSlot(); }

// Where the last lean forward left its results: JS reads these five words
// from the heap (at _leanInfo()) after each call, so that one embind call
// does one forward. Each pointer is 0 when that result was not requested.
struct LeanInfo {
  std::uint32_t output = 0, concat = 0, scores = 0, weights = 0;
  std::uint32_t error = 0;  // mha::ErrorCode of the last call, 0 when OK
};

LeanInfo& lean_info() {
  static LeanInfo info;
  return info;
}

Status& lean_status() {
  static Status status;
  return status;
}

std::uintptr_t lean_info_address() {
  return reinterpret_cast<std::uintptr_t>(&lean_info());
}

// Bits of `want`: which results to compute.
constexpr int kWantOutput = 1, kWantConcat = 2, kWantScores = 4,
              kWantWeights = 8;

// The lean forward (lean.h) on the weights in slot `i`, x: n × d_model
// floats at `x`, keep: n bytes at `keep` or 0. Returns the ErrorCode (0 is
// OK); results and their addresses as in LeanInfo, and the message of a
// failure in _leanError().
int forward_lean(int i, std::uintptr_t x, int n, std::uintptr_t keep,
                 bool causal, int want) {
  static mha::LeanWorkspace workspace;
  static mha::LeanResult result;
  static mha::Mask mask;
  LeanInfo& info = lean_info();
  info = LeanInfo();
  const WeightSlot& w = slot(i);
  Status s = w.set ? mha::check_sequence_length(n)
                   : Status::Error(mha::ErrorCode::kShapeMismatch,
                                   "no weights: call setWeights() first");
  if (s.ok()) {
    mha::ForwardRequest request;
    request.output = (want & kWantOutput) != 0;
    request.concat = (want & kWantConcat) != 0;
    request.scores = (want & kWantScores) != 0;
    request.weights = (want & kWantWeights) != 0;
    mask.causal = causal;
    if (keep != 0) {
      const auto* flags = reinterpret_cast<const std::uint8_t*>(keep);
      mask.keep.assign(flags, flags + n);
    } else {
      mask.keep.clear();
    }
    const Eigen::Map<const Matrix> xm(floats(x), n, w.packed.d_model);
    s = mha::multi_head_attention_lean(xm, w.packed, mask, request, &workspace,
                                       &result);
  }
  lean_status() = s;
  if (!s.ok()) {
    info.error = static_cast<std::uint32_t>(s.code);
    return static_cast<int>(s.code);
  }
  const auto at = [](const Matrix& m) {
    return m.size() == 0 ? 0u : static_cast<std::uint32_t>(address(m.data()));
  };
  info.output = at(result.output);
  info.concat = at(result.concat);
  info.scores = at(result.scores);
  info.weights = at(result.weights);
  return 0;
}

SizeCheck lean_error() { return status_out(lean_status()); }

SizeCheck check_sizes_js(int n, int d_model, int heads) {
  return status_out(check_sizes(n, d_model, heads));
}

struct CostOut {
  std::string code;
  std::string message;
  int d_k = 0;
  double parameters = 0, parameters_per_head = 0, flops_per_token = 0,
         projection_flops_per_token = 0, attention_flops_per_token = 0,
         softmax_flops_per_token = 0;
};

// Sizes arrive as doubles so that calculator inputs beyond 2^31 reach the
// core's own check instead of wrapping.
CostOut attention_cost(double n, double d_model, double heads) {
  // Clamp before converting: a double beyond the range of long long would
  // wrap. The core calls anything this large TOO_LARGE.
  const auto size = [](double v) {
    return static_cast<long long>(v > 0x1p62 ? 0x1p62 : v);
  };
  const mha::Result<mha::Cost> r =
      mha::attention_cost(size(n), size(d_model), size(heads));
  if (!r.ok()) return failure<CostOut>(r.status());
  const mha::Cost& c = r.value();
  CostOut out;
  out.code = "OK";
  out.d_k = c.d_k;
  out.parameters = static_cast<double>(c.parameters);
  out.parameters_per_head = static_cast<double>(c.parameters_per_head);
  out.flops_per_token = c.flops_per_token;
  out.projection_flops_per_token = c.projection_flops_per_token;
  out.attention_flops_per_token = c.attention_flops_per_token;
  out.softmax_flops_per_token = c.softmax_flops_per_token;
  return out;
}

struct Limits {
  int max_tokens = mha::kMaxTokens;
  int max_model_dim = mha::kMaxModelDim;
};

Limits limits() { return {}; }

}  // namespace

EMSCRIPTEN_BINDINGS(mha) {
  using emscripten::value_object;
  value_object<ForwardArgs>("ForwardArgs")
      .field("x", &ForwardArgs::x)
      .field("wq", &ForwardArgs::wq)
      .field("wk", &ForwardArgs::wk)
      .field("wv", &ForwardArgs::wv)
      .field("wo", &ForwardArgs::wo)
      .field("bq", &ForwardArgs::bq)
      .field("bk", &ForwardArgs::bk)
      .field("bv", &ForwardArgs::bv)
      .field("bo", &ForwardArgs::bo)
      .field("keep", &ForwardArgs::keep)
      .field("n", &ForwardArgs::n)
      .field("dModel", &ForwardArgs::d_model)
      .field("heads", &ForwardArgs::heads)
      .field("causal", &ForwardArgs::causal);
  value_object<ForwardOut>("ForwardOut")
      .field("code", &ForwardOut::code)
      .field("message", &ForwardOut::message)
      .field("q", &ForwardOut::q)
      .field("k", &ForwardOut::k)
      .field("v", &ForwardOut::v)
      .field("scores", &ForwardOut::scores)
      .field("weights", &ForwardOut::weights)
      .field("heads", &ForwardOut::heads)
      .field("concat", &ForwardOut::concat)
      .field("output", &ForwardOut::output)
      .field("contributions", &ForwardOut::contributions)
      .field("contributionNorms", &ForwardOut::contribution_norms);
  value_object<MatrixOut>("MatrixOut")
      .field("code", &MatrixOut::code)
      .field("message", &MatrixOut::message)
      .field("data", &MatrixOut::data)
      .field("rows", &MatrixOut::rows)
      .field("cols", &MatrixOut::cols);
  value_object<WeightsOut>("WeightsOut")
      .field("code", &WeightsOut::code)
      .field("message", &WeightsOut::message)
      .field("heads", &WeightsOut::heads)
      .field("dModel", &WeightsOut::d_model)
      .field("wq", &WeightsOut::wq)
      .field("wk", &WeightsOut::wk)
      .field("wv", &WeightsOut::wv)
      .field("wo", &WeightsOut::wo)
      .field("bq", &WeightsOut::bq)
      .field("bk", &WeightsOut::bk)
      .field("bv", &WeightsOut::bv)
      .field("bo", &WeightsOut::bo);
  value_object<SizeCheck>("SizeCheck")
      .field("code", &SizeCheck::code)
      .field("message", &SizeCheck::message);
  value_object<CostOut>("CostOut")
      .field("code", &CostOut::code)
      .field("message", &CostOut::message)
      .field("dK", &CostOut::d_k)
      .field("parameters", &CostOut::parameters)
      .field("parametersPerHead", &CostOut::parameters_per_head)
      .field("flopsPerToken", &CostOut::flops_per_token)
      .field("projectionFlopsPerToken", &CostOut::projection_flops_per_token)
      .field("attentionFlopsPerToken", &CostOut::attention_flops_per_token)
      .field("softmaxFlopsPerToken", &CostOut::softmax_flops_per_token);
  value_object<Limits>("Limits")
      .field("maxTokens", &Limits::max_tokens)
      .field("maxModelDim", &Limits::max_model_dim);

  emscripten::function("_forward", &forward);
  emscripten::function("_setWeights", &set_weights);
  emscripten::function("_clearWeights", &clear_weights);
  emscripten::function("_forwardLean", &forward_lean);
  emscripten::function("_leanInfo", &lean_info_address);
  emscripten::function("_leanError", &lean_error);
  emscripten::function("_checkSizes", &check_sizes_js);
  emscripten::function("_sinusoidalPositions", &sinusoidal_positions);
  emscripten::function("_learnedPositions", &learned_positions);
  emscripten::function("_weightsFromJson", &weights_from_json);
  emscripten::function("_weightsToJson", &weights_to_json);
  emscripten::function("_limits", &limits);
  emscripten::function("_attentionCost", &attention_cost);
}
