// Writes the seed corpora of the fuzz targets, small valid and near-valid
// inputs made by the core's own writers, into <dir>/<target>/:
//   build/fuzz/tests/fuzz/mha_fuzz_make_corpus tests/fuzz/corpus
// The output is deterministic (fixed seeds), so rerunning it after a format
// change gives a reviewable diff.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mha/json_io.h"
#include "mha/model/checkpoint.h"
#include "mha/model/model.h"
#include "mha/model/settings.h"
#include "mha/model/train.h"
#include "mha/multi_head.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

std::string g_root;

void Write(const std::string& target, const std::string& name,
           const Bytes& bytes) {
  const std::string path = g_root + "/" + target + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

// The first byte picks the reader of fuzz_weights_json.
Bytes Tagged(std::uint8_t tag, const std::string& text) {
  Bytes bytes{tag};
  bytes.insert(bytes.end(), text.begin(), text.end());
  return bytes;
}

std::string Replace(std::string s, const std::string& from,
                    const std::string& to) {
  const std::size_t at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// ---- fuzz_checkpoint --------------------------------------------------------

mha::model::Weights TinyModel(const mha::model::ModelConfig& config,
                              std::uint32_t seed) {
  mha::Result<mha::model::Weights> w = mha::model::init_weights(config, seed);
  if (!w.ok()) {
    std::fprintf(stderr, "init_weights: %s\n", w.status().message.c_str());
    std::exit(1);
  }
  return w.value();
}

Bytes Save(const mha::model::Weights& w, int step, const char* meta) {
  mha::Result<Bytes> bytes = mha::model::save_checkpoint(w, step, meta);
  if (!bytes.ok()) {
    std::fprintf(stderr, "save_checkpoint: %s\n",
                 bytes.status().message.c_str());
    std::exit(1);
  }
  return bytes.value();
}

void Checkpoints() {
  const std::string t = "fuzz_checkpoint";
  mha::model::ModelConfig attention_only;
  attention_only.vocab = 8;
  attention_only.context = 4;
  attention_only.d_model = 4;
  attention_only.heads = 2;
  attention_only.layers = 1;
  const Bytes small = Save(TinyModel(attention_only, 1), 0, "{}");
  Write(t, "attention-only.bin", small);

  mha::model::ModelConfig with_mlp = attention_only;
  with_mlp.layers = 2;
  with_mlp.mlp = true;
  with_mlp.d_mlp = 8;
  with_mlp.activation = mha::model::Activation::kRelu;
  Write(t, "mlp-relu.bin",
        Save(TinyModel(with_mlp, 2), 250, R"({"loss":2.5,"note":"seed"})"));

  mha::model::ModelConfig wider = attention_only;
  wider.vocab = 16;
  wider.context = 8;
  wider.d_model = 8;
  wider.heads = 4;
  wider.mlp = true;
  wider.d_mlp = 16;
  Write(t, "mlp-gelu-d8.bin", Save(TinyModel(wider, 3), 1000, "{}"));

  // Near-valid: cut short, a NaN weight, a wrong magic, a header length
  // past the end.
  Write(t, "truncated.bin", Bytes(small.begin(), small.end() - 6));
  Bytes nan = small;
  const float bad = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(nan.data() + nan.size() - 4, &bad, 4);
  Write(t, "nan-weight.bin", nan);
  Bytes magic = small;
  magic[7] = '2';
  Write(t, "wrong-magic.bin", magic);
  Bytes header = small;
  header[10] = 0x7f;
  Write(t, "header-too-long.bin", header);
}

// ---- fuzz_weights_json ------------------------------------------------------

mha::MultiHeadWeights RandomWeights(int d_model, int heads, bool biases,
                                    std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> digits(-99, 99);
  const auto fill = [&](auto* m, int rows, int cols) {
    m->resize(rows, cols);
    for (Eigen::Index i = 0; i < m->size(); ++i) {
      m->data()[i] = digits(rng) / 100.0f;  // short numbers: a small seed
    }
  };
  mha::MultiHeadWeights w;
  w.heads = heads;
  fill(&w.wq, d_model, d_model);
  fill(&w.wk, d_model, d_model);
  fill(&w.wv, d_model, d_model);
  fill(&w.wo, d_model, d_model);
  if (biases) {
    fill(&w.bq, 1, d_model);
    fill(&w.bk, 1, d_model);
    fill(&w.bv, 1, d_model);
    fill(&w.bo, 1, d_model);
  }
  return w;
}

void Json() {
  const std::string t = "fuzz_weights_json";
  const std::string w4 =
      mha::weights_to_json(RandomWeights(4, 2, true, 1)).value();
  Write(t, "weights-d4-biases", Tagged(0, w4));
  Write(t, "weights-d8",
        Tagged(0, mha::weights_to_json(RandomWeights(8, 4, false, 2)).value()));
  Write(t, "weights-missing-wo", Tagged(0, Replace(w4, "\"wo\"", "\"wx\"")));
  Write(t, "weights-heads-3",
        Tagged(0, Replace(w4, "\"heads\":2", "\"heads\":3")));

  mha::MultiHeadConfig config;
  config.d_model = 8;
  config.heads = 4;
  config.causal = true;
  Write(t, "config", Tagged(1, mha::config_to_json(config)));
  Write(t, "config-bad",
        Tagged(1, R"({"d_model": 8, "heads": 3, "causal": 1})"));

  const mha::model::TrainConfig defaults;
  Write(t, "settings-defaults",
        Tagged(2, mha::model::train_config_json(defaults)));
  Write(t, "settings-some",
        Tagged(2, R"({"dModel": 32, "heads": 4, "layers": 1, "mlp": true,)"
                  R"( "activation": "relu", "lr": 0.001, "cosine": true,)"
                  R"( "decaySteps": 500, "alphabet": "ab"})"));
  Write(t, "settings-bad",
        Tagged(2, R"({"heads": 3, "n": 1e9, "activation": "tanh"})"));

  mha::model::ModelConfig model;
  model.mlp = true;
  Write(t, "model-config", Tagged(3, mha::model::config_to_json(model)));
}

// ---- fuzz_attention ---------------------------------------------------------
// The layout of fuzz_attention.cpp: n, d_model, heads, flags, [fault],
// [n keep flags], then one byte per value (0..247 well scaled, 248.. special).

Bytes Attention(int n, int d, int heads, std::uint8_t flags, int fault,
                std::uint32_t seed) {
  Bytes b{static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(d),
          static_cast<std::uint8_t>(heads), flags};
  if (flags & 0x80) b.push_back(static_cast<std::uint8_t>(fault));
  std::mt19937 rng(seed);
  if (flags & 0x02) {
    for (int i = 0; i < n; ++i) b.push_back(i % 3 == 1 ? 0 : 1);
  }
  const int values = n * d + 4 * d * d + ((flags & 0x04) ? 4 * d : 0);
  std::uniform_int_distribution<int> byte(0, 247);
  for (int i = 0; i < values; ++i) b.push_back(byte(rng));
  return b;
}

void AttentionSeeds() {
  const std::string t = "fuzz_attention";
  Write(t, "n4-d8-h2.bin", Attention(4, 8, 2, 0x00, 0, 1));
  Write(t, "causal-padding-biases.bin", Attention(6, 8, 4, 0x07, 0, 2));
  Write(t, "strided-all-results.bin", Attention(5, 12, 3, 0x79, 0, 3));
  Write(t, "n16-d32-h8-causal.bin", Attention(16, 32, 8, 0x71, 0, 4));
  Write(t, "heads-do-not-divide.bin", Attention(3, 8, 3, 0x00, 0, 5));
  Write(t, "zero-size.bin", Attention(0, 8, 2, 0x01, 0, 6));
  Write(t, "fault-keep-longer.bin", Attention(4, 4, 2, 0x82, 4, 7));
  Write(t, "fault-x-column.bin", Attention(4, 4, 1, 0x88, 0, 8));
  Bytes nan = Attention(3, 4, 2, 0x00, 0, 9);
  nan[4 + 5] = 248;  // a NaN in x
  Write(t, "nan-in-x.bin", nan);
  Bytes huge = Attention(3, 4, 2, 0x60, 0, 10);
  huge[4 + 3 * 4 + 2] = 251;  // FLT_MAX in W_Q
  Write(t, "huge-weight.bin", huge);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  Checkpoints();
  Json();
  AttentionSeeds();
  return 0;
}
