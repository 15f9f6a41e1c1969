// The model's most likely next tokens after one position of a sequence: the
// softmax of that position's logits, its k largest probabilities.
#ifndef MHA_MODEL_NEXT_TOKEN_H_
#define MHA_MODEL_NEXT_TOKEN_H_

#include <cstdint>
#include <vector>

#include "mha/model/model.h"
#include "mha/status.h"

namespace mha::model {

struct NextTokens {
  std::vector<int> ids;              // k token ids, most probable first
  std::vector<float> probabilities;  // k probabilities, same order
};

// tokens: n ids (1 ≤ n ≤ context, each in [0, vocab)); position: the query
// row whose next token is predicted, 0 ≤ position < n; 1 ≤ k ≤ vocab.
// The model is causal, so only tokens[0..position] are run; the softmax is
// taken over that one row of logits (in double precision), and equal
// probabilities keep the lower id first. ablated: empty, or L·H flags
// (index layer·H + head) of heads whose output is zeroed, as in forward().
// Bad sizes, ids or flags give the forward's checks' errors; position or k
// out of range give kOutOfRange. Precondition: check_weights(weights).ok().
Result<NextTokens> top_next_tokens(
    const Weights& weights, const std::vector<int>& tokens, int position, int k,
    const std::vector<std::uint8_t>& ablated = {});

// The most new tokens one greedy_continuation makes.
inline constexpr int kMaxGreedySteps = 256;

// Greedy decoding: appends, `steps` times, the most likely next token
// (argmax of the last position's logits; a tie keeps the lower id) and
// returns tokens followed by the new ids. Each step reruns the whole
// sequence (no key/value cache: the steps are few). tokens: 1 ≤ n ids;
// n + steps ≤ context (kTooLarge); 0 ≤ steps ≤ kMaxGreedySteps
// (kOutOfRange); ablated as in top_next_tokens.
Result<std::vector<int>> greedy_continuation(
    const Weights& weights, const std::vector<int>& tokens, int steps,
    const std::vector<std::uint8_t>& ablated = {});

}  // namespace mha::model

#endif  // MHA_MODEL_NEXT_TOKEN_H_
