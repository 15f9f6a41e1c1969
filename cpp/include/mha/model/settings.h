// The trainer's settings, each under one public name: the option of the JS
// API's createTrainer() and, kebab-cased, the flag of mha_train
// ("dModel" → --d-model). This is the one place the names are said; the JS
// API and the command line read this table rather than keep their own.
//
// A setting is read from JSON (the JS API's options cross the wasm
// boundary as one JSON object) or from a flag's text, checked for its kind
// (an integer must be integral and in range, a choice one of its names),
// and written into a TrainConfig. Whether the settings agree with each
// other is check_train_config's job (mha/model/train.h).
#ifndef MHA_MODEL_SETTINGS_H_
#define MHA_MODEL_SETTINGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "mha/model/train.h"
#include "mha/status.h"

namespace mha::model {

enum class SettingKind {
  kInteger,  // a JSON number with no fraction, within [min, max]
  kNumber,   // a finite JSON number
  kFlag,     // true or false
  kChoice,   // one of `choices`
  kText,     // a string
};

struct TrainSetting {
  const char* name;  // "dModel"
  SettingKind kind;
  const char* help;      // one line, for mha_train --help and the docs
  const char* choices;   // kChoice: the names, "|"-separated; else ""
  const char* old_name;  // a deprecated alias still accepted, or ""
  double min, max;       // kInteger: the allowed range
};

// Every setting, in the order of mha_train --help.
const std::vector<TrainSetting>& train_settings();

// The setting named `name` (or whose old_name it is), else nullptr.
const TrainSetting* find_train_setting(std::string_view name);

// "dModel" → "d-model", mha_train's flag without the leading "--".
std::string kebab_case(std::string_view name);

// The table as a JSON array, one object per setting: {"name", "kind"
// ("integer", "number", "flag", "choice" or "text"), "help", "choices"
// (an array, for a choice), "oldName" (when there is one)}.
std::string train_settings_json();

// Every setting of `config` as a JSON object, by name, e.g.
// {"layers":2,"heads":4,...,"activation":"gelu",...}.
std::string train_config_json(const TrainConfig& config);

// Reads a JSON object of settings over `base`: the named ones change, the
// rest keep base's values. An unknown name (kBadType), a value of the wrong
// kind (kBadType), a fractional or out-of-range integer (kOutOfRange) or
// a setting given under both its names (kBadType) is an error that names
// the setting; malformed JSON is kBadJson.
Result<TrainConfig> train_config_from_json(std::string_view json,
                                           const TrainConfig& base);

// Sets one setting from its text on a command line: "64", "0.5", "gelu",
// "true"/"false" for a flag. The same checks as train_config_from_json.
Status set_train_setting(std::string_view name, std::string_view text,
                         TrainConfig* config);

// The settings as help lines: "  --d-model N  width of the residual
// stream (64)", each default read from `defaults`.
std::string train_settings_help(const TrainConfig& defaults);

}  // namespace mha::model

#endif  // MHA_MODEL_SETTINGS_H_
