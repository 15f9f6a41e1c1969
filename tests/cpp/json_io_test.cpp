#include "mha/json_io.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "test_helpers.h"

namespace mha {
namespace {

using testing::RandomWeights;

void ExpectError(const Status& s, ErrorCode code, const std::string& text) {
  EXPECT_EQ(s.code, code) << s.message;
  EXPECT_NE(s.message.find(text), std::string::npos)
      << "message \"" << s.message << "\" lacks \"" << text << "\"";
}

// The same document through nlohmann's DOM, the reference for the streamed
// writer and the fast reader.
using FloatJson = nlohmann::basic_json<std::map, std::vector, std::string, bool,
                                       std::int64_t, std::uint64_t, float>;

FloatJson Numbers(const float* data, Eigen::Index size) {
  return FloatJson(std::vector<float>(data, data + size));
}

TEST(WeightsJson, WriterMatchesNlohmannsDumpOfTheSameDocument) {
  std::mt19937 rng(7);
  MultiHeadWeights w = RandomWeights(rng, 6, 3, true);
  w.wq(0, 0) = -0.0f;
  w.wq(0, 1) = 1e-45f;
  w.wq(0, 2) = 3.4028235e38f;
  w.wq(0, 3) = 16777216.0f;
  w.bv = RowVector();  // no bv
  FloatJson doc = {{"heads", 3}, {"d_model", 6}};
  doc["wq"] = Numbers(w.wq.data(), w.wq.size());
  doc["wk"] = Numbers(w.wk.data(), w.wk.size());
  doc["wv"] = Numbers(w.wv.data(), w.wv.size());
  doc["wo"] = Numbers(w.wo.data(), w.wo.size());
  doc["bq"] = Numbers(w.bq.data(), w.bq.size());
  doc["bk"] = Numbers(w.bk.data(), w.bk.size());
  doc["bo"] = Numbers(w.bo.data(), w.bo.size());
  EXPECT_EQ(weights_to_json(w).value(), doc.dump());
}

TEST(WeightsJson, FastReaderGivesTheDomPathsFloats) {
  // The same document read twice: as is (the fast reader), and with an
  // escaped key added, which the fast reader leaves to the DOM path.
  const std::vector<std::string> tokens = {"0",
                                           "-0",
                                           "-0.0",
                                           "0.1",
                                           "1e-45",
                                           "-1E+2",
                                           "3.4028235e38",
                                           "2.5e-39",
                                           "16777217",
                                           "-9007199254740993",
                                           "123456789012345678901234567890",
                                           "1.00000006",
                                           "7.0e0"};
  std::string wq;
  for (int i = 0; i < 16; ++i) {
    wq += (i ? "," : "") + tokens[i % tokens.size()];
  }
  const std::string ones = "1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1";
  const std::string body = "\"heads\": 2, \"d_model\": 4, \"wq\": [" + wq +
                           "], \"wk\": [" + ones + "], \"wv\": [" + ones +
                           "], \"wo\": [" + ones + "], \"bq\": null";
  const Result<MultiHeadWeights> fast = weights_from_json("{" + body + "}");
  const Result<MultiHeadWeights> dom =
      weights_from_json("{\"\\u0078\": 0, " + body + "}");
  ASSERT_TRUE(fast.ok()) << fast.status().message;
  ASSERT_TRUE(dom.ok()) << dom.status().message;
  for (Eigen::Index i = 0; i < 16; ++i) {
    const float a = fast.value().wq.data()[i], b = dom.value().wq.data()[i];
    EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0)
        << tokens[i % tokens.size()] << ": " << a << " vs " << b;
  }
  // A document the fast reader declines still gets the DOM path's error.
  ExpectError(weights_from_json("{" + body + ", \"wq\": [1]}").status(),
              ErrorCode::kShapeMismatch, "wq");
}

TEST(WeightsJson, ANulCharacterIsRefusedNotTheEndOfTheText) {
  std::mt19937 rng(8);
  const std::string good = weights_to_json(RandomWeights(rng, 4, 2)).value();
  ASSERT_TRUE(weights_from_json(good).ok());
  const std::string bad = good + std::string(1, '\0') + "garbage";
  ExpectError(weights_from_json(bad).status(), ErrorCode::kBadJson, "NUL");
}

TEST(WeightsJson, ExportTooLargeForTextIsRefusedBeforeWriting) {
  MultiHeadWeights w;
  w.heads = 16;
  for (Matrix* m : {&w.wq, &w.wk, &w.wv, &w.wo}) *m = Matrix::Zero(2048, 2048);
  EXPECT_GT(weights_json_bytes(w), kMaxWeightsJsonBytes);
  ExpectError(weights_to_json(w).status(), ErrorCode::kTooLarge, "MiB");
}

TEST(WeightsJson, RoundTripIsExact) {
  std::mt19937 rng(12);
  const MultiHeadWeights w = RandomWeights(rng, 6, 3, true);
  const Result<MultiHeadWeights> back =
      weights_from_json(weights_to_json(w).value());
  ASSERT_TRUE(back.ok()) << back.status().message;
  EXPECT_EQ(back.value().heads, 3);
  EXPECT_EQ(back.value().wq, w.wq);
  EXPECT_EQ(back.value().wo, w.wo);
  EXPECT_EQ(back.value().bk, w.bk);
  EXPECT_EQ(back.value().bo, w.bo);
}

TEST(WeightsJson, BiasesAreOptional) {
  const std::string text =
      R"({"heads": 1, "d_model": 1, "wq": [1], "wk": [2], "wv": [3],
          "wo": [4], "bq": null})";
  const Result<MultiHeadWeights> w = weights_from_json(text);
  ASSERT_TRUE(w.ok()) << w.status().message;
  EXPECT_EQ(w.value().bq.size(), 0);
  EXPECT_EQ(w.value().wv(0, 0), 3.0f);
}

