#include "mha/model/data.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace mha::model {
namespace {

Status out_of_range(const std::string& message) {
  return Status::Error(ErrorCode::kOutOfRange, message);
}

// Decodes one UTF-8 code point starting at text[*i] and advances *i past it.
// A malformed sequence yields U+FFFD and consumes one byte.
char32_t next_code_point(std::string_view text, std::size_t* i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char b0 = byte(*i);
  int extra = 0;
  char32_t cp = 0;
  if (b0 < 0x80) {
    ++*i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + extra >= text.size()) {  // truncated: too few bytes left
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(*i + k);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += extra + 1;
  return cp;
}

// The normalised ASCII character for a code point other than a line break.
char normalise(char32_t cp) {
  if (cp >= 0x20 && cp <= 0x7E) return static_cast<char>(cp);
  switch (cp) {
    case U'\t':
    case 0x00A0:  // no-break space
      return ' ';
    case 0x2018:  // ‘
    case 0x2019:  // ’
      return '\'';
    case 0x201C:  // “
    case 0x201D:  // ”
      return '"';
    case 0x2013:  // –
    case 0x2014:  // —
      return '-';
    default:
      return '?';
  }
}

}  // namespace

int char_to_id(char c) {
  if (c == '\n') return kNewlineId;
  if (c >= ' ' && c <= '~') return 1 + (c - ' ');
  return -1;
}

char id_to_char(int id) {
  if (id == kNewlineId) return '\n';
  if (id >= 1 && id < kVocabSize) return static_cast<char>(' ' + id - 1);
  return '?';
}

Result<std::vector<int>> checked_synthetic_symbols(std::string_view alphabet) {
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    const char c = alphabet[i];
    if (c < ' ' || c > '~') {
      return Status::Error(
          ErrorCode::kOutOfRange,
          "alphabet has a character outside the vocabulary's printable "
          "ASCII (' '..'~') at byte " +
              std::to_string(i));
    }
  }
  std::vector<int> symbols = synthetic_symbols(alphabet);
  if (symbols.size() < 2) {
    return Status::Error(ErrorCode::kOutOfRange,
                         "the alphabet needs at least 2 distinct characters");
  }
  return symbols;
}

std::vector<int> synthetic_symbols(std::string_view alphabet) {
  std::vector<int> ids;
  if (alphabet.empty()) {
    for (int i = 0; i < kSyntheticSymbols; ++i)
      ids.push_back(kFirstSyntheticId + i);
    return ids;
  }
  std::vector<std::uint8_t> seen(kVocabSize, 0);
  for (char c : alphabet) {
    const int id = char_to_id(c);
    if (id <= kNewlineId || seen[id]) continue;
    seen[id] = 1;
    ids.push_back(id);
  }
  return ids;
}

std::vector<int> encode_text(std::string_view utf8) {
  std::vector<int> ids;
  ids.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const char32_t cp = next_code_point(utf8, &i);
    if (cp == U'\r') continue;
    if (cp != U'\n') {
      ids.push_back(char_to_id(normalise(cp)));
      continue;
    }
    // A run of line breaks (with any '\r' between them): one is the book's
    // line wrapping, two or more a paragraph break.
    int breaks = 1;
    while (i < utf8.size() && (utf8[i] == '\n' || utf8[i] == '\r')) {
      if (utf8[i] == '\n') ++breaks;
      ++i;
    }
    ids.push_back(breaks == 1 ? char_to_id(' ') : kNewlineId);
  }
  return ids;
}

std::string decode_tokens(const std::vector<int>& ids) {
  std::string text;
  text.reserve(ids.size());
  for (int id : ids) text.push_back(id_to_char(id));
  return text;
}

Result<SyntheticSequence> make_induction_sequence(
    Rng& rng, int length, int min_span, int max_span,
    const std::vector<int>& symbols) {
  const std::vector<int> all = symbols.empty() ? synthetic_symbols() : symbols;
  if (min_span < 1 || max_span < min_span) {
    return out_of_range("spans must satisfy 1 ≤ min_span ≤ max_span, got " +
                        std::to_string(min_span) + " and " +
                        std::to_string(max_span));
  }
  if (length < 2 * min_span) {
    return out_of_range("a sequence of " + std::to_string(length) +
                        " tokens cannot hold two copies of a span of " +
                        std::to_string(min_span));
  }
  SyntheticSequence seq;
  // 1. The span: its length, where it starts, and where its copy starts.
  const int longest = std::min(max_span, length / 2);
  const int len = min_span + rng.uniform_int(longest - min_span + 1);
  const int source = rng.uniform_int(length - 2 * len + 1);
  const int destination =
      source + len + rng.uniform_int(length - len - (source + len) + 1);
  seq.span = {source, destination, len};
  // 2. Random symbols everywhere …
  seq.tokens.resize(length);
  const int count = static_cast<int>(all.size());
  for (int& t : seq.tokens) t = all[rng.uniform_int(count)];
  // 3. … then the copy.
  for (int k = 0; k < len; ++k) {
    seq.tokens[destination + k] = seq.tokens[source + k];
  }
  return seq;
}

