#include "attention_js.h"

#include <utility>

#include "mha/cost.h"
#include "mha/json_io.h"
#include "mha/lean.h"
#include "mha/multi_head.h"
#include "mha/positional.h"
#include "mha/validate.h"

namespace mha::js {

MultiHeadWeights weights_at(const ForwardArgs& a) {
  MultiHeadWeights w;
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

namespace {

// Slot 0 holds the resident weights of setWeights(), slot 1 those of one
// lean call that passed its own.
ResidentWeights& slot(int i) {
  static ResidentWeights slots[2];
  return slots[i == 0 ? 0 : 1];
}

LeanInfo& lean_info() {
  static LeanInfo info;
  return info;
}

Status& lean_status() {
  static Status status;
  return status;
}

ForwardRequest request_of(int want) {
  ForwardRequest request;
  request.output = (want & kWantOutput) != 0;
  request.concat = (want & kWantConcat) != 0;
  request.scores = (want & kWantScores) != 0;
  request.weights = (want & kWantWeights) != 0;
  request.q = (want & kWantQ) != 0;
  request.k = (want & kWantK) != 0;
  request.v = (want & kWantV) != 0;
  request.head_outputs = (want & kWantHeadOutputs) != 0;
  request.contributions = (want & kWantContributions) != 0;
  request.contribution_norms = (want & kWantContributionNorms) != 0;
  return request;
}

std::uint32_t address32(const Matrix& m) {
  return m.size() == 0 ? 0u : static_cast<std::uint32_t>(address(m.data()));
}

}  // namespace

SizeCheck set_weights(int i, const ForwardArgs& a) {
  ResidentWeights& w = slot(i);
  // Sizes first, so that the pointers are only read within known bounds.
  const Status sizes = check_attention_sizes(1, a.d_model, a.heads);
  if (!sizes.ok()) {
    w.clear();
    return status_out(sizes);
  }
  return status_out(w.set(weights_at(a)));
}

void clear_weights() { slot(0).clear(); }

int forward_lean(int i, std::uintptr_t x, int n, std::uintptr_t keep,
                 bool causal, int want) {
  static LeanWorkspace workspace;
  static LeanResult result;
  static Mask mask;
  LeanInfo& info = lean_info();
  info = LeanInfo();
  // The keep flags are read only once n is known to be valid.
  mask.causal = causal;
  mask.keep.clear();
  const Status n_ok = check_sequence_length(n);
  if (n_ok.ok()) mask.keep = bytes_at(keep, static_cast<std::size_t>(n));
  const Status s = slot(i).forward_lean(floats(x), n, mask, request_of(want),
                                        &workspace, &result);
  lean_status() = s;
  if (!s.ok()) {
    info.error = static_cast<std::uint32_t>(s.code);
    return static_cast<int>(s.code);
  }
  info.output = address32(result.output);
  info.concat = address32(result.concat);
  info.scores = address32(result.scores);
  info.weights = address32(result.weights);
  info.q = address32(result.q);
  info.k = address32(result.k);
  info.v = address32(result.v);
  info.head_outputs = address32(result.head_outputs);
  info.contributions = address32(result.contributions);
  info.contribution_norms = address32(result.contribution_norms);
  return 0;
}

std::uintptr_t lean_info_address() {
  return reinterpret_cast<std::uintptr_t>(&lean_info());
}

LeanLayout lean_layout() {
  LeanLayout l;
  l.output = offsetof(LeanInfo, output);
  l.concat = offsetof(LeanInfo, concat);
  l.scores = offsetof(LeanInfo, scores);
  l.weights = offsetof(LeanInfo, weights);
  l.error = offsetof(LeanInfo, error);
  l.q = offsetof(LeanInfo, q);
  l.k = offsetof(LeanInfo, k);
  l.v = offsetof(LeanInfo, v);
  l.head_outputs = offsetof(LeanInfo, head_outputs);
  l.contributions = offsetof(LeanInfo, contributions);
  l.contribution_norms = offsetof(LeanInfo, contribution_norms);
  l.want_output = kWantOutput;
  l.want_concat = kWantConcat;
  l.want_scores = kWantScores;
  l.want_weights = kWantWeights;
  l.want_q = kWantQ;
  l.want_k = kWantK;
  l.want_v = kWantV;
  l.want_head_outputs = kWantHeadOutputs;
  l.want_contributions = kWantContributions;
  l.want_contribution_norms = kWantContributionNorms;
  return l;
}

SizeCheck lean_error() { return status_out(lean_status()); }

SizeCheck check_sizes(int n, int d_model, int heads) {
  return status_out(check_attention_sizes(n, d_model, heads));
}

SizeCheck check_weights_json_size(int d_model, int biases) {
  return status_out(mha::check_weights_json_size(d_model, biases));
}

MatrixOut sinusoidal_positions(int n, int d_model) {
  static Matrix last;
  return matrix_out(mha::sinusoidal_positions(n, d_model), &last);
}

MatrixOut learned_positions(std::uintptr_t table, int rows, int cols, int n) {
  static Matrix last;
  const Status s = check_position_table(rows, cols);
  if (!s.ok()) return failure<MatrixOut>(s);
  return matrix_out(mha::learned_positions(
                        Eigen::Map<const Matrix>(floats(table), rows, cols), n),
                    &last);
}

WeightsOut weights_from_json(const std::string& text) {
  static MultiHeadWeights last;
  Result<MultiHeadWeights> r = mha::weights_from_json(text);
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

TextOut weights_to_json(const ForwardArgs& a) {
  Result<std::string> r = mha::weights_to_json(weights_at(a));
  if (!r.ok()) return failure<TextOut>(r.status());
  TextOut out;
  out.code = "OK";
  out.text = std::move(r).value();
  return out;
}

CostOut attention_cost(double n, double d_model, double heads) {
  const Result<Cost> r =
      mha::attention_cost(cost_size(n), cost_size(d_model), cost_size(heads));
  if (!r.ok()) return failure<CostOut>(r.status());
  const Cost& c = r.value();
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

Limits limits() { return {}; }

}  // namespace mha::js
