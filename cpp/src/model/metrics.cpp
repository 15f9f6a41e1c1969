#include "mha/model/metrics.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "mha/model/transformer.h"

namespace mha::model {
namespace {

// −Σ p·ln p over the cells of a row, skipping zeros (0·ln 0 = 0).
float row_entropy(const ConstMatrixRef& a, Eigen::Index i) {
  double h = 0;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    const double p = a(i, j);
    if (p > 0) h -= p * std::log(p);
  }
  return static_cast<float>(h);
}

// Σ p·log₂(p / m) over the cells where p > 0.
double kl_bits(const ConstMatrixRef& p, const ConstMatrixRef& m,
               Eigen::Index i) {
  double kl = 0;
  for (Eigen::Index j = 0; j < p.cols(); ++j) {
    const double pj = p(i, j);
    if (pj > 0) kl += pj * std::log2(pj / m(i, j));
  }
  return kl;
}

// Percentile rank of logit `target` in `row`: the share of the other
// entries strictly below it.
float percentile_rank(const ConstMatrixRef& row, int target) {
  const float x = row(0, target);
  int below = 0;
  for (Eigen::Index t = 0; t < row.cols(); ++t) below += row(0, t) < x;
  return static_cast<float>(below) / static_cast<float>(row.cols() - 1);
}

void add_scaled(const PatternMetrics& m, float k, PatternMetrics* sum) {
  sum->previous_token += k * m.previous_token;
  sum->induction += k * m.induction;
  sum->self_mass += k * m.self_mass;
  sum->sink_mass += k * m.sink_mass;
  sum->entropy += k * m.entropy;
  sum->entropy_normalized += k * m.entropy_normalized;
  sum->confidence += k * m.confidence;
  sum->mean_distance += k * m.mean_distance;
  sum->local_mass += k * m.local_mass;
}

}  // namespace

PatternMetrics pattern_metrics(const ConstMatrixRef& a, const int* tokens,
                               bool causal) {
  PatternMetrics m;
  const int n = static_cast<int>(a.rows());
  const int first = causal ? 1 : 0;
  if (n < 2) return m;
  // 1. Row statistics over the rows that have a choice of keys.
  for (int i = first; i < n; ++i) {
    const int visible = causal ? i + 1 : n;
    if (i >= 1) m.previous_token += a(i, i - 1);
    m.self_mass += a(i, i);
    m.sink_mass += a(i, 0);
    const float h = row_entropy(a, i);
    m.entropy += h;
    m.entropy_normalized += h / std::log(static_cast<float>(visible));
    m.confidence += a.row(i).maxCoeff();
    for (int j = 0; j < n; ++j) {
      const int distance = std::abs(i - j);
      m.mean_distance += a(i, j) * static_cast<float>(distance);
      if (distance <= kLocalWindow) m.local_mass += a(i, j);
    }
  }
  const float rows = static_cast<float>(n - first);
  m.previous_token /= static_cast<float>(n - 1);
  m.self_mass /= rows;
  m.sink_mass /= rows;
  m.entropy /= rows;
  m.entropy_normalized /= rows;
  m.confidence /= rows;
  m.mean_distance /= rows;
  m.local_mass /= rows;
  // 2. Prefix matching: mass on the successors of earlier occurrences of
  //    the query's token (each successor counted once).
  if (tokens != nullptr) {
    int queries = 0;
    double total = 0;
    std::vector<std::uint8_t> target(n);
    for (int i = 1; i < n; ++i) {
      std::fill(target.begin(), target.end(), 0);
      bool any = false;
      for (int j = 0; j < i; ++j) {
        if (tokens[j] == tokens[i]) target[j + 1] = any = true;
      }
      if (!any) continue;
      ++queries;
      for (int j = 1; j <= i; ++j) {
        if (target[j]) total += a(i, j);
      }
    }
    m.induction = queries > 0 ? static_cast<float>(total / queries) : 0.0f;
  }
  return m;
}

Result<PatternMetrics> checked_pattern_metrics(const std::vector<float>& w,
                                               int n,
                                               const std::vector<int>* tokens,
                                               bool causal) {
  using mha::ErrorCode;
  const std::string range = "between " + std::to_string(kMinPatternTokens) +
                            " and " + std::to_string(kMaxPatternTokens);
  if (n < kMinPatternTokens) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "n must be " + range + ", got " + std::to_string(n));
  }
  if (n > kMaxPatternTokens) {
    return Status::Error(ErrorCode::kTooLarge,
                         "n must be " + range + ", got " + std::to_string(n));
  }
  const std::size_t cells = static_cast<std::size_t>(n) * n;
  if (w.size() != cells) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "weights has length " + std::to_string(w.size()) +
                             ", expected n × n = " + std::to_string(cells));
  }
  if (tokens != nullptr && tokens->size() != static_cast<std::size_t>(n)) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "tokens has length " + std::to_string(tokens->size()) +
                             ", expected n = " + std::to_string(n));
  }
  for (std::size_t c = 0; c < cells; ++c) {
    const std::string where =
        "weights[" + std::to_string(c / n) + "][" + std::to_string(c % n) + "]";
    if (!std::isfinite(w[c])) {
      return Status::Error(ErrorCode::kNonFinite, where + " is not finite");
    }
    if (w[c] < 0) {
      return Status::Error(ErrorCode::kOutOfRange,
                           where + " is negative: attention weights are ≥ 0");
    }
  }
  const Eigen::Map<const Matrix> a(w.data(), n, n);  // Matrix is row-major
  return pattern_metrics(a, tokens != nullptr ? tokens->data() : nullptr,
                         causal);
}

