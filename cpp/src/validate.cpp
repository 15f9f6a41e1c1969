#include "mha/validate.h"

#include <cmath>
#include <limits>
#include <string>

#include "mha/kernels.h"
#include "mha/limits.h"

namespace mha {
namespace {

std::string shape_text(Eigen::Index rows, Eigen::Index cols) {
  return std::to_string(rows) + " × " + std::to_string(cols);
}

const char* non_finite_kind(float value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

}  // namespace

Status check_sequence_length(int n) {
  if (n < 1) {
    return Status::Error(ErrorCode::kZeroSize,
                         "n (the number of tokens) must be at least 1, got " +
                             std::to_string(n));
  }
  if (n > kMaxTokens) {
    return Status::Error(ErrorCode::kTooLarge, "n (the number of tokens) is " +
                                                   std::to_string(n) +
                                                   ", above the maximum of " +
                                                   std::to_string(kMaxTokens));
  }
  return Status::Ok();
}

Status check_heads(int d_model, int heads) {
  if (d_model < 1) {
    return Status::Error(
        ErrorCode::kZeroSize,
        "d_model must be at least 1, got " + std::to_string(d_model));
  }
  if (heads < 1) {
    return Status::Error(
        ErrorCode::kZeroSize,
        "heads must be at least 1, got " + std::to_string(heads));
  }
  if (d_model > kMaxModelDim) {
    return Status::Error(ErrorCode::kTooLarge,
                         "d_model is " + std::to_string(d_model) +
                             ", above the maximum of " +
                             std::to_string(kMaxModelDim));
  }
  if (d_model % heads != 0) {
    return Status::Error(ErrorCode::kHeadsDoNotDivide,
                         "d_model (" + std::to_string(d_model) +
                             ") is not divisible by heads (" +
                             std::to_string(heads) + ")");
  }
  return Status::Ok();
}

long long forward_work_floats(int n, int d_model, int heads) {
  const long long N = n, D = d_model, H = heads;
  const long long inputs = 2 * (4 * D * D + N * D);
  const long long projections = 3 * N * D;
  const long long per_head = 4 * N * D + 2 * H * N * N + H * N * D + H * N;
  return inputs + projections + per_head + 2 * N * D;
}

Status check_work_size(int n, int d_model, int heads) {
  const long long floats = forward_work_floats(n, d_model, heads);
  if (floats > kMaxWorkFloats) {
    const auto mib = [](long long f) { return std::to_string(f * 4 >> 20); };
    return Status::Error(
        ErrorCode::kTooLarge,
        "a forward pass with n " + std::to_string(n) + ", d_model " +
            std::to_string(d_model) + " and heads " + std::to_string(heads) +
            " needs about " + mib(floats) + " MiB, above the limit of " +
            mib(kMaxWorkFloats) +
            " MiB: use fewer tokens, fewer heads or a smaller d_model");
  }
  return Status::Ok();
}

Status check_shape(const std::string& name, const ConstMatrixRef& m,
                   Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() != rows || m.cols() != cols) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         name + " has shape " + shape_text(m.rows(), m.cols()) +
                             ", expected " + shape_text(rows, cols));
  }
  return Status::Ok();
}

Status check_overflow(const std::string& name, const ConstMatrixRef& m,
                      bool allow_minus_infinity) {
  if (all_finite(m)) return Status::Ok();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const float value = m(r, c);
      if (std::isfinite(value) ||
          (allow_minus_infinity &&
           value == -std::numeric_limits<float>::infinity())) {
        continue;
      }
      return Status::Error(
          ErrorCode::kNonFinite,
          "the " + name + " is not finite (" + non_finite_kind(value) +
              " at row " + std::to_string(r) + ", column " + std::to_string(c) +
              "): finite inputs overflowed the float range; scale them down");
    }
  }
  return Status::Ok();
}

bool all_finite(const ConstMatrixRef& m) {
  // Row-major with unit inner stride: each row is contiguous, and so is the
  // whole matrix when rows follow one another.
  if (m.rows() <= 1 || m.outerStride() == m.cols()) {
    return kernels::all_finite(m.data(), static_cast<std::size_t>(m.size()));
  }
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    if (!kernels::all_finite(m.row(r).data(),
                             static_cast<std::size_t>(m.cols()))) {
      return false;
    }
  }
  return true;
}

Status check_finite(const std::string& name, const ConstMatrixRef& m) {
  // The common case in one fast pass; the cell is looked for only if bad.
  if (all_finite(m)) return Status::Ok();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const float value = m(r, c);
      if (!std::isfinite(value)) {
        return Status::Error(ErrorCode::kNonFinite,
                             name + " contains " + non_finite_kind(value) +
                                 " at row " + std::to_string(r) + ", column " +
                                 std::to_string(c));
      }
    }
  }
  return Status::Ok();
}

Status check_bias(const std::string& name, const RowVector& bias, int d_model) {
  if (bias.size() == 0) return Status::Ok();
  if (bias.size() != d_model) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         name + " has length " + std::to_string(bias.size()) +
                             ", expected " + std::to_string(d_model) +
                             " (d_model)");
  }
  return check_finite(name, bias);
}

Status check_tokens(const ConstMatrixRef& x, int d_model, const Mask& mask) {
  const Eigen::Index n = x.rows();
  Status s = check_shape("x", x, n, d_model);
  if (!s.ok()) return s;
  if (!(s = check_finite("x", x)).ok()) return s;
  if (!mask.keep.empty() && static_cast<Eigen::Index>(mask.keep.size()) != n) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "keep has length " + std::to_string(mask.keep.size()) +
                             ", expected " + std::to_string(n) + " (n)");
  }
  return Status::Ok();
}

Status check_attention_sizes(int n, int d_model, int heads) {
  Status s = check_heads(d_model, heads);
  if (!s.ok()) return s;
  if (!(s = check_sequence_length(n)).ok()) return s;
  return check_work_size(n, d_model, heads);
}

}  // namespace mha
