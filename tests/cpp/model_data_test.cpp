// The vocabulary, the text normalisation, the induction task, the probe and
// the batches: properties that must hold, and that a seed fixes them.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "mha/model/data.h"
#include "mha/model/rng.h"
#include "mha/model/train.h"

namespace mha::model {
namespace {

TEST(Rng, IsTheStandardMersenneTwister) {
  // The C++ standard fixes mt19937's 10000th output for the default seed.
  Rng rng(5489u);
  std::uint32_t x = 0;
  for (int i = 0; i < 10000; ++i) x = rng.next_u32();
  EXPECT_EQ(x, 4123659995u);
}

TEST(Rng, DrawsStayInRangeAndCoverIt) {
  Rng rng(1);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const int k = rng.uniform_int(7);
    ASSERT_GE(k, 0);
    ASSERT_LT(k, 7);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < 20000; ++i) {
    const float u = rng.uniform_float();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / 20000, 0.0, 0.03);
  EXPECT_NEAR(sum2 / 20000, 1.0, 0.05);
}

TEST(Vocabulary, NinetySixIdsRoundTrip) {
  EXPECT_EQ(char_to_id('\n'), 0);
  EXPECT_EQ(char_to_id(' '), 1);
  EXPECT_EQ(char_to_id('!'), kFirstSyntheticId);
  EXPECT_EQ(char_to_id('~'), kVocabSize - 1);
  EXPECT_EQ(char_to_id('\t'), -1);
  for (int id = 0; id < kVocabSize; ++id) {
    EXPECT_EQ(char_to_id(id_to_char(id)), id);
  }
}

TEST(Vocabulary, TextIsNormalised) {
  const std::string text =
      "Call me\nIshmael.\r\n\r\n\xE2\x80\x9CNo\xE2\x80\x9D\xE2\x80\x94it\xE2"
      "\x80\x99s\tfine \xC3\xA9!";
  EXPECT_EQ(decode_tokens(encode_text(text)),
            "Call me Ishmael.\n\"No\"-it's fine ?!");
  // A truncated UTF-8 sequence becomes '?' and does not swallow the text.
  EXPECT_EQ(decode_tokens(encode_text("a\xE2\x80")), "a??");
}

TEST(InductionTask, TheSpanIsReallyCopiedToALaterPosition) {
  Rng rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const Result<SyntheticSequence> r =
        make_induction_sequence(rng, 129, 12, 31);
    ASSERT_TRUE(r.ok()) << r.status().message;
    const SyntheticSequence& s = r.value();
    ASSERT_EQ(s.tokens.size(), 129u);
    EXPECT_GE(s.span.length, 12);
    EXPECT_LE(s.span.length, 31);
    EXPECT_GE(s.span.destination, s.span.source + s.span.length);
    EXPECT_LE(s.span.destination + s.span.length, 129);
    for (int k = 0; k < s.span.length; ++k) {
      EXPECT_EQ(s.tokens[s.span.destination + k], s.tokens[s.span.source + k]);
    }
    for (int t : s.tokens) {
      EXPECT_GE(t, kFirstSyntheticId);
      EXPECT_LT(t, kVocabSize);
    }
  }
}

TEST(InductionTask, OffsetsVary) {
  // A fixed offset would let a positional head cheat; the offsets must vary.
  Rng rng(4);
  std::set<int> offsets;
  for (int i = 0; i < 100; ++i) {
    const SyntheticSequence s =
        make_induction_sequence(rng, 129, 12, 31).value();
    offsets.insert(s.span.destination - s.span.source);
  }
  EXPECT_GT(offsets.size(), 30u);
}

