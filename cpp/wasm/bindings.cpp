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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "metrics_js.h"
#include "mha/cost.h"
#include "mha/handle_registry.h"
#include "mha/json_io.h"
#include "mha/lean.h"
#include "mha/limits.h"
#include "mha/model/ablation.h"
#include "mha/model/checkpoint.h"
#include "mha/model/data.h"
#include "mha/model/metrics.h"
#include "mha/model/next_token.h"
#include "mha/model/train.h"
#include "mha/model/transformer.h"
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
// web/lib/mha.js reads these words at these byte offsets: a change here
// must change there too, and fails to compile until it is looked at.
static_assert(sizeof(LeanInfo) == 20, "LeanInfo is five 32-bit words");
static_assert(offsetof(LeanInfo, output) == 0, "LeanInfo word 0: output");
static_assert(offsetof(LeanInfo, concat) == 4, "LeanInfo word 1: concat");
static_assert(offsetof(LeanInfo, scores) == 8, "LeanInfo word 2: scores");
static_assert(offsetof(LeanInfo, weights) == 12, "LeanInfo word 3: weights");
static_assert(offsetof(LeanInfo, error) == 16, "LeanInfo word 4: error");

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

// ---- The trainable model (mha/model) ---------------------------------------
// Loaded checkpoints and trainers are kept here between calls, under integer
// handles that JS frees (Model.dispose(), Trainer.dispose()). Results of one
// call live in static storage until the next call of the same function.

namespace model = mha::model;

using mha::HandleRegistry;

HandleRegistry<model::Checkpoint>& models() {
  static HandleRegistry<model::Checkpoint> handles;
  return handles;
}

HandleRegistry<model::Trainer>& trainers() {
  static HandleRegistry<model::Trainer> handles;
  return handles;
}

Status no_handle(const char* what, int handle) {
  return Status::Error(mha::ErrorCode::kOutOfRange,
                       std::string("no open ") + what + " with handle " +
                           std::to_string(handle) + " (disposed?)");
}

Status too_many(const char* what) {
  return Status::Error(mha::ErrorCode::kTooLarge,
                       std::string("too many ") + what + "s open (" +
                           std::to_string(mha::kMaxOpenHandles) +
                           "): dispose() the ones no longer needed");
}

const int* ints(std::uintptr_t p) { return reinterpret_cast<const int*>(p); }

