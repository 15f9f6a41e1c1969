// Checkpoints: an exact round trip, and a clear Status (never a throw) for
// every kind of bad file.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "mha/model/checkpoint.h"
#include "model_test_helpers.h"

namespace mha::model {
namespace {

ModelConfig SmallConfig(bool mlp) {
  ModelConfig c;
  c.vocab = 9;
  c.context = 7;
  c.d_model = 6;
  c.heads = 3;
  c.layers = 2;
  c.mlp = mlp;
  c.d_mlp = 10;
  c.activation = Activation::kRelu;
  return c;
}

void ExpectError(const Status& s, ErrorCode code, const std::string& text) {
  EXPECT_EQ(s.code, code) << s.message;
  EXPECT_NE(s.message.find(text), std::string::npos)
      << "message \"" << s.message << "\" lacks \"" << text << "\"";
}

// The header's JSON text and the byte offset of the float data.
std::string HeaderOf(const std::vector<std::uint8_t>& bytes) {
  std::uint32_t h = 0;
  for (int i = 0; i < 4; ++i)
    h |= static_cast<std::uint32_t>(bytes[8 + i]) << (8 * i);
  return std::string(bytes.begin() + 12, bytes.begin() + 12 + h);
}

// The same weights with a different header (padded to a multiple of 4).
std::vector<std::uint8_t> WithHeader(const std::vector<std::uint8_t>& bytes,
                                     std::string header) {
  const std::string old = HeaderOf(bytes);
  header.append((4 - header.size() % 4) % 4, ' ');
  std::vector<std::uint8_t> out(bytes.begin(), bytes.begin() + 8);
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<std::uint8_t>(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), bytes.begin() + 12 + old.size(), bytes.end());
  return out;
}

std::string Replace(std::string s, const std::string& from,
                    const std::string& to) {
  const std::size_t at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Checkpoint, RoundTripIsExact) {
  for (bool mlp : {false, true}) {
    const Weights w = testing::RandomModel(SmallConfig(mlp), 5);
    const auto bytes = save_checkpoint(w, 250, R"({"loss": 1.5})");
    ASSERT_TRUE(bytes.ok()) << bytes.status().message;
    EXPECT_EQ((12 + HeaderOf(bytes.value()).size()) % 4, 0u);
    const Result<Checkpoint> back =
        load_checkpoint(bytes.value().data(), bytes.value().size());
    ASSERT_TRUE(back.ok()) << back.status().message;
    EXPECT_EQ(back.value().step, 250);
    EXPECT_EQ(back.value().meta_json, R"({"loss":1.5})");
    EXPECT_EQ(back.value().weights.config.mlp, mlp);
    EXPECT_EQ(back.value().weights.config.activation, Activation::kRelu);
    const auto a = tensors(w);
    const auto b = tensors(back.value().weights);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(*a[i].tensor, *b[i].tensor) << a[i].name;  // bit-exact
    }
    // And saving again gives the same bytes.
    EXPECT_EQ(save_checkpoint(back.value().weights, 250, back.value().meta_json)
                  .value(),
              bytes.value());
  }
}

TEST(Checkpoint, HeaderListsTensorsInOrder) {
  const Weights w = testing::RandomModel(SmallConfig(false), 6);
  const std::string header = HeaderOf(save_checkpoint(w, 0, "{}").value());
  EXPECT_NE(header.find(R"("format":"mha-model")"), std::string::npos);
  EXPECT_LT(header.find("token_embedding"), header.find("layers.0.wq"));
  EXPECT_LT(header.find("layers.1.bo"), header.find("unembedding"));
  EXPECT_NE(header.find(R"("shape":[9,6])"), std::string::npos);
}