TEST(InductionTask, SameSeedSameSequenceAndBadSizesAreRefused) {
  Rng a(9), b(9), c(10);
  const auto x = make_induction_sequence(a, 64, 12, 31).value();
  const auto y = make_induction_sequence(b, 64, 12, 31).value();
  const auto z = make_induction_sequence(c, 64, 12, 31).value();
  EXPECT_EQ(x.tokens, y.tokens);
  EXPECT_NE(x.tokens, z.tokens);
  EXPECT_EQ(make_induction_sequence(a, 20, 12, 31).status().code,
            ErrorCode::kOutOfRange);
  EXPECT_EQ(make_induction_sequence(a, 64, 5, 4).status().code,
            ErrorCode::kOutOfRange);
}

TEST(Probe, DistinctTokensThenTheSameAgain) {
  Rng rng(5);
  const std::vector<int> p = make_repeated_probe(rng, 40).value();
  ASSERT_EQ(p.size(), 80u);
  EXPECT_EQ(std::set<int>(p.begin(), p.begin() + 40).size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(p[40 + i], p[i]);
  EXPECT_FALSE(make_repeated_probe(rng, 95).ok());
  EXPECT_EQ(probe_sequences(2, 10).value(), probe_sequences(2, 10).value());
}

TEST(Batches, MixTextAndSyntheticAndShiftTargets) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "the whale and the sea. ";
  const std::vector<int> ids = encode_text(text);
  DataConfig c;
  c.batch = 8;
  c.n = 32;
  c.synthetic_fraction = 0.25f;
  Rng rng(6);
  const Batch b = make_batch(rng, c, ids).value();
  ASSERT_EQ(b.inputs.size(), 8u * 32);
  EXPECT_EQ(b.synthetic, (std::vector<std::uint8_t>{1, 1, 0, 0, 0, 0, 0, 0}));
  for (int s = 0; s < 8; ++s) {
    for (int t = 0; t + 1 < 32; ++t) {
      EXPECT_EQ(b.targets[s * 32 + t], b.inputs[s * 32 + t + 1]);
    }
  }
  // Text rows hold only characters of the text.
  const std::set<int> letters(ids.begin(), ids.end());
  for (int t = 2 * 32; t < 8 * 32; ++t) EXPECT_TRUE(letters.count(b.inputs[t]));
  // Seeded: the same stream gives the same batch.
  Rng again(6);
  EXPECT_EQ(make_batch(again, c, ids).value().inputs, b.inputs);
}

TEST(Batches, ScoringCopiesOnlyWeighsThePredictablePositions) {
  DataConfig c;
  c.batch = 4;
  c.n = 64;
  c.synthetic_fraction = 0.5f;
  c.score_copies_only = true;
  std::string text;
  for (int i = 0; i < 20; ++i) text += "a whale of a tale. ";
  Rng rng(8);
  const Batch b = make_batch(rng, c, encode_text(text)).value();
  ASSERT_EQ(b.loss_weights.size(), 4u * 64);
  for (int s = 0; s < 2; ++s) {
    // Each scored position's target repeats the token `offset` earlier, and
    // so does the input before it: an induction head can predict it.
    int scored = 0;
    for (int t = 0; t < 64; ++t) {
      if (b.loss_weights[s * 64 + t] == 0) continue;
      ++scored;
      bool predictable = false;
      for (int j = 0; j < t; ++j) {
        predictable |= b.inputs[s * 64 + j] == b.inputs[s * 64 + t] &&
                       b.inputs[s * 64 + j + 1] == b.targets[s * 64 + t];
      }
      EXPECT_TRUE(predictable) << "sequence " << s << ", position " << t;
    }
    EXPECT_GE(scored, 11);  // a span of at least 12 gives 11 positions
    EXPECT_LE(scored, 30);
  }
  // Text rows are scored everywhere.
  for (int t = 2 * 64; t < 4 * 64; ++t) EXPECT_EQ(b.loss_weights[t], 1.0f);
}

