#include "mha/model/settings.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "../json_object.h"

namespace mha::model {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kIntMin = std::numeric_limits<int>::min();
constexpr double kIntMax = std::numeric_limits<int>::max();
constexpr double kSeedMax = std::numeric_limits<std::uint32_t>::max();

// A setting and how to read and write it in a TrainConfig. Numbers travel
// as doubles, choices and text as strings; only the kind's pair is set.
struct Entry {
  TrainSetting setting;
  double (*get_number)(const TrainConfig&) = nullptr;
  void (*set_number)(TrainConfig&, double) = nullptr;
  bool (*get_flag)(const TrainConfig&) = nullptr;
  void (*set_flag)(TrainConfig&, bool) = nullptr;
  std::string (*get_text)(const TrainConfig&) = nullptr;
  void (*set_text)(TrainConfig&, const std::string&) = nullptr;
};

#define MHA_NUMBER_ACCESS(field)                                              \
  [](const TrainConfig& c) { return static_cast<double>(c.field); },          \
      [](TrainConfig& c, double v) {                                          \
        c.field = static_cast<std::remove_reference_t<decltype(c.field)>>(v); \
      }
#define MHA_FLAG_ACCESS(field)                  \
  [](const TrainConfig& c) { return c.field; }, \
      [](TrainConfig& c, bool v) { c.field = v; }

Entry integer(const char* name, const char* help, double min, double max,
              double (*get)(const TrainConfig&),
              void (*set)(TrainConfig&, double), const char* old_name = "") {
  return {
      {name, SettingKind::kInteger, help, "", old_name, min, max}, get, set};
}

Entry number(const char* name, const char* help,
             double (*get)(const TrainConfig&),
             void (*set)(TrainConfig&, double), const char* old_name = "") {
  return {{name, SettingKind::kNumber, help, "", old_name, 0, 0}, get, set};
}

Entry flag(const char* name, const char* help, bool (*get)(const TrainConfig&),
           void (*set)(TrainConfig&, bool)) {
  return {{name, SettingKind::kFlag, help, "", "", 0, 0},
          nullptr,
          nullptr,
          get,
          set};
}

Entry text(const char* name, const char* kind_choices, const char* help,
           std::string (*get)(const TrainConfig&),
           void (*set)(TrainConfig&, const std::string&)) {
  const SettingKind kind =
      kind_choices[0] == '\0' ? SettingKind::kText : SettingKind::kChoice;
  return {{name, kind, help, kind_choices, "", 0, 0},
          nullptr,
          nullptr,
          nullptr,
          nullptr,
          get,
          set};
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      // The model (ModelConfig).
      integer("layers", "L: attention blocks, each with its MLP when mlp",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(model.layers)),
      integer("heads", "H: heads per layer, each of d_k = dModel / heads",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(model.heads)),
      integer("dModel", "D: width of the residual stream", kIntMin, kIntMax,
              MHA_NUMBER_ACCESS(model.d_model)),
      integer("context", "T: the longest input (rows of the position table)",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(model.context)),
      flag("mlp", "an MLP after each attention block",
           MHA_FLAG_ACCESS(model.mlp)),
      integer("dMlp", "F: hidden width of the MLP", kIntMin, kIntMax,
              MHA_NUMBER_ACCESS(model.d_mlp)),
      text(
          "activation", "gelu|relu", "the MLP's activation",
          [](const TrainConfig& c) {
            return std::string(activation_name(c.model.activation));
          },
          [](TrainConfig& c, const std::string& v) {
            c.model.activation =
                v == "relu" ? Activation::kRelu : Activation::kGelu;
          }),
      // The start (seed, InitConfig).
      integer("seed",
              "initialises the weights; the batches are drawn from seed + 1", 0,
              kSeedMax, MHA_NUMBER_ACCESS(seed)),
      number("initStd", "standard deviation of the initial weights",
             MHA_NUMBER_ACCESS(init.std)),
      text(
          "positionInit", "normal|sinusoidal",
          "the learned position table's start",
          [](const TrainConfig& c) {
            return std::string(c.init.positions == PositionInit::kSinusoidal
                                   ? "sinusoidal"
                                   : "normal");
          },
          [](TrainConfig& c, const std::string& v) {
            c.init.positions = v == "sinusoidal" ? PositionInit::kSinusoidal
                                                 : PositionInit::kNormal;
          }),
      number("positionScale", "RMS of the position table relative to initStd",
             MHA_NUMBER_ACCESS(init.position_scale)),
      // The optimizer (AdamConfig).
      number("lr", "peak learning rate", MHA_NUMBER_ACCESS(adam.lr)),
      number("beta1", "Adam's β₁", MHA_NUMBER_ACCESS(adam.beta1)),
      number("beta2", "Adam's β₂", MHA_NUMBER_ACCESS(adam.beta2)),
      number("epsilon", "Adam's ε", MHA_NUMBER_ACCESS(adam.epsilon)),
      integer("warmup", "steps of linear warm-up (0: none)", kIntMin, kIntMax,
              MHA_NUMBER_ACCESS(adam.warmup)),
      flag("cosine", "cosine decay after warm-up, to minLr at decaySteps",
           MHA_FLAG_ACCESS(adam.cosine)),
      integer("decaySteps", "the step at which the cosine decay ends", kIntMin,
              kIntMax, MHA_NUMBER_ACCESS(adam.decay_steps)),
      number("minLr", "the learning rate at the end of the decay",
             MHA_NUMBER_ACCESS(adam.min_lr)),
      number("clipNorm", "global gradient-norm clip (0: no clipping)",
             MHA_NUMBER_ACCESS(adam.clip_norm), "clip"),
      // The batches (DataConfig).
      integer("batch", "sequences per step", kIntMin, kIntMax,
              MHA_NUMBER_ACCESS(data.batch)),
      integer("n", "tokens per training sequence (at most context)", kIntMin,
              kIntMax, MHA_NUMBER_ACCESS(data.n)),
      number("syntheticFraction",
             "share of each batch that is the synthetic induction task",
             MHA_NUMBER_ACCESS(data.synthetic_fraction), "mix"),
      integer("minSpan", "the shortest copied span of a synthetic sequence",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(data.min_span)),
      integer("maxSpan", "the longest copied span of a synthetic sequence",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(data.max_span)),
      integer("maxShift",
              "each sequence's positions start at a random s in [0, maxShift]",
              kIntMin, kIntMax, MHA_NUMBER_ACCESS(data.max_shift)),
      flag("scoreCopiesOnly",
           "score only the predictable copied positions of synthetic "
           "sequences",
           MHA_FLAG_ACCESS(data.score_copies_only)),
      text(
          "alphabet", "", "the synthetic tokens' characters (empty: '!'..'~')",
          [](const TrainConfig& c) { return c.data.alphabet; },
          [](TrainConfig& c, const std::string& v) { c.data.alphabet = v; }),
  };
  return table;
}

