// Fuzzes validated multi-head attention: the checked full forward
// (multi_head_attention) and the lean forward (pack_weights, then
// multi_head_attention_lean) on the same fuzzed shapes, flags and values.
//
// Properties, each a __builtin_trap() when broken:
//   - both succeed, or both fail with the same ErrorCode;
//   - on well-scaled inputs (every value within ±1, see DecodeValue) both
//     succeed with finite results that agree within 1e-4 of the output's
//     largest magnitude (at least 1): the output, and the concat, scores and
//     weights when the lean forward was asked for them; the full forward also
//     agrees with the plain-Eigen reference (multi_head_attention_reference).
// With a huge finite value (1e30, FLT_MAX) scores may overflow and the two
// may round differently, so only the statuses are compared.
//
// Input layout (missing bytes read as 0):
//   byte 0  n        = b % 17        (0 is a kZeroSize error)
//   byte 1  d_model  = b % 33        (0 is a kZeroSize error)
//   byte 2  heads    = b % 9         (0, or not dividing d_model: an error)
//   byte 3  flags    bit 0 causal, bit 1 key-padding mask, bit 2 biases,
//                    bit 3 x is a block of a wider matrix (row stride),
//                    bit 4 ask for concat, bit 5 scores, bit 6 weights,
//                    bit 7 a shape fault (byte 4 picks which, ShapeFault)
//   byte 4  the shape fault, b % 8
//   then    n keep flags (bit 0 of each), when bit 1 is set
//   then    one byte per value: x (n × d_model), W_Q, W_K, W_V, W_O
//           (d_model × d_model each), then b_Q, b_K, b_V, b_O when bit 2.
// make_corpus.cpp writes seeds in this layout.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "mha/lean.h"
#include "mha/mask.h"
#include "mha/multi_head.h"
#include "mha/status.h"
#include "mha/types.h"

namespace {

// Reads the input front to back; past the end every byte is 0.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size)
      : data_(data), size_(size) {}
  std::uint8_t Next() { return pos_ < size_ ? data_[pos_++] : 0; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Bytes 0..247 are the well-scaled values (b - 124) / 128, in [-0.97, 0.96];
// 248..255 are the special values below. `wide` is set by a huge finite one.
float DecodeValue(std::uint8_t b, bool* wide) {
  if (b < 248) return (static_cast<int>(b) - 124) / 128.0f;
  switch (b) {
    case 248:
      return std::numeric_limits<float>::quiet_NaN();
    case 249:
      return std::numeric_limits<float>::infinity();
    case 250:
      return -std::numeric_limits<float>::infinity();
    case 251:
      *wide = true;
      return std::numeric_limits<float>::max();
    case 252:
      *wide = true;
      return -1e30f;
    case 253:
      return std::numeric_limits<float>::denorm_min();
    case 254:
      return -0.0f;
    default:
      return 1.0f;
  }
}

void Fill(ByteReader* in, mha::Matrix* m, float scale, bool* wide) {
  for (Eigen::Index i = 0; i < m->size(); ++i) {
    m->data()[i] = DecodeValue(in->Next(), wide) * scale;
  }
}

void Fill(ByteReader* in, mha::RowVector* v, bool* wide) {
  for (Eigen::Index i = 0; i < v->size(); ++i) {
    v->data()[i] = DecodeValue(in->Next(), wide);
  }
}

// Byte 4 when flag bit 7 is set: one input of the wrong size.
enum ShapeFault {
  kXOneColumnMore,   // x is n × (d_model + 1)
  kWkOneColumnMore,  // W_K is d_model × (d_model + 1)
  kWoOneRowMore,     // W_O is (d_model + 1) × d_model
  kBqOneLonger,      // b_Q has d_model + 1 values
  kKeepOneLonger,    // the keep mask has n + 1 flags
  kKeepOneShorter,   // the keep mask has n - 1 flags (none when n is 0)
  kWqOneRowMore,     // W_Q, which sets d_model(), has one row more
  kWvEmpty,          // W_V is 0 × 0
};

// Largest |a - b| relative to max(1, largest |a|); +inf when the shapes
// differ or a cell is non-finite in one and not equal in the other.
float RelativeDiff(const mha::Matrix& a, const mha::Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    return std::numeric_limits<float>::infinity();
  }
  float scale = 1.0f, diff = 0.0f;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const float x = a.data()[i], y = b.data()[i];
    if (!std::isfinite(x) || !std::isfinite(y)) {
      if (x == y) continue;  // the same infinity (a masked score)
      return std::numeric_limits<float>::infinity();
    }
    scale = std::fmax(scale, std::fabs(x));
    diff = std::fmax(diff, std::fabs(x - y));
  }
  return diff / scale;
}

bool AllFinite(const mha::Matrix& m) { return m.allFinite(); }

constexpr float kTolerance = 1e-4f;