TEST(WeightsJson, MalformedTextSaysWhere) {
  ExpectError(weights_from_json("{\"heads\": 2,").status(), ErrorCode::kBadJson,
              "malformed JSON");
  ExpectError(weights_from_json("{\"heads\": x}").status(), ErrorCode::kBadJson,
              "line 1, column");
  ExpectError(weights_from_json("").status(), ErrorCode::kBadJson,
              "malformed JSON");
}

TEST(WeightsJson, TopLevelMustBeAnObject) {
  ExpectError(weights_from_json("[1, 2]").status(), ErrorCode::kBadJson,
              "expected an object");
}

TEST(WeightsJson, MissingAndMistypedFieldsAreNamed) {
  ExpectError(weights_from_json(R"({"d_model": 2})").status(),
              ErrorCode::kBadJson, "\"heads\"");
  ExpectError(weights_from_json(R"({"heads": "two", "d_model": 2})").status(),
              ErrorCode::kBadJson, "\"heads\" must be a non-negative integer");
  ExpectError(
      weights_from_json(R"({"heads": 1, "d_model": 1, "wq": [1], "wk": [1],
                           "wv": ["a"], "wo": [1]})")
          .status(),
      ErrorCode::kBadJson, "\"wv\" must be an array of 1 numbers");
}

TEST(WeightsJson, WrongCountSaysExpectedAndActual) {
  ExpectError(weights_from_json(R"({"heads": 1, "d_model": 2,
                                    "wq": [1, 2, 3]})")
                  .status(),
              ErrorCode::kShapeMismatch,
              "\"wq\" has 3 numbers, expected 4 (2 × 2)");
}

TEST(WeightsJson, HeadsMustDivideDModel) {
  ExpectError(weights_from_json(R"({"heads": 3, "d_model": 4})").status(),
              ErrorCode::kHeadsDoNotDivide,
              "d_model (4) is not divisible by heads (3)");
}

TEST(WeightsJson, NumbersBeyondFloatRangeAreRefused) {
  ExpectError(weights_from_json(R"({"heads": 1, "d_model": 1, "wq": [1e39],
                                    "wk": [1], "wv": [1], "wo": [1]})")
                  .status(),
              ErrorCode::kBadJson, "number overflow parsing '1e39'");
}

TEST(ConfigJson, RoundTrip) {
  MultiHeadConfig c;
  c.d_model = 768;
  c.heads = 12;
  c.causal = true;
  c.max_tokens = 128;
  const Result<MultiHeadConfig> back = config_from_json(config_to_json(c));
  ASSERT_TRUE(back.ok()) << back.status().message;
  EXPECT_EQ(back.value().d_model, 768);
  EXPECT_EQ(back.value().heads, 12);
  EXPECT_TRUE(back.value().causal);
  EXPECT_EQ(back.value().max_tokens, 128);
}

TEST(ConfigJson, ValidatedOnTheWayIn) {
  ExpectError(config_from_json(R"({"d_model": 10, "heads": 4})").status(),
              ErrorCode::kHeadsDoNotDivide, "(10)");
  ExpectError(
      config_from_json(R"({"d_model": 8, "heads": 2, "causal": 1})").status(),
      ErrorCode::kBadJson, "\"causal\" must be true or false");
  ExpectError(config_from_json(R"({"d_model": 8, "heads": 2,
                                   "max_tokens": 100000})")
                  .status(),
              ErrorCode::kTooLarge, "maximum");
}

}  // namespace
}  // namespace mha
