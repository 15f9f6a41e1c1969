#include "mha/json_io.h"

#include <gtest/gtest.h>

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

TEST(WeightsJson, RoundTripIsExact) {
  std::mt19937 rng(12);
  const MultiHeadWeights w = RandomWeights(rng, 6, 3, true);
  const Result<MultiHeadWeights> back = weights_from_json(weights_to_json(w));
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