float js_divergence(const ConstMatrixRef& a, const ConstMatrixRef& b,
                    bool causal) {
  const int n = static_cast<int>(a.rows());
  const int first = causal ? 1 : 0;
  if (n - first < 1) return 0;
  const Matrix m = 0.5f * (a + b);
  double sum = 0;
  for (int i = first; i < n; ++i) {
    sum += 0.5 * kl_bits(a, m, i) + 0.5 * kl_bits(b, m, i);
  }
  return static_cast<float>(sum / (n - first));
}

HeadLabel classify_head(const PatternMetrics& m,
                        const ClassifierThresholds& t) {
  if (m.induction >= t.induction) return HeadLabel::kInduction;
  if (m.previous_token >= t.previous_token) return HeadLabel::kPreviousToken;
  if (m.sink_mass >= t.sink) return HeadLabel::kSink;
  if (m.self_mass >= t.self) return HeadLabel::kSelf;
  if (m.entropy_normalized >= t.broad) return HeadLabel::kBroad;
  if (m.local_mass >= t.local) return HeadLabel::kLocal;
  return HeadLabel::kWeird;
}

const char* head_label_name(HeadLabel label) {
  switch (label) {
    case HeadLabel::kInduction:
      return "induction";
    case HeadLabel::kPreviousToken:
      return "previous-token";
    case HeadLabel::kSink:
      return "sink";
    case HeadLabel::kSelf:
      return "self/copy";
    case HeadLabel::kBroad:
      return "broad";
    case HeadLabel::kLocal:
      return "positional/local";
    case HeadLabel::kWeird:
      return "weird";
  }
  return "weird";
}

HeadLabel head_label_from_name(std::string_view name) {
  for (HeadLabel label :
       {HeadLabel::kInduction, HeadLabel::kPreviousToken, HeadLabel::kSink,
        HeadLabel::kSelf, HeadLabel::kBroad, HeadLabel::kLocal}) {
    if (name == head_label_name(label)) return label;
  }
  return HeadLabel::kWeird;
}

bool copying_by_default(const ModelConfig& config) {
  return config.vocab <= kMaxVocab;
}