void ExpectClose(const mha::Matrix& a, const mha::Matrix& b) {
  if (!(RelativeDiff(a, b) <= kTolerance)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ByteReader in(data, size);
  const int n = in.Next() % 17;
  const int d = in.Next() % 33;
  const int heads = in.Next() % 9;
  const std::uint8_t flags = in.Next();
  const int fault = (flags & 0x80) ? in.Next() % 8 : -1;
  const bool causal = flags & 0x01, padding = flags & 0x02,
             biases = flags & 0x04, strided = flags & 0x08;

  mha::Mask mask;
  mask.causal = causal;
  if (padding) {
    int length = n;
    if (fault == kKeepOneLonger) length = n + 1;
    if (fault == kKeepOneShorter && n > 0) length = n - 1;
    for (int i = 0; i < length; ++i) mask.keep.push_back(in.Next() & 1);
  }

  bool wide = false;
  const int x_cols = fault == kXOneColumnMore ? d + 1 : d;
  // A strided x is the middle columns of a wider matrix, as when a caller
  // passes a block: the forwards must read x.outerStride(), not x_cols.
  // (Not when n is 0: a block of an empty matrix offsets a null pointer.)
  const int first_col = strided && n > 0 ? 1 : 0;
  mha::Matrix wide_x(n, first_col > 0 ? x_cols + 3 : x_cols);
  wide_x.setConstant(std::numeric_limits<float>::quiet_NaN());
  mha::Matrix x_values(n, x_cols);
  Fill(&in, &x_values, 1.0f, &wide);
  wide_x.middleCols(first_col, x_cols) = x_values;
  const Eigen::Ref<const mha::Matrix> x = wide_x.middleCols(first_col, x_cols);

  // Weights scaled by 1/d_model keep every score within ±√d_k: softmax stays
  // well conditioned, so float rounding stays far below the tolerance.
  const float w_scale = d > 0 ? 1.0f / static_cast<float>(d) : 1.0f;
  mha::MultiHeadWeights weights;
  weights.heads = heads;
  weights.wq.resize(fault == kWqOneRowMore ? d + 1 : d, d);
  weights.wk.resize(d, fault == kWkOneColumnMore ? d + 1 : d);
  weights.wv.resize(fault == kWvEmpty ? 0 : d, fault == kWvEmpty ? 0 : d);
  weights.wo.resize(fault == kWoOneRowMore ? d + 1 : d, d);
  Fill(&in, &weights.wq, w_scale, &wide);
  Fill(&in, &weights.wk, w_scale, &wide);
  Fill(&in, &weights.wv, w_scale, &wide);
  Fill(&in, &weights.wo, w_scale, &wide);
  if (biases || fault == kBqOneLonger) {
    weights.bq.resize(fault == kBqOneLonger ? d + 1 : d);
    weights.bk.resize(d);
    weights.bv.resize(d);
    weights.bo.resize(d);
    Fill(&in, &weights.bq, &wide);
    Fill(&in, &weights.bk, &wide);
    Fill(&in, &weights.bv, &wide);
    Fill(&in, &weights.bo, &wide);
  }

  const mha::Result<mha::MultiHeadResult> full =
      mha::multi_head_attention(x, weights, mask);

  mha::ForwardRequest request;
  request.concat = flags & 0x10;
  request.scores = flags & 0x20;
  request.weights = flags & 0x40;
  mha::LeanResult lean;
  mha::Status lean_status;
  const mha::Result<mha::PackedWeights> packed = mha::pack_weights(weights);
  if (packed.ok()) {
    mha::LeanWorkspace workspace;
    lean_status = mha::multi_head_attention_lean(x, packed.value(), mask,
                                                 request, &workspace, &lean);
  } else {
    lean_status = packed.status();
  }

  // Both fail alike, or both succeed; except that an overflow of finite
  // inputs (kNonFinite) is reported for the results each path returns, and
  // the lean path returns only those requested.
  const bool overflow = full.status().code == mha::ErrorCode::kNonFinite ||
                        lean_status.code == mha::ErrorCode::kNonFinite;
  if (overflow && (full.ok() || lean_status.ok())) return 0;
  if (full.status().code != lean_status.code) __builtin_trap();
  if (!full.ok()) {
    if (full.status().message.empty()) __builtin_trap();
    return 0;
  }
  if (wide) return 0;

  const mha::MultiHeadResult& f = full.value();
  if (!AllFinite(f.output) || !AllFinite(f.weights)) __builtin_trap();
  ExpectClose(f.output, lean.output);
  if (request.concat) ExpectClose(f.concat, lean.concat);
  if (request.scores) ExpectClose(f.scores, lean.scores);
  if (request.weights) ExpectClose(f.weights, lean.weights);

  const mha::MultiHeadResult reference =
      mha::multi_head_attention_reference(x, weights, mask);
  ExpectClose(reference.output, f.output);
  ExpectClose(reference.weights, f.weights);
  return 0;
}
