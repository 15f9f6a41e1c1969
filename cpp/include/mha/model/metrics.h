// Head metrics: numbers that say what an attention head does, for any model
// and input, and a classifier that names each head from them.
//
// Pattern metrics read one head's attention weights A (n × n, rows sum to 1)
// on one sequence. Under a causal mask row 0 can only attend to itself, so
// the row averages below skip it: "rows" means i = 1..n-1 when causal, and
// i = 0..n-1 otherwise; row i then has v(i) visible keys (i + 1 causal,
// n otherwise).
//
//   previous_token  mean over rows i ≥ 1 of A[i, i−1]. The "previous token
//                   head" of Elhage et al. (2021) and Olsson et al. (2022);
//                   1 for a perfect one.
//   induction       prefix matching (Olsson et al. 2022, "induction heads"):
//                   for each query i whose token occurred before, the mass on
//                   the tokens that followed those earlier occurrences,
//                   Σ A[i, j+1] over j < i with tokens[j] == tokens[i];
//                   averaged over such queries (0 if there are none). On the
//                   repeated random probe (data.h) the target of query i in
//                   the second half is exactly i − half + 1.
//   self_mass       mean over rows of A[i, i] (the diagonal).
//   sink_mass       mean over rows of A[i, 0], the first token, which many
//                   heads use as a no-op "attention sink" (Xiao et al. 2023).
//   entropy         mean over rows of H_i = −Σ_j A[i,j]·ln A[i,j], in nats.
//   entropy_normalized  mean over rows of H_i / ln v(i): 0 for one key, 1 for
//                   uniform attention over the visible keys.
//   confidence      mean over rows of max_j A[i, j] (Voita et al. 2019).
//   mean_distance   mean over rows of Σ_j A[i,j]·|i − j|, in tokens
//                   (cf. Vig & Belinkov 2019, "attention distance").
//   local_mass      mean over rows of the mass on keys within kLocalWindow
//                   tokens of the query (|i − j| ≤ 4, the query included).
//
// copying (model-level, needs the weights; Elhage et al. 2021 "copying" of
// the OV circuit, the second half of Olsson et al.'s induction criterion):
// does what the head writes when it attends to key j raise the logit of the
// token at j? For key j, the head writes u_j = v_j^h · W_O^h (its value
// times its rows of W_O) into the residual stream. Through the final
// LayerNorm (whose scaling does not change a ranking) and the unembedding
// that changes the logits by ℓ_j = ((u_j − mean(u_j)) ⊙ gain_f) · W_U. The
// copying score is the attention-weighted mean, over rows i and keys j, of
// the percentile rank of tokens[j] in ℓ_j: the fraction of the other V − 1
// tokens whose logit the head raises less. 1 = the head always promotes
// exactly the token it attends to; 0.5 = chance.
//
// divergence: the Jensen–Shannon divergence between two heads' patterns on
// the same input, JSD(P‖Q) = ½KL(P‖M) + ½KL(Q‖M) with M = ½(P + Q), in bits
// (so in [0, 1]), averaged over rows (Clark et al. 2019 cluster BERT's heads
// by it).
#ifndef MHA_MODEL_METRICS_H_
#define MHA_MODEL_METRICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/limits.h"
#include "mha/model/model.h"
#include "mha/status.h"
#include "mha/types.h"

