#include "heads_js.h"

#include <utility>

#include "mha/lean.h"
#include "mha/validate.h"

namespace mha::js {
namespace {

HeadSlice& resident_slice() {
  static HeadSlice slice;
  return slice;
}

}  // namespace

SizeCheck set_head_slice(const ForwardArgs& a, int first_head, int head_count) {
  HeadSlice& slice = resident_slice();
  slice = HeadSlice();
  // Sizes first, so that the pointers are only read within known bounds.
  const Status sizes = check_attention_sizes(1, a.d_model, a.heads);
  if (!sizes.ok()) return status_out(sizes);
  Result<HeadSlice> r = pack_head_slice(weights_at(a), first_head, head_count);
  if (!r.ok()) return status_out(r.status());
  slice = std::move(r).value();
  return status_out(Status::Ok());
}

MatrixOut forward_head_slice(std::uintptr_t x, int n, std::uintptr_t keep,
                             bool causal) {
  static LeanWorkspace workspace;
  static Matrix output;
  static Mask mask;
  // The keep flags are read only once n is known to be valid.
  mask.causal = causal;
  mask.keep.clear();
  if (check_sequence_length(n).ok()) {
    mask.keep = bytes_at(keep, static_cast<std::size_t>(n));
  }
  const Status s = head_slice_forward(floats(x), n, resident_slice(), mask,
                                      &workspace, &output);
  if (!s.ok()) return failure<MatrixOut>(s);
  MatrixOut out;
  out.code = "OK";
  out.data = address(output.data());
  out.rows = static_cast<int>(output.rows());
  out.cols = static_cast<int>(output.cols());
  return out;
}

}  // namespace mha::js