Result<ModelHeadReport> analyze_heads(const Weights& weights,
                                      const std::vector<int>& tokens, int batch,
                                      int n,
                                      const ClassifierThresholds& thresholds,
                                      bool measure_copying) {
  const ModelConfig& c = weights.config;
  if (n < 2) {
    return Status::Error(
        ErrorCode::kZeroSize,
        "head metrics need n ≥ 2 tokens, got " + std::to_string(n));
  }
  if (tokens.size() != static_cast<std::size_t>(batch) * n) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         "tokens has " + std::to_string(tokens.size()) +
                             " ids, expected batch × n = " +
                             std::to_string(static_cast<long long>(batch) * n));
  }
  // 1. One forward pass, every head intact.
  //    Copying reads the values; without it only the weights are kept.
  ForwardCache cache;
  const ForwardOptions options =
      measure_copying ? ForwardOptions{} : inference_options(true, {});
  Status s = forward(weights, tokens.data(), batch, n, {}, &cache, {}, options);
  if (!s.ok()) return s;

  ModelHeadReport report;
  report.layers = c.layers;
  report.heads = c.heads;
  const int count = c.layers * c.heads;
  report.heads_by_index.resize(count);
  report.divergence = Matrix::Zero(count, count);
  const int d_k = c.d_k();
  const float per_sequence = 1.0f / static_cast<float>(batch);
  const Matrix gain = weights.lnf_gain;  // 1 × D

  for (int l = 0; l < c.layers; ++l) {
    const LayerWeights& w = weights.layers[l];
    for (int h = 0; h < c.heads; ++h) {
      HeadReport& r = report.heads_by_index[l * c.heads + h];
      r.layer = l;
      r.head = h;
      for (int b = 0; b < batch; ++b) {
        const int* seq = tokens.data() + static_cast<std::size_t>(b) * n;
        const auto a = head_weights(cache, l, b, h, c.heads);
        // 2. Pattern metrics of this head on this sequence.
        add_scaled(pattern_metrics(a, seq), per_sequence, &r.pattern);
        r.copying_measured = measure_copying;
        if (!measure_copying) continue;
        // 3. Copying: what attending to key j writes, u_j = v_j·W_O^h,
        //    read through LN_f's gain and the unembedding.
        Matrix u = cache.layers[l].v.block(static_cast<Eigen::Index>(b) * n,
                                           static_cast<Eigen::Index>(h) * d_k,
                                           n, d_k) *
                   w.wo.middleRows(static_cast<Eigen::Index>(h) * d_k, d_k);
        u.colwise() -= u.rowwise().mean();
        Matrix logits;  // n × V
        unembed(weights, (u.array().rowwise() * gain.row(0).array()).matrix(),
                &logits);
        Eigen::VectorXf rank(n);
        for (int j = 0; j < n; ++j)
          rank(j) = percentile_rank(logits.row(j), seq[j]);
        double copying = 0;
        for (int i = 1; i < n; ++i) copying += a.row(i).dot(rank.transpose());
        r.copying += per_sequence * static_cast<float>(copying / (n - 1));
      }
      r.label = classify_head(r.pattern, thresholds);
    }
  }
  // 4. Jensen–Shannon divergence between every pair of heads.
  for (int p = 0; p < count; ++p) {
    for (int q = p + 1; q < count; ++q) {
      double sum = 0;
      for (int b = 0; b < batch; ++b) {
        sum += js_divergence(
            head_weights(cache, p / c.heads, b, p % c.heads, c.heads),
            head_weights(cache, q / c.heads, b, q % c.heads, c.heads));
      }
      report.divergence(p, q) = report.divergence(q, p) =
          static_cast<float>(sum / batch);
    }
  }
  return report;
}

BestHead best_head(const std::vector<HeadReport>& heads,
                   float PatternMetrics::*metric) {
  BestHead best;
  for (const HeadReport& h : heads) {
    const float value = h.pattern.*metric;
    if (best.layer < 0 || value > best.value) {
      best = {h.layer, h.head, value};
    }
  }
  return best;
}

Result<BestHead> best_head_of_scores(const std::vector<float>& scores,
                                     int heads) {
  if (heads < 1) {
    return Status::Error(ErrorCode::kOutOfRange, "heads must be at least 1");
  }
  if (scores.size() % static_cast<std::size_t>(heads) != 0) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         std::to_string(scores.size()) +
                             " scores are not a whole number of layers of " +
                             std::to_string(heads) + " heads");
  }
  std::vector<HeadReport> reports(scores.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    reports[i].layer = static_cast<int>(i) / heads;
    reports[i].head = static_cast<int>(i) % heads;
    reports[i].pattern.induction = scores[i];
  }
  return best_head(reports, &PatternMetrics::induction);
}

int phase_change_step(const std::vector<InductionPoint>& points) {
  if (points.empty()) return -1;
  const float first = points.front().induction;
  const float last = points.back().induction;
  if (!(last > first)) return -1;
  const float halfway = first + 0.5f * (last - first);
  for (const InductionPoint& p : points) {
    if (p.induction >= halfway) return p.step;
  }
  return -1;
}

Result<int> checked_phase_change_step(
    const std::vector<InductionPoint>& points) {
  using mha::ErrorCode;
  if (points.size() > static_cast<std::size_t>(kMaxInductionPoints)) {
    return Status::Error(ErrorCode::kTooLarge,
                         "at most " + std::to_string(kMaxInductionPoints) +
                             " points, got " + std::to_string(points.size()));
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string where = "points[" + std::to_string(i) + "]";
    if (points[i].step < 0) {
      return Status::Error(ErrorCode::kOutOfRange, where + ".step is negative");
    }
    if (i > 0 && points[i].step <= points[i - 1].step) {
      return Status::Error(ErrorCode::kOutOfRange,
                           where +
                               ".step is not after the step before it: "
                               "points must be in increasing step order");
    }
    if (!std::isfinite(points[i].induction)) {
      return Status::Error(ErrorCode::kNonFinite,
                           where + ".induction is not finite");
    }
  }
  return phase_change_step(points);
}
Result<int> checked_phase_change_step(const std::vector<int>& steps,
                                      const std::vector<float>& inductions) {
  if (steps.size() != inductions.size()) {
    return Status::Error(ErrorCode::kShapeMismatch,
                         std::to_string(steps.size()) + " steps but " +
                             std::to_string(inductions.size()) +
                             " induction scores");
  }
  std::vector<InductionPoint> points(steps.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {steps[i], inductions[i]};
  }
  return checked_phase_change_step(points);
}

}  // namespace mha::model
