// Ablation: run the model with some heads zeroed before W_O and measure what
// changes, on held-out text and on the repeated-token probe.
//
// Zeroing head h of layer l replaces its output z^h by 0 in that layer's
// concatenation, so its contribution z^h·W_O^h to the residual stream is
// gone ("zero ablation"; Olsson et al. 2022 use it to show that removing an
// induction head removes in-context copying).
#ifndef MHA_MODEL_ABLATION_H_
#define MHA_MODEL_ABLATION_H_

#include <cstdint>
#include <vector>

#include "mha/model/model.h"
#include "mha/status.h"

namespace mha::model {

struct AblationEffect {
  float loss = 0;          // mean cross-entropy, every head intact
  float ablated_loss = 0;  // the same with the heads zeroed
  float delta = 0;         // ablated_loss − loss
  // Share of the scored positions whose most likely next token changes.
  float changed_predictions = 0;
  std::vector<int> predicted;          // batch × n argmax ids, intact
  std::vector<int> ablated_predicted;  // batch × n argmax ids, ablated
};

// sequences: batch × (n + 1) ids; position t of a sequence predicts token
// t + 1. loss_weights: batch × n weights of the scored positions (empty: all
// weight 1). ablated: L·H flags, index l·H + h (non-zero = zeroed).
Result<AblationEffect> ablation_effect(
    const Weights& weights, const std::vector<int>& sequences, int batch, int n,
    const std::vector<float>& loss_weights,
    const std::vector<std::uint8_t>& ablated);

// The flags that zero exactly one head.
std::vector<std::uint8_t> single_head(const ModelConfig& config, int layer,
                                      int head);

}  // namespace mha::model

#endif  // MHA_MODEL_ABLATION_H_