#undef MHA_NUMBER_ACCESS
#undef MHA_FLAG_ACCESS

const Entry* find_entry(std::string_view name) {
  for (const Entry& e : entries()) {
    if (name == e.setting.name ||
        (e.setting.old_name[0] != '\0' && name == e.setting.old_name)) {
      return &e;
    }
  }
  return nullptr;
}

// The shortest decimal that reads back as the same float, as a double:
// 0.001f is shown as 0.001, not 0.0010000000474974513.
double shortest(double value, SettingKind kind) {
  if (kind != SettingKind::kNumber || !std::isfinite(value)) return value;
  const float f = static_cast<float>(value);
  char buffer[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, f);
    if (std::strtof(buffer, nullptr) == f) break;
  }
  return std::strtod(buffer, nullptr);
}

std::string quoted(const std::string& s) { return Json(s).dump(); }

Status bad_type(const TrainSetting& s, const std::string& want,
                const std::string& got) {
  return Status::Error(ErrorCode::kBadType, std::string(s.name) + " must be " +
                                                want + ", got " + got);
}

std::string choices_phrase(const TrainSetting& s) {
  std::string out;
  std::string all = s.choices;
  std::size_t start = 0;
  while (start <= all.size()) {
    const std::size_t bar = all.find('|', start);
    const std::string one = all.substr(start, bar - start);
    out += (out.empty() ? "" : " or ") + quoted(one);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

bool is_choice(const TrainSetting& s, const std::string& v) {
  const std::string all = std::string("|") + s.choices + "|";
  return !v.empty() && v.find('|') == std::string::npos &&
         all.find("|" + v + "|") != std::string::npos;
}

// Writes one JSON value into the entry's field, checked for its kind.
Status set_from_json(const Entry& e, const Json& v, TrainConfig* c) {
  const TrainSetting& s = e.setting;
  switch (s.kind) {
    case SettingKind::kInteger: {
      if (!v.is_number()) return bad_type(s, "an integer", v.dump());
      const double d = v.get<double>();
      if (!std::isfinite(d) || std::floor(d) != d) {
        return Status::Error(
            ErrorCode::kOutOfRange,
            std::string(s.name) + " must be a whole number, got " + v.dump());
      }
      if (d < s.min || d > s.max) {
        char range[96];
        std::snprintf(range, sizeof range, "[%.0f, %.0f]", s.min, s.max);
        return Status::Error(
            ErrorCode::kOutOfRange,
            std::string(s.name) + " must be in " + range + ", got " + v.dump());
      }
      e.set_number(*c, d);
      return Status::Ok();
    }
    case SettingKind::kNumber: {
      if (!v.is_number()) return bad_type(s, "a finite number", v.dump());
      const double d = v.get<double>();
      if (!std::isfinite(d) ||
          std::fabs(d) > std::numeric_limits<float>::max()) {
        return Status::Error(
            ErrorCode::kNonFinite,
            std::string(s.name) + " must be a finite number, got " + v.dump());
      }
      e.set_number(*c, d);
      return Status::Ok();
    }
    case SettingKind::kFlag:
      if (!v.is_boolean()) return bad_type(s, "true or false", v.dump());
      e.set_flag(*c, v.get<bool>());
      return Status::Ok();
    case SettingKind::kChoice:
      if (!v.is_string() || !is_choice(s, v.get<std::string>())) {
        return bad_type(s, choices_phrase(s), v.dump());
      }
      e.set_text(*c, v.get<std::string>());
      return Status::Ok();
    case SettingKind::kText:
      if (!v.is_string()) return bad_type(s, "a string", v.dump());
      e.set_text(*c, v.get<std::string>());
      return Status::Ok();
  }
  return Status::Error(ErrorCode::kBadType, "unknown setting kind");
}

std::string all_names() {
  std::string out;
  for (const Entry& e : entries()) {
    out += (out.empty() ? "" : ", ") + std::string(e.setting.name);
  }
  return out;
}

Status unknown(std::string_view name) {
  return Status::Error(ErrorCode::kBadType,
                       "unknown trainer setting " + quoted(std::string(name)) +
                           " (settings: " + all_names() + ")");
}

}  // namespace

const std::vector<TrainSetting>& train_settings() {
  static const std::vector<TrainSetting> settings = [] {
    std::vector<TrainSetting> out;
    for (const Entry& e : entries()) out.push_back(e.setting);
    return out;
  }();
  return settings;
}

const TrainSetting* find_train_setting(std::string_view name) {
  const Entry* e = find_entry(name);
  return e == nullptr ? nullptr : &e->setting;
}

std::string kebab_case(std::string_view name) {
  std::string out;
  for (char ch : name) {
    if (ch >= 'A' && ch <= 'Z') {
      out += '-';
      out += static_cast<char>(ch - 'A' + 'a');
    } else {
      out += ch;
    }
  }
  return out;
}

std::string train_settings_json() {
  static const char* const kKindNames[] = {"integer", "number", "flag",
                                           "choice", "text"};
  Json out = Json::array();
  for (const Entry& e : entries()) {
    const TrainSetting& s = e.setting;
    Json one = {{"name", s.name},
                {"kind", kKindNames[static_cast<int>(s.kind)]},
                {"help", s.help}};
    if (s.kind == SettingKind::kChoice) {
      Json choices = Json::array();
      const std::string all = s.choices;
      std::size_t start = 0;
      for (std::size_t bar; (bar = all.find('|', start)) != std::string::npos;
           start = bar + 1) {
        choices.push_back(all.substr(start, bar - start));
      }
      choices.push_back(all.substr(start));
      one["choices"] = choices;
    }
    if (s.old_name[0] != '\0') one["oldName"] = s.old_name;
    out.push_back(one);
  }
  return out.dump();
}

std::string train_config_json(const TrainConfig& config) {
  Json out = Json::object();
  for (const Entry& e : entries()) {
    const TrainSetting& s = e.setting;
    switch (s.kind) {
      case SettingKind::kInteger:
        out[s.name] = static_cast<std::int64_t>(e.get_number(config));
        break;
      case SettingKind::kNumber:
        out[s.name] = shortest(e.get_number(config), s.kind);
        break;
      case SettingKind::kFlag:
        out[s.name] = e.get_flag(config);
        break;
      case SettingKind::kChoice:
      case SettingKind::kText:
        out[s.name] = e.get_text(config);
        break;
    }
  }
  return out.dump();
}

Result<TrainConfig> train_config_from_json(std::string_view json,
                                           const TrainConfig& base) {
  Result<Json> parsed =
      internal::parse_json_object<Json>(json, "trainer settings");
  if (!parsed.ok()) return parsed.status();
  const Json& object = parsed.value();
  TrainConfig config = base;
  for (const auto& [name, value] : object.items()) {
    const Entry* e = find_entry(name);
    if (e == nullptr) return unknown(name);
    const TrainSetting& s = e->setting;
    if (s.old_name[0] != '\0' && object.contains(s.name) &&
        object.contains(s.old_name)) {
      return Status::Error(ErrorCode::kBadType, std::string("give ") + s.name +
                                                    " or its old name " +
                                                    s.old_name + ", not both");
    }
    const Status st = set_from_json(*e, value, &config);
    if (!st.ok()) return st;
  }
  return config;
}

Status set_train_setting(std::string_view name, std::string_view text,
                         TrainConfig* config) {
  const Entry* e = find_entry(name);
  if (e == nullptr) return unknown(name);
  const std::string value(text);
  Json v;
  switch (e->setting.kind) {
    case SettingKind::kInteger:
    case SettingKind::kNumber: {
      char* end = nullptr;
      const double d = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0') {
        return bad_type(e->setting, "a number", quoted(value));
      }
      v = d;
      break;
    }
    case SettingKind::kFlag:
      if (value != "true" && value != "false") {
        return bad_type(e->setting, "true or false", quoted(value));
      }
      v = value == "true";
      break;
    case SettingKind::kChoice:
    case SettingKind::kText:
      v = value;
      break;
  }
  return set_from_json(*e, v, config);
}