TEST(Alphabet, RestrictsTheSyntheticTokensAndTheProbe) {
  // Each character once, in order; newline and unknown characters skipped.
  const std::vector<int> abc = synthetic_symbols("abca\n\t");
  EXPECT_EQ(abc, (std::vector<int>{char_to_id('a'), char_to_id('b'),
                                   char_to_id('c')}));
  EXPECT_EQ(synthetic_symbols().size(), 94u);
  const std::vector<int> letters =
      synthetic_symbols("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
  ASSERT_EQ(letters.size(), 52u);
  Rng rng(11);
  const std::set<int> allowed(letters.begin(), letters.end());
  const SyntheticSequence seq =
      make_induction_sequence(rng, 64, 12, 31, letters).value();
  for (int t : seq.tokens) EXPECT_TRUE(allowed.count(t));
  const std::vector<int> probe = make_repeated_probe(rng, 52, letters).value();
  EXPECT_EQ(std::set<int>(probe.begin(), probe.end()), allowed);
  EXPECT_FALSE(make_repeated_probe(rng, 53, letters).ok());
  DataConfig c;
  c.n = 64;
  c.synthetic_fraction = 1.0f;
  c.alphabet = "x";  // one character cannot make random sequences
  EXPECT_EQ(make_batch(rng, c, {}).status().code, ErrorCode::kOutOfRange);
}

TEST(Batches, ShiftedPositionsStayInRangeAndAreSeeded) {
  DataConfig c;
  c.batch = 32;
  c.n = 64;
  c.synthetic_fraction = 1.0f;
  c.max_shift = 10;
  Rng rng(12);
  const Batch b = make_batch(rng, c, {}).value();
  ASSERT_EQ(b.position_starts.size(), 32u);
  std::set<int> seen;
  for (int s : b.position_starts) {
    EXPECT_GE(s, 0);
    EXPECT_LE(s, 10);
    seen.insert(s);
  }
  EXPECT_GT(seen.size(), 5u);
  Rng again(12);
  EXPECT_EQ(make_batch(again, c, {}).value().position_starts,
            b.position_starts);
  c.max_shift = 0;
  EXPECT_TRUE(make_batch(again, c, {}).value().position_starts.empty());
}

TEST(Batches, BadConfigurationsAreRefused) {
  Rng rng(7);
  DataConfig c;
  c.n = 16;  // 17 tokens cannot hold two spans of 12
  EXPECT_EQ(make_batch(rng, c, {}).status().code, ErrorCode::kOutOfRange);
  c = DataConfig{};
  c.synthetic_fraction = 0.5f;
  EXPECT_NE(make_batch(rng, c, {1, 2, 3}).status().message.find("text"),
            std::string::npos);
  c.synthetic_fraction = 1.0f;  // all synthetic: no text needed
  EXPECT_TRUE(make_batch(rng, c, {}).ok());
}

TEST(TextWindows, EvenlySpacedAndInsideTheText) {
  std::vector<int> text(90);
  for (int i = 0; i < 90; ++i) text[i] = i;
  const std::vector<int> w = text_windows(text, 3, 9).value();
  ASSERT_EQ(w.size(), 30u);
  EXPECT_EQ(w[0], 0);
  EXPECT_EQ(w[10], 40);  // offsets 0, 40, 80
  EXPECT_EQ(w[29], 89);
  EXPECT_FALSE(text_windows(text, 3, 90).ok());
}

}  // namespace
}  // namespace mha::model

namespace mha::model {
namespace {

TEST(CheckedSyntheticSymbols, RefusesCharactersOutsideTheVocabulary) {
  EXPECT_EQ(checked_synthetic_symbols("").value().size(),
            synthetic_symbols().size());
  EXPECT_EQ(checked_synthetic_symbols("abca").value().size(), 3u);
  for (const char* bad : {"\xc3\xa9\xc3\xbc", "ab\n", "a\tb", "aaaa"}) {
    const auto r = checked_synthetic_symbols(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code, ErrorCode::kOutOfRange);
  }
}

}  // namespace
}  // namespace mha::model
