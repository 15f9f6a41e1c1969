// The trainer settings table: every TrainConfig field under one name, read
// from JSON and from flag text with checked kinds, written back unchanged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "mha/model/settings.h"

namespace mha::model {
namespace {

using Json = nlohmann::json;

TEST(TrainSettings, NamesAreUniqueAndCoverEveryField) {
  std::set<std::string> names;
  for (const TrainSetting& s : train_settings()) {
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    if (s.old_name[0] != '\0') {
      EXPECT_TRUE(names.insert(s.old_name).second);
    }
  }
  // Every field of TrainConfig but model.vocab (fixed: the character
  // vocabulary): 7 model, 4 start, 9 optimizer, 8 data.
  EXPECT_EQ(train_settings().size(), 28u);
  EXPECT_EQ(Json::parse(train_config_json(TrainConfig{})).size(), 28u);
}

TEST(TrainSettings, JsonShowsTheStructsValuesByName) {
  TrainConfig c;
  c.model.d_model = 48;
  c.adam.lr = 0.001f;
  c.data.synthetic_fraction = 0.25f;
  c.model.activation = Activation::kRelu;
  c.init.positions = PositionInit::kSinusoidal;
  c.seed = 4294967295u;
  const Json j = Json::parse(train_config_json(c));
  EXPECT_EQ(j["dModel"], 48);
  EXPECT_EQ(j["lr"].get<double>(), 0.001);  // the shortest decimal
  EXPECT_EQ(j["syntheticFraction"].get<double>(), 0.25);
  EXPECT_EQ(j["activation"], "relu");
  EXPECT_EQ(j["positionInit"], "sinusoidal");
  EXPECT_EQ(j["seed"].get<double>(), 4294967295.0);
  EXPECT_EQ(j["clipNorm"].get<double>(), 1.0);
  EXPECT_EQ(j["alphabet"], "");
}

TEST(TrainSettings, JsonRoundTripsEveryField) {
  TrainConfig c;
  c.model.layers = 3;
  c.model.mlp = true;
  c.adam.cosine = true;
  c.adam.decay_steps = 700;
  c.data.max_shift = 9;
  c.data.alphabet = "abc";
  c.init.std = 0.125f;
  const Result<TrainConfig> back =
      train_config_from_json(train_config_json(c), TrainConfig{});
  ASSERT_TRUE(back.ok()) << back.status().message;
  EXPECT_EQ(train_config_json(back.value()), train_config_json(c));
}

TEST(TrainSettings, ReadsOnlyTheNamedSettingsOverTheBase) {
  TrainConfig base;
  base.model.heads = 8;
  const Result<TrainConfig> r =
      train_config_from_json(R"({"layers": 5, "mix": 0.75})", base);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r.value().model.layers, 5);
  EXPECT_EQ(r.value().model.heads, 8);
  EXPECT_FLOAT_EQ(r.value().data.synthetic_fraction, 0.75f);  // old name
}

TEST(TrainSettings, RefusesEachBadValueByName) {
  const struct {
    const char* json;
    ErrorCode code;
    const char* says;
  } cases[] = {
      {R"({"layerz": 1})", ErrorCode::kBadType, "unknown trainer setting"},
      {R"({"layers": 1.5})", ErrorCode::kOutOfRange, "layers"},
      {R"({"heads": 4294967298})", ErrorCode::kOutOfRange, "heads"},
      {R"({"seed": -1})", ErrorCode::kOutOfRange, "seed"},
      {R"({"seed": 4294967296})", ErrorCode::kOutOfRange, "seed"},
      {R"({"lr": "fast"})", ErrorCode::kBadType, "lr"},
      {R"({"lr": null})", ErrorCode::kBadType, "lr"},
      {R"({"lr": 1e300})", ErrorCode::kNonFinite, "lr"},
      {R"({"mlp": 1})", ErrorCode::kBadType, "mlp"},
      {R"({"activation": "tanh"})", ErrorCode::kBadType, "\"gelu\" or"},
      {R"({"activation": "gelu|relu"})", ErrorCode::kBadType, "activation"},
      {R"({"alphabet": 7})", ErrorCode::kBadType, "alphabet"},
      {R"({"clip": 1, "clipNorm": 2})", ErrorCode::kBadType, "not both"},
      {R"([1])", ErrorCode::kBadJson, "trainer settings"},
      {R"({"layers": )", ErrorCode::kBadJson, "trainer settings"},
  };
  for (const auto& c : cases) {
    const Result<TrainConfig> r = train_config_from_json(c.json, {});
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code, c.code) << c.json;
    EXPECT_NE(r.status().message.find(c.says), std::string::npos)
        << c.json << ": " << r.status().message;
  }
}

TEST(TrainSettings, FlagTextSetsTheSameFields) {
  TrainConfig c;
  ASSERT_TRUE(set_train_setting("dModel", "96", &c).ok());
  ASSERT_TRUE(set_train_setting("clip", "0.5", &c).ok());
  ASSERT_TRUE(set_train_setting("mlp", "true", &c).ok());
  ASSERT_TRUE(set_train_setting("positionInit", "sinusoidal", &c).ok());
  EXPECT_EQ(c.model.d_model, 96);
  EXPECT_FLOAT_EQ(c.adam.clip_norm, 0.5f);
  EXPECT_TRUE(c.model.mlp);
  EXPECT_EQ(c.init.positions, PositionInit::kSinusoidal);
  EXPECT_EQ(set_train_setting("dModel", "9x", &c).code, ErrorCode::kBadType);
  EXPECT_EQ(set_train_setting("mlp", "yes", &c).code, ErrorCode::kBadType);
  EXPECT_EQ(set_train_setting("nope", "1", &c).code, ErrorCode::kBadType);
  EXPECT_EQ(c.model.d_model, 96);  // unchanged by the failures
}

TEST(TrainSettings, TableAsJsonNamesKindsChoicesAndOldNames) {
  const Json table = Json::parse(train_settings_json());
  ASSERT_EQ(table.size(), train_settings().size());
  for (const Json& s : table) {
    if (s["name"] == "activation") {
      EXPECT_EQ(s["kind"], "choice");
      EXPECT_EQ(s["choices"], Json::array({"gelu", "relu"}));
    }
    if (s["name"] == "syntheticFraction") {
      EXPECT_EQ(s["oldName"], "mix");
    }
    if (s["name"] == "dModel") {
      EXPECT_EQ(s["kind"], "integer");
    }
    if (s["name"] == "mlp") {
      EXPECT_EQ(s["kind"], "flag");
    }
  }
}

TEST(TrainSettings, HelpListsEveryFlagWithItsDefault) {
  EXPECT_EQ(kebab_case("dModel"), "d-model");
  EXPECT_EQ(kebab_case("scoreCopiesOnly"), "score-copies-only");
  const std::string help = train_settings_help(TrainConfig{});
  for (const TrainSetting& s : train_settings()) {
    EXPECT_NE(help.find("--" + kebab_case(s.name)), std::string::npos)
        << s.name;
  }
  EXPECT_NE(help.find("--d-model N"), std::string::npos);
  EXPECT_NE(help.find("(64)"), std::string::npos);
  EXPECT_NE(help.find("--mlp | --no-mlp"), std::string::npos);
  EXPECT_NE(help.find("old name --mix"), std::string::npos);
}

}  // namespace
}  // namespace mha::model