namespace mha::model {

inline constexpr int kLocalWindow = 4;

struct PatternMetrics {
  float previous_token = 0;
  float induction = 0;
  float self_mass = 0;
  float sink_mass = 0;
  float entropy = 0;
  float entropy_normalized = 0;
  float confidence = 0;
  float mean_distance = 0;
  float local_mass = 0;
};

// weights: n × n, one head on one sequence (n ≥ 2). tokens: n ids (only the
// induction score reads them; nullptr gives induction 0).
PatternMetrics pattern_metrics(const ConstMatrixRef& weights, const int* tokens,
                               bool causal = true);

// ---- Checked entry point (the JS API's patternMetrics) ----
// Sizes of one pattern the checked entry point accepts: at least two tokens
// (row averages skip row 0 under a causal mask), at most kMaxTokens.
inline constexpr int kMinPatternTokens = 2;
inline constexpr int kMaxPatternTokens = kMaxTokens;

// pattern_metrics on caller-supplied data, checked first, in this order:
// kMinPatternTokens ≤ n ≤ kMaxPatternTokens (kOutOfRange / kTooLarge),
// weights.size() == n·n and tokens (when given) of size n (kShapeMismatch),
// every weight finite (kNonFinite) and ≥ 0 (kOutOfRange).
// weights: n × n, row-major (query i, key j). tokens: n ids, or nullptr.
Result<PatternMetrics> checked_pattern_metrics(
    const std::vector<float>& weights, int n, const std::vector<int>* tokens,
    bool causal = true);

// Mean JSD in bits between two heads' patterns (both n × n), over the rows
// defined above.
float js_divergence(const ConstMatrixRef& a, const ConstMatrixRef& b,
                    bool causal = true);

// ---- The classifier ----
// The first rule that holds names the head:
//   1. induction        induction ≥ 0.5
//   2. previous-token   previous_token ≥ 0.5
//   3. sink             sink_mass ≥ 0.5
//   4. self/copy        self_mass ≥ 0.5
//   5. broad            entropy_normalized ≥ 0.75 (spreads over the context)
//   6. positional/local local_mass ≥ 0.6 (attends within 4 tokens, but not
//                       mainly to one fixed offset above; checked after
//                       "broad" because on a short input even uniform
//                       attention puts much of its mass within 4 tokens)
//   7. weird            none of these: "unlabelled"
// Scores are measured on the repeated-token probe unless said otherwise.
enum class HeadLabel {
  kInduction,
  kPreviousToken,
  kSink,
  kSelf,
  kBroad,
  kLocal,
  kWeird,
};

struct ClassifierThresholds {
  float induction = 0.5f;
  float previous_token = 0.5f;
  float sink = 0.5f;
  float self = 0.5f;
  float broad = 0.75f;
  float local = 0.6f;
};

HeadLabel classify_head(const PatternMetrics& metrics,
                        const ClassifierThresholds& thresholds = {});

// "induction", "previous-token", "sink", "self/copy", "positional/local",
// "broad", "weird".
const char* head_label_name(HeadLabel label);
// The label of a head_label_name; kWeird for any other name.
HeadLabel head_label_from_name(std::string_view name);

// ---- Every head of a model ----
struct HeadReport {
  int layer = 0, head = 0;
  PatternMetrics pattern;        // averaged over the batch's sequences
  float copying = 0;             // averaged over the batch's sequences
  bool copying_measured = true;  // false: not asked for, copying is 0
  HeadLabel label = HeadLabel::kWeird;
};

struct ModelHeadReport {
  int layers = 0, heads = 0;
  std::vector<HeadReport> heads_by_index;  // L·H, index l·H + h
  Matrix divergence;  // (L·H) × (L·H): mean JSD in bits between heads

  const HeadReport& at(int layer, int head) const {
    return heads_by_index[static_cast<std::size_t>(layer) * heads + head];
  }
};

// Runs the model on tokens (batch × n ids, n ≥ 2) and measures every head,
// averaging each metric over the sequences, then classifies each head.
// copying costs L·H·batch·n·D·V multiply-adds (a vocabulary-wide logit
// vector per key and head): cheap for the trained model, minutes for
// GPT-2's 50,257 tokens, so it can be left out (copying_measured false).
// Whether analyze_heads measures copying when the caller does not say:
// for vocabularies up to the trainable model's kMaxVocab.
bool copying_by_default(const ModelConfig& config);

Result<ModelHeadReport> analyze_heads(
    const Weights& weights, const std::vector<int>& tokens, int batch, int n,
    const ClassifierThresholds& thresholds = {}, bool measure_copying = true);

// ---- The best head ----
struct BestHead {
  int layer = -1, head = -1;  // -1: there were no heads
  float value = 0.0f;
};

// The head whose pattern scores highest on `metric` (e.g.
// &PatternMetrics::induction); a tie goes to the first in `heads`' order.
BestHead best_head(const std::vector<HeadReport>& heads,
                   float PatternMetrics::*metric);

// ---- The phase change ----
// One evaluation of a training run: its step and the best induction score
// of any head on the repeated-token probe at that step.
struct InductionPoint {
  int step = 0;
  float induction = 0.0f;
};

// The rule: the first evaluated step at which the best induction score is
// halfway from its first value to its last, i.e. induction ≥ first + ½·(last
// − first). -1 when there is none: no points, or the last score is not above
// the first (nothing was learned). `points` is in step order.
int phase_change_step(const std::vector<InductionPoint>& points);

// best_head over one score per head, head l·heads + h at index l·heads + h
// (one metric of Model.analyze()'s heads, say): at least one head per layer
// (kOutOfRange), scores.size() a multiple of heads (kShapeMismatch).
Result<BestHead> best_head_of_scores(const std::vector<float>& scores,
                                     int heads);

// Most points checked_phase_change_step accepts (one per evaluation).
inline constexpr int kMaxInductionPoints = 1 << 20;

// phase_change_step on caller-supplied points, checked first: at most
// kMaxInductionPoints points (kTooLarge), steps ≥ 0 and strictly increasing
// (kOutOfRange), every induction score finite (kNonFinite).
Result<int> checked_phase_change_step(
    const std::vector<InductionPoint>& points);
// The same over parallel arrays: steps[i] and inductions[i] are point i
// (different lengths: kShapeMismatch).
Result<int> checked_phase_change_step(const std::vector<int>& steps,
                                      const std::vector<float>& inductions);

}  // namespace mha::model

#endif  // MHA_MODEL_METRICS_H_