TEST(Checkpoint, BadFilesGiveClearMessages) {
  const Weights w = testing::RandomModel(SmallConfig(false), 7);
  const std::vector<std::uint8_t> good = save_checkpoint(w, 3, "{}").value();
  const std::string header = HeaderOf(good);
  const auto load = [](const std::vector<std::uint8_t>& b) {
    return load_checkpoint(b.data(), b.size()).status();
  };
  // Not a checkpoint at all.
  ExpectError(load({'h', 'e', 'l', 'l', 'o'}), ErrorCode::kBadJson,
              "not a model checkpoint");
  std::vector<std::uint8_t> bad = good;
  bad[0] = 'X';
  ExpectError(load(bad), ErrorCode::kBadJson, "MHAMODL1");
  // Cut short: in the header, or in the weights.
  ExpectError(load({good.begin(), good.begin() + 40}), ErrorCode::kBadJson,
              "does not fit");
  ExpectError(load({good.begin(), good.end() - 4}), ErrorCode::kBadJson,
              "bytes of weights, expected");
  // Malformed JSON says where.
  ExpectError(load(WithHeader(good, "{\"format\": ")), ErrorCode::kBadJson,
              "malformed JSON in the checkpoint header");
  ExpectError(load(WithHeader(good, "[1, 2]")), ErrorCode::kBadJson,
              "expected an object");
  // Missing and ill-typed fields are named.
  ExpectError(load(WithHeader(good, Replace(header, "\"mha-model\"", "\"x\""))),
              ErrorCode::kBadJson, "\"format\"");
  ExpectError(
      load(WithHeader(good, Replace(header, "\"version\":1", "\"version\":7"))),
      ErrorCode::kBadJson, "version 7");
  ExpectError(
      load(WithHeader(good, Replace(header, "\"heads\":3", "\"heads\":\"3\""))),
      ErrorCode::kBadJson, "\"heads\" must be a non-negative integer");
  ExpectError(
      load(WithHeader(good, Replace(header, "\"step\":3", "\"step\":-1"))),
      ErrorCode::kBadJson, "\"step\"");
  ExpectError(load(WithHeader(good, Replace(header, "\"relu\"", "\"tanh\""))),
              ErrorCode::kBadJson, "\"activation\"");
  ExpectError(
      load(WithHeader(good, Replace(header, "\"meta\":{}", "\"meta\":[]"))),
      ErrorCode::kBadJson, "\"meta\" must be an object");
  // A config that is valid JSON but not a valid model.
  ExpectError(
      load(WithHeader(good, Replace(header, "\"heads\":3", "\"heads\":4"))),
      ErrorCode::kHeadsDoNotDivide, "not divisible");
  // Tensors: wrong name, wrong shape.
  ExpectError(
      load(WithHeader(good, Replace(header, "layers.0.wq", "layers.0.wx"))),
      ErrorCode::kBadJson, "\"layers.0.wx\", expected \"layers.0.wq\"");
  ExpectError(load(WithHeader(
                  good, Replace(header, "\"shape\":[9,6]", "\"shape\":[6,9]"))),
              ErrorCode::kShapeMismatch, "token_embedding");
  // A NaN weight.
  bad = good;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(bad.data() + 12 + header.size(), &nan, 4);
  ExpectError(load(bad), ErrorCode::kNonFinite, "token_embedding");
  // A meta that is not an object is refused when saving.
  ExpectError(save_checkpoint(w, 0, "[1]").status(), ErrorCode::kBadJson,
              "expected an object");
  ExpectError(save_checkpoint(w, 0, "{").status(), ErrorCode::kBadJson,
              "malformed JSON");
}

TEST(ConfigJson, RoundTripAndErrors) {
  const ModelConfig c = SmallConfig(true);
  const Result<ModelConfig> back = config_from_json(config_to_json(c));
  ASSERT_TRUE(back.ok()) << back.status().message;
  EXPECT_EQ(back.value().d_mlp, 10);
  EXPECT_TRUE(back.value().mlp);
  ExpectError(config_from_json("{\"vocab\": 9}").status(), ErrorCode::kBadJson,
              "\"context\"");
  ExpectError(config_from_json("nope").status(), ErrorCode::kBadJson,
              "malformed JSON");
  ExpectError(
      config_from_json(R"({"vocab": 9, "context": 7, "d_model": 6, "heads": 3,
                           "layers": 2, "mlp": 1})")
          .status(),
      ErrorCode::kBadJson, "\"mlp\" must be true or false");
}

}  // namespace
}  // namespace mha::model