std::uintptr_t address(const int* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

// L·H ablation flags at `p` (0: none).
std::vector<std::uint8_t> flags_at(std::uintptr_t p, const model::Weights& w) {
  if (p == 0) return {};
  const auto* f = reinterpret_cast<const std::uint8_t*>(p);
  return {f, f + static_cast<std::size_t>(w.config.layers) * w.config.heads};
}

struct ModelOut {
  std::string code;
  std::string message;
  int handle = 0, step = 0;
  int vocab = 0, context = 0, d_model = 0, heads = 0, layers = 0, d_mlp = 0;
  bool mlp = false;
  std::string activation, meta;
  double parameters = 0;
};

ModelOut model_out(int handle, const model::Checkpoint& c) {
  ModelOut out;
  const model::ModelConfig& m = c.weights.config;
  out.code = "OK";
  out.handle = handle;
  out.step = c.step;
  out.vocab = m.vocab;
  out.context = m.context;
  out.d_model = m.d_model;
  out.heads = m.heads;
  out.layers = m.layers;
  out.d_mlp = m.d_mlp;
  out.mlp = m.mlp;
  out.activation = model::activation_name(m.activation);
  out.meta = c.meta_json;
  out.parameters = static_cast<double>(model::parameter_count(c.weights));
  return out;
}

// bytes: `size` bytes of a checkpoint file (mha/model/checkpoint.h).
ModelOut model_load(std::uintptr_t bytes, int size) {
  mha::Result<model::Checkpoint> r =
      model::load_checkpoint(reinterpret_cast<const std::uint8_t*>(bytes),
                             static_cast<std::size_t>(size < 0 ? 0 : size));
  if (!r.ok()) return failure<ModelOut>(r.status());
  const int handle = models().add(std::move(r).value());
  if (handle == 0) return failure<ModelOut>(too_many("model"));
  return model_out(handle, *models().find(handle));
}

void model_free(int handle) { models().remove(handle); }

struct ModelForwardOut {
  std::string code;
  std::string message;
  std::uintptr_t logits = 0;     // n × V floats
  std::uintptr_t attention = 0;  // L × H × n × n floats
};

// tokens: n ids at `tokens`; ablated: L·H flags or 0.
ModelForwardOut model_forward(int handle, std::uintptr_t tokens, int n,
                              std::uintptr_t ablated) {
  static model::ForwardCache cache;
  static std::vector<float> attention;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<ModelForwardOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  const std::vector<std::uint8_t> flags = flags_at(ablated, w);
  Status s = model::check_forward_input(w.config, ints(tokens), 1, n, flags);
  if (s.ok()) s = model::forward(w, ints(tokens), 1, n, flags, &cache);
  if (!s.ok()) return failure<ModelForwardOut>(s);
  // Each layer's (H·n) × n block of head weights, one after another.
  const int layers = w.config.layers, heads = w.config.heads;
  attention.resize(static_cast<std::size_t>(layers) * heads * n * n);
  float* to = attention.data();
  for (int l = 0; l < layers; ++l) {
    const Matrix& a = cache.layers[l].weights;
    to = std::copy(a.data(), a.data() + a.size(), to);
  }
  ModelForwardOut out;
  out.code = "OK";
  out.logits = address(cache.logits.data());
  out.attention = address(attention.data());
  return out;
}

struct TopNextOut {
  std::string code;
  std::string message;
  std::uintptr_t ids = 0;            // k ids, most probable first
  std::uintptr_t probabilities = 0;  // k floats, same order
  int k = 0;
};

// tokens: n ids at `tokens`.
TopNextOut model_top_next(int handle, std::uintptr_t tokens, int n,
                          int position, int k) {
  static model::NextTokens last;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<TopNextOut>(no_handle("model", handle));
  // Sizes before reading n ids.
  const Status s = model::check_batch_shape(c->weights.config, 1, n);
  if (!s.ok()) return failure<TopNextOut>(s);
  mha::Result<model::NextTokens> r = model::top_next_tokens(
      c->weights, std::vector<int>(ints(tokens), ints(tokens) + n), position,
      k);
  if (!r.ok()) return failure<TopNextOut>(r.status());
  last = std::move(r).value();
  TopNextOut out;
  out.code = "OK";
  out.ids = reinterpret_cast<std::uintptr_t>(last.ids.data());
  out.probabilities = address(last.probabilities.data());
  out.k = static_cast<int>(last.ids.size());
  return out;
}

// AnalyzeOut::metrics holds 10 floats per head, in this order:
// previous_token, induction, copying, self_mass, sink_mass, entropy,
// entropy_normalized, confidence, mean_distance, local_mass.

struct Thresholds {
  float induction = 0, previous_token = 0, sink = 0, self = 0, broad = 0,
        local = 0;
};

Thresholds default_thresholds() {
  const model::ClassifierThresholds t;
  return {t.induction, t.previous_token, t.sink, t.self, t.broad, t.local};
}

struct AnalyzeOut {
  std::string code;
  std::string message;
  std::uintptr_t metrics = 0;     // (L·H) × 10 floats, in the order above
  std::uintptr_t divergence = 0;  // (L·H) × (L·H) floats
  std::string labels;             // L·H label names, one per line
};

// tokens: batch × n ids at `tokens`.
AnalyzeOut model_analyze(int handle, std::uintptr_t tokens, int batch, int n,
                         const Thresholds& t) {
  static std::vector<float> metrics;
  static Matrix divergence;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<AnalyzeOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  // Sizes before reading batch × n ids.
  Status s = model::check_batch_shape(w.config, batch, n);
  if (!s.ok()) return failure<AnalyzeOut>(s);
  const std::vector<int> ids(
      ints(tokens), ints(tokens) + static_cast<std::size_t>(batch) * n);
  model::ClassifierThresholds thresholds;
  thresholds.induction = t.induction;
  thresholds.previous_token = t.previous_token;
  thresholds.sink = t.sink;
  thresholds.self = t.self;
  thresholds.broad = t.broad;
  thresholds.local = t.local;
  mha::Result<model::ModelHeadReport> r =
      model::analyze_heads(w, ids, batch, n, thresholds);
  if (!r.ok()) return failure<AnalyzeOut>(r.status());
  const model::ModelHeadReport& report = r.value();
  metrics.clear();
  AnalyzeOut out;
  for (const model::HeadReport& h : report.heads_by_index) {
    const model::PatternMetrics& p = h.pattern;
    metrics.insert(metrics.end(),
                   {p.previous_token, p.induction, h.copying, p.self_mass,
                    p.sink_mass, p.entropy, p.entropy_normalized, p.confidence,
                    p.mean_distance, p.local_mass});
    out.labels += model::head_label_name(h.label);
    out.labels += '\n';
  }
  divergence = report.divergence;
  out.code = "OK";
  out.metrics = address(metrics.data());
  out.divergence = address(divergence.data());
  return out;
}

struct AblationOut {
  std::string code;
  std::string message;
  double loss = 0, ablated_loss = 0, delta = 0, changed_predictions = 0;
  std::uintptr_t predicted = 0, ablated_predicted = 0;  // batch × n ids
};

// sequences: batch × (n + 1) ids; loss_weights: batch × n floats or 0;
// ablated: L·H flags.
AblationOut model_ablation(int handle, std::uintptr_t sequences, int batch,
                           int n, std::uintptr_t loss_weights,
                           std::uintptr_t ablated) {
  static model::AblationEffect last;
  const model::Checkpoint* c = models().find(handle);
  if (c == nullptr) return failure<AblationOut>(no_handle("model", handle));
  const model::Weights& w = c->weights;
  // Sizes before reading (the ids are checked by ablation_effect).
  const Status s = model::check_batch_shape(w.config, batch, n);
  if (!s.ok()) return failure<AblationOut>(s);
  const std::size_t count = static_cast<std::size_t>(batch) * n;
  const std::vector<int> ids(ints(sequences), ints(sequences) + count + batch);
  std::vector<float> weights;
  if (loss_weights != 0) {
    weights.assign(floats(loss_weights), floats(loss_weights) + count);
  }
  mha::Result<model::AblationEffect> r =
      model::ablation_effect(w, ids, batch, n, weights, flags_at(ablated, w));
  if (!r.ok()) return failure<AblationOut>(r.status());
  last = std::move(r).value();
  AblationOut out;
  out.code = "OK";
  out.loss = last.loss;
  out.ablated_loss = last.ablated_loss;
  out.delta = last.delta;
  out.changed_predictions = last.changed_predictions;
  out.predicted = address(last.predicted.data());
  out.ablated_predicted = address(last.ablated_predicted.data());
  return out;
}

struct IdsOut {
  std::string code;
  std::string message;
  std::uintptr_t data = 0;
  int length = 0;
};

IdsOut ids_out(const std::vector<int>& ids) {
  IdsOut out;
  out.code = "OK";
  out.data = address(ids.data());
  out.length = static_cast<int>(ids.size());
  return out;
}

IdsOut encode_text(const std::string& utf8) {
  static std::vector<int> last;
  last = model::encode_text(utf8);
  return ids_out(last);
}

std::string decode_tokens(std::uintptr_t ids, int length) {
  return model::decode_tokens(
      std::vector<int>(ints(ids), ints(ids) + (length < 0 ? 0 : length)));
}

// batch sequences of `half` distinct symbols of `alphabet` (empty: '!'..'~')
// repeated once; seed arrives as a double to keep all 32 bits.
IdsOut probe_sequences(int batch, int half, double seed,
                       const std::string& alphabet) {
  static std::vector<int> last;
  mha::Result<std::vector<int>> r =
      model::probe_sequences(batch, half, static_cast<std::uint32_t>(seed),
                             model::synthetic_symbols(alphabet));
  if (!r.ok()) return failure<IdsOut>(r.status());
  last = std::move(r).value();
  return ids_out(last);
}

MatrixOut repeated_half_weights(int batch, int half) {
  static Matrix last;
  if (batch < 1 || half < 1 || batch > mha::kMaxTokens ||
      half > model::kMaxContext) {
    return failure<MatrixOut>(Status::Error(
        mha::ErrorCode::kOutOfRange,
        "repeatedHalfWeights needs 1 ≤ batch ≤ 2048 and 1 ≤ half ≤ 1024"));
  }
  const std::vector<float> w = model::repeated_half_weights(batch, half);
  last = Eigen::Map<const Matrix>(w.data(), batch, 2 * half - 1);
  MatrixOut out;
  out.code = "OK";
  out.data = address(last.data());
  out.rows = batch;
  out.cols = 2 * half - 1;
  return out;
}

// A TrainConfig, field by field (mha/model/train.h).
struct TrainArgs {
  int layers = 0, heads = 0, d_model = 0, context = 0, d_mlp = 0;
  bool mlp = false, gelu = true;
  double seed = 0;
  float init_std = 0, position_scale = 1;
  bool sinusoidal = false;
  float lr = 0, beta1 = 0, beta2 = 0, epsilon = 0, clip = 0, min_lr = 0;
  int warmup = 0, decay_steps = 0;
  bool cosine = false;
  int batch = 0, n = 0, min_span = 0, max_span = 0, max_shift = 0;
  float mix = 0;
  bool score_copies_only = false;
  std::string alphabet;
};

model::TrainConfig train_config(const TrainArgs& a) {
  model::TrainConfig c;
  c.model.vocab = model::kVocabSize;
  c.model.layers = a.layers;
  c.model.heads = a.heads;
  c.model.d_model = a.d_model;
  c.model.context = a.context;
  c.model.mlp = a.mlp;
  c.model.d_mlp = a.d_mlp;
  c.model.activation =
      a.gelu ? model::Activation::kGelu : model::Activation::kRelu;
  c.seed = static_cast<std::uint32_t>(a.seed);
  c.init.std = a.init_std;
  c.init.position_scale = a.position_scale;
  c.init.positions = a.sinusoidal ? model::PositionInit::kSinusoidal
                                  : model::PositionInit::kNormal;
  c.adam.lr = a.lr;
  c.adam.beta1 = a.beta1;
  c.adam.beta2 = a.beta2;
  c.adam.epsilon = a.epsilon;
  c.adam.clip_norm = a.clip;
  c.adam.min_lr = a.min_lr;
  c.adam.warmup = a.warmup;
  c.adam.decay_steps = a.decay_steps;
  c.adam.cosine = a.cosine;
  c.data.batch = a.batch;
  c.data.n = a.n;
  c.data.min_span = a.min_span;
  c.data.max_span = a.max_span;
  c.data.max_shift = a.max_shift;
  c.data.synthetic_fraction = a.mix;
  c.data.score_copies_only = a.score_copies_only;
  c.data.alphabet = a.alphabet;
  return c;
}

struct HandleOut {
  std::string code;
  std::string message;
  int handle = 0;
};

// text: `length` ids at `text` (0 when the data is all synthetic).
HandleOut trainer_create(const TrainArgs& args, std::uintptr_t text,
                         int length) {
  std::vector<int> ids;
  if (text != 0 && length > 0) ids.assign(ints(text), ints(text) + length);
  mha::Result<model::Trainer> r =
      model::Trainer::create(train_config(args), std::move(ids));
  if (!r.ok()) return failure<HandleOut>(r.status());
  HandleOut out;
  out.handle = trainers().add(std::move(r).value());
  if (out.handle == 0) return failure<HandleOut>(too_many("trainer"));
  out.code = "OK";
  return out;
}

struct StepOut {
  std::string code;
  std::string message;
  int steps = 0;             // steps taken by this call
  std::uintptr_t stats = 0;  // steps × 6 floats:
                             // step, lr, loss, loss_synthetic, loss_text,
                             // grad_norm
};

StepOut trainer_step(int handle, int count) {
  static std::vector<float> stats;
  model::Trainer* t = trainers().find(handle);
  if (t == nullptr) return failure<StepOut>(no_handle("trainer", handle));
  if (count < 1 || count > 100000) {
    return failure<StepOut>(Status::Error(
        mha::ErrorCode::kOutOfRange,
        "steps must be between 1 and 100000, got " + std::to_string(count)));
  }
  stats.clear();
  for (int i = 0; i < count; ++i) {
    mha::Result<model::StepStats> r = t->step();
    if (!r.ok()) return failure<StepOut>(r.status());
    const model::StepStats& s = r.value();
    stats.insert(stats.end(), {static_cast<float>(s.step), s.lr, s.loss,
                               s.loss_synthetic, s.loss_text, s.grad_norm});
  }
  StepOut out;
  out.code = "OK";
  out.steps = count;
  out.stats = address(stats.data());
  return out;
}

// A copy of the trainer's current weights as a new model.
ModelOut trainer_snapshot(int handle) {
  const model::Trainer* t = trainers().find(handle);
  if (t == nullptr) return failure<ModelOut>(no_handle("trainer", handle));
  model::Checkpoint c;
  c.weights = t->weights();
  c.step = t->steps_done();
  const int id = models().add(std::move(c));
  if (id == 0) return failure<ModelOut>(too_many("model"));
  return model_out(id, *models().find(id));
}

void trainer_free(int handle) { trainers().remove(handle); }

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

  value_object<ModelOut>("ModelOut")
      .field("code", &ModelOut::code)
      .field("message", &ModelOut::message)
      .field("handle", &ModelOut::handle)
      .field("step", &ModelOut::step)
      .field("vocab", &ModelOut::vocab)
      .field("context", &ModelOut::context)
      .field("dModel", &ModelOut::d_model)
      .field("heads", &ModelOut::heads)
      .field("layers", &ModelOut::layers)
      .field("dMlp", &ModelOut::d_mlp)
      .field("mlp", &ModelOut::mlp)
      .field("activation", &ModelOut::activation)
      .field("meta", &ModelOut::meta)
      .field("parameters", &ModelOut::parameters);
  value_object<ModelForwardOut>("ModelForwardOut")
      .field("code", &ModelForwardOut::code)
      .field("message", &ModelForwardOut::message)
      .field("logits", &ModelForwardOut::logits)
      .field("attention", &ModelForwardOut::attention);
  value_object<TopNextOut>("TopNextOut")
      .field("code", &TopNextOut::code)
      .field("message", &TopNextOut::message)
      .field("ids", &TopNextOut::ids)
      .field("probabilities", &TopNextOut::probabilities)
      .field("k", &TopNextOut::k);
  value_object<Thresholds>("Thresholds")
      .field("induction", &Thresholds::induction)
      .field("previousToken", &Thresholds::previous_token)
      .field("sink", &Thresholds::sink)
      .field("self", &Thresholds::self)
      .field("broad", &Thresholds::broad)
      .field("local", &Thresholds::local);
  value_object<AnalyzeOut>("AnalyzeOut")
      .field("code", &AnalyzeOut::code)
      .field("message", &AnalyzeOut::message)
      .field("metrics", &AnalyzeOut::metrics)
      .field("divergence", &AnalyzeOut::divergence)
      .field("labels", &AnalyzeOut::labels);
  value_object<AblationOut>("AblationOut")
      .field("code", &AblationOut::code)
      .field("message", &AblationOut::message)
      .field("loss", &AblationOut::loss)
      .field("ablatedLoss", &AblationOut::ablated_loss)
      .field("delta", &AblationOut::delta)
      .field("changedPredictions", &AblationOut::changed_predictions)
      .field("predicted", &AblationOut::predicted)
      .field("ablatedPredicted", &AblationOut::ablated_predicted);
  value_object<IdsOut>("IdsOut")
      .field("code", &IdsOut::code)
      .field("message", &IdsOut::message)
      .field("data", &IdsOut::data)
      .field("length", &IdsOut::length);
  value_object<TrainArgs>("TrainArgs")
      .field("layers", &TrainArgs::layers)
      .field("heads", &TrainArgs::heads)
      .field("dModel", &TrainArgs::d_model)
      .field("context", &TrainArgs::context)
      .field("dMlp", &TrainArgs::d_mlp)
      .field("mlp", &TrainArgs::mlp)
      .field("gelu", &TrainArgs::gelu)
      .field("seed", &TrainArgs::seed)
      .field("initStd", &TrainArgs::init_std)
      .field("positionScale", &TrainArgs::position_scale)
      .field("sinusoidal", &TrainArgs::sinusoidal)
      .field("lr", &TrainArgs::lr)
      .field("beta1", &TrainArgs::beta1)
      .field("beta2", &TrainArgs::beta2)
      .field("epsilon", &TrainArgs::epsilon)
      .field("clip", &TrainArgs::clip)
      .field("minLr", &TrainArgs::min_lr)
      .field("warmup", &TrainArgs::warmup)
      .field("decaySteps", &TrainArgs::decay_steps)
      .field("cosine", &TrainArgs::cosine)
      .field("batch", &TrainArgs::batch)
      .field("n", &TrainArgs::n)
      .field("minSpan", &TrainArgs::min_span)
      .field("maxSpan", &TrainArgs::max_span)
      .field("maxShift", &TrainArgs::max_shift)
      .field("mix", &TrainArgs::mix)
      .field("scoreCopiesOnly", &TrainArgs::score_copies_only)
      .field("alphabet", &TrainArgs::alphabet);
  value_object<HandleOut>("HandleOut")
      .field("code", &HandleOut::code)
      .field("message", &HandleOut::message)
      .field("handle", &HandleOut::handle);
  value_object<StepOut>("StepOut")
      .field("code", &StepOut::code)
      .field("message", &StepOut::message)
      .field("steps", &StepOut::steps)
      .field("stats", &StepOut::stats);

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
  emscripten::function("_modelLoad", &model_load);
  emscripten::function("_modelFree", &model_free);
  emscripten::function("_modelForward", &model_forward);
  emscripten::function("_modelAnalyze", &model_analyze);
  emscripten::function("_modelTopNext", &model_top_next);
  emscripten::function("_modelAblation", &model_ablation);
  emscripten::function("_defaultThresholds", &default_thresholds);
  emscripten::function("_encodeText", &encode_text);
  emscripten::function("_decodeTokens", &decode_tokens);
  emscripten::function("_probeSequences", &probe_sequences);
  emscripten::function("_repeatedHalfWeights", &repeated_half_weights);
  emscripten::function("_trainerCreate", &trainer_create);
  emscripten::function("_trainerStep", &trainer_step);
  emscripten::function("_trainerSnapshot", &trainer_snapshot);
  emscripten::function("_trainerFree", &trainer_free);
  mha::wasm::bind_metrics();
}
