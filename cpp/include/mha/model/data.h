// Training data: a character vocabulary and two kinds of sequences.
//
// Vocabulary (kVocabSize = 96 ids), shared by both kinds of data:
//   id 0       newline (a paragraph break)
//   ids 1..95  the printable ASCII characters ' ' (32) .. '~' (126)
// English text is read as UTF-8 and normalised: curly quotes become ' and ",
// dashes (– —) become '-', a tab becomes a space, '\r' is dropped, a single
// line break (the book's line wrapping) becomes a space, and a run of blank
// lines becomes one newline; any other character becomes '?'.
//
// Synthetic sequences (the induction task) are uniform random tokens over an
// alphabet of characters (by default the 94 visible ones '!'..'~', ids
// 2..95; the shipped model uses the 52 letters), with one span of 12–31
// tokens copied to a random later position. Predicting the copy needs an
// induction head; a fixed offset would let a positional head cheat. Mapping
// the random tokens onto characters keeps one vocabulary for both kinds of
// data, and lets the page draw a probe as text.
//
// DataConfig's choices and why the shipped model uses them: docs/MODEL.md.
#ifndef MHA_MODEL_DATA_H_
#define MHA_MODEL_DATA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mha/model/rng.h"
#include "mha/status.h"

namespace mha::model {

inline constexpr int kVocabSize = 96;
inline constexpr int kNewlineId = 0;
inline constexpr int kFirstSyntheticId = 2;   // '!'
inline constexpr int kSyntheticSymbols = 94;  // '!'..'~'

// The id of an ASCII character, or -1 if it is not in the vocabulary.
int char_to_id(char c);
// The character of id (0 ≤ id < kVocabSize), '\n' for id 0.
char id_to_char(int id);

// The synthetic symbols: ids of the characters of `alphabet` (each once,
// in order); an empty alphabet means the 94 visible characters '!'..'~'.
// Characters outside the vocabulary (and '\n') are skipped.
std::vector<int> synthetic_symbols(std::string_view alphabet = {});

// synthetic_symbols, checked: an empty alphabet is the default; otherwise
// every character must be one of the vocabulary's printable characters
// (' '..'~') and at least 2 must differ, else kOutOfRange naming the first
// character that is not (a non-ASCII character used to be dropped silently,
// leaving the default).
Result<std::vector<int>> checked_synthetic_symbols(std::string_view alphabet);

// UTF-8 text → ids, normalised as described above.
std::vector<int> encode_text(std::string_view utf8);
// ids → text (each id one ASCII character). Out-of-range ids become '?'.
std::string decode_tokens(const std::vector<int>& ids);

// ---- The induction task ----
struct CopySpan {
  int source = 0;       // first position of the original
  int destination = 0;  // first position of the copy (≥ source + length)
  int length = 0;
};

struct SyntheticSequence {
  std::vector<int> tokens;  // `length` ids
  CopySpan span;
};

// Random tokens with tokens[destination + k] == tokens[source + k] for
// k < span.length. The span length is uniform in
// [min_span, min(max_span, length / 2)]; source is uniform over the starts
// that leave room for the copy, and destination uniform over the starts at
// or after the end of the original. Needs 1 ≤ min_span ≤ max_span and
// length ≥ 2·min_span.
// Tokens are uniform over `symbols` (empty: synthetic_symbols()).
Result<SyntheticSequence> make_induction_sequence(
    Rng& rng, int length, int min_span, int max_span,
    const std::vector<int>& symbols = {});

// The repeated-token probe of Olsson et al. (2022): `half` distinct random
// synthetic tokens (drawn without replacement from `symbols`, so half ≤ its
// size; empty: synthetic_symbols()), then the same `half` tokens again.
// Returns 2·half ids.
Result<std::vector<int>> make_repeated_probe(
    Rng& rng, int half, const std::vector<int>& symbols = {});

// ---- Batches ----
struct DataConfig {
  int batch = 16;  // sequences per step
  int n = 128;     // tokens per sequence (≤ the model's context)
  float synthetic_fraction = 0.5f;  // share of each batch that is synthetic
  int min_span = 12;
  int max_span = 31;
  // Score only the predictable positions of synthetic sequences: those whose
  // next token is the second or later token of the copy (the rest are
  // uniform noise that a model cannot learn, and only slows the induction
  // circuit down). Text positions are always all scored.
  bool score_copies_only = false;
  // Each sequence's positions start at a uniform random s in [0, max_shift]
  // (every kind of sequence). 0: all start at 0. With a shift, absolute
  // position says nothing about where a copy's source is, so the model
  // cannot learn a positional shortcut (a head that points a fixed fraction
  // back) and must use relative position: a previous-token head. Needs
  // n + max_shift ≤ the model's context.
  int max_shift = 0;
  // The characters synthetic tokens are drawn from (empty: '!'..'~').
  std::string alphabet;
};

// batch ≥ 1, n ≥ 1, fraction in [0, 1], 1 ≤ min_span ≤ max_span, n + 1 ≥
// 2·min_span when any sequence is synthetic, max_shift ≥ 0, and an alphabet
// of at least 2 characters. Messages name the setting (kOutOfRange).
Status check_data_config(const DataConfig& config);

struct Batch {
  int batch = 0, n = 0;
  std::vector<int> inputs;              // batch × n ids
  std::vector<int> targets;             // batch × n ids: inputs shifted by one
  std::vector<std::uint8_t> synthetic;  // batch flags: 1 = induction sequence
  // batch × n weights of each position in the loss (1 = scored, 0 = not);
  // empty means every position counts.
  std::vector<float> loss_weights;
  // batch first positions (see max_shift); empty means all 0.
  std::vector<int> position_starts;
};

// The first round(batch · synthetic_fraction) sequences are synthetic (each
// n + 1 tokens from make_induction_sequence, split into inputs and targets);
// the rest are windows of n + 1 tokens of `text` at uniformly random
// offsets. Draws only from rng. `text` needs ≥ n + 1 tokens unless the batch
// is all synthetic. With score_copies_only, loss_weights is filled: position
// t of a synthetic sequence counts iff its target t + 1 lies in
// [destination + 1, destination + length − 1].
Result<Batch> make_batch(Rng& rng, const DataConfig& config,
                         const std::vector<int>& text);

}  // namespace mha::model

#endif  // MHA_MODEL_DATA_H_