Result<std::vector<int>> make_repeated_probe(Rng& rng, int half,
                                             const std::vector<int>& symbols) {
  std::vector<int> pool = symbols.empty() ? synthetic_symbols() : symbols;
  const int count = static_cast<int>(pool.size());
  if (half < 1 || half > count) {
    return out_of_range("half must be in [1, " + std::to_string(count) +
                        "] (distinct symbols), got " + std::to_string(half));
  }
  // A partial Fisher–Yates shuffle of the symbols: `half` distinct tokens in
  // random order, then the same tokens again.
  for (int i = 0; i < half; ++i) {
    std::swap(pool[i], pool[i + rng.uniform_int(count - i)]);
  }
  std::vector<int> probe(pool.begin(), pool.begin() + half);
  probe.insert(probe.end(), pool.begin(), pool.begin() + half);
  return probe;
}

Status check_data_config(const DataConfig& c) {
  if (c.batch < 1) {
    return out_of_range("batch must be at least 1, got " +
                        std::to_string(c.batch));
  }
  if (c.n < 1) {
    return out_of_range("n (tokens per sequence) must be at least 1, got " +
                        std::to_string(c.n));
  }
  if (!(c.synthetic_fraction >= 0 && c.synthetic_fraction <= 1)) {
    return out_of_range("synthetic_fraction must be in [0, 1]");
  }
  if (c.min_span < 1 || c.max_span < c.min_span) {
    return out_of_range("spans must satisfy 1 ≤ min_span ≤ max_span, got " +
                        std::to_string(c.min_span) + " and " +
                        std::to_string(c.max_span));
  }
  if (Result<std::vector<int>> symbols = checked_synthetic_symbols(c.alphabet);
      !symbols.ok()) {
    return symbols.status();
  }
  if (c.max_shift < 0) {
    return out_of_range("max_shift must be ≥ 0, got " +
                        std::to_string(c.max_shift));
  }
  if (c.synthetic_fraction > 0 && c.n + 1 < 2 * c.min_span) {
    return out_of_range("n + 1 (" + std::to_string(c.n + 1) +
                        ") must hold two copies of min_span (" +
                        std::to_string(c.min_span) + ")");
  }
  return Status::Ok();
}

Result<Batch> make_batch(Rng& rng, const DataConfig& c,
                         const std::vector<int>& text) {
  Status s = check_data_config(c);
  if (!s.ok()) return s;
  const int synthetic =
      static_cast<int>(std::lround(c.batch * c.synthetic_fraction));
  if (synthetic < c.batch && static_cast<int>(text.size()) < c.n + 1) {
    return out_of_range(
        "the text has " + std::to_string(text.size()) +
        " tokens, fewer than n + 1 = " + std::to_string(c.n + 1));
  }
  Batch batch;
  batch.batch = c.batch;
  batch.n = c.n;
  batch.inputs.resize(static_cast<std::size_t>(c.batch) * c.n);
  batch.targets.resize(batch.inputs.size());
  batch.synthetic.assign(c.batch, 0);
  if (c.score_copies_only) batch.loss_weights.assign(batch.inputs.size(), 1.0f);
  std::vector<int> window(c.n + 1);
  const std::vector<int> symbols = synthetic_symbols(c.alphabet);
  for (int b = 0; b < c.batch; ++b) {
    if (b < synthetic) {
      // 1. An induction sequence of n + 1 tokens.
      Result<SyntheticSequence> seq = make_induction_sequence(
          rng, c.n + 1, c.min_span, c.max_span, symbols);
      if (!seq.ok()) return seq.status();
      window = seq.value().tokens;
      batch.synthetic[b] = 1;
      if (c.score_copies_only) {
        // Position t predicts token t + 1: score t + 1 in the copy, after
        // its first token (which nothing before it announces).
        const CopySpan& span = seq.value().span;
        float* w =
            batch.loss_weights.data() + static_cast<std::size_t>(b) * c.n;
        for (int t = 0; t < c.n; ++t) {
          const int next = t + 1;
          w[t] =
              next > span.destination && next < span.destination + span.length
                  ? 1.0f
                  : 0.0f;
        }
      }
    } else {
      // 2. A window of the text at a random offset.
      const int offset = rng.uniform_int(static_cast<int>(text.size()) - c.n);
      std::copy(text.begin() + offset, text.begin() + offset + c.n + 1,
                window.begin());
    }
    // 3. Where its positions start (drawn after the tokens).
    if (c.max_shift > 0) {
      batch.position_starts.push_back(rng.uniform_int(c.max_shift + 1));
    }
    // 4. Inputs are tokens 0..n-1, targets tokens 1..n.
    std::copy(window.begin(), window.end() - 1,
              batch.inputs.begin() + static_cast<std::size_t>(b) * c.n);
    std::copy(window.begin() + 1, window.end(),
              batch.targets.begin() + static_cast<std::size_t>(b) * c.n);
  }
  return batch;
}

}  // namespace mha::model