std::string train_settings_help(const TrainConfig& defaults) {
  const Json values = Json::parse(train_config_json(defaults));
  std::string out;
  for (const Entry& e : entries()) {
    const TrainSetting& s = e.setting;
    const std::string flag = "--" + kebab_case(s.name);
    std::string usage;
    switch (s.kind) {
      case SettingKind::kInteger:
        usage = flag + " N";
        break;
      case SettingKind::kNumber:
        usage = flag + " X";
        break;
      case SettingKind::kFlag:
        usage = flag + " | --no-" + kebab_case(s.name);
        break;
      case SettingKind::kChoice:
        usage = flag + " " + s.choices;
        break;
      case SettingKind::kText:
        usage = flag + " TEXT";
        break;
    }
    if (usage.size() < 30) usage.resize(30, ' ');
    const Json& d = values[s.name];
    std::string shown = d.is_string() ? quoted(d.get<std::string>()) : d.dump();
    if (s.kind == SettingKind::kFlag) shown = d.get<bool>() ? "on" : "off";
    out += "  " + usage + " " + s.help + " (" + shown + ")";
    if (s.old_name[0] != '\0') {
      out += std::string("; old name --") + kebab_case(s.old_name);
    }
    out += "\n";
  }
  return out;
}

}  // namespace mha::model
