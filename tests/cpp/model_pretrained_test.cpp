// Loading Hugging Face GPT-2 / GPT-Neo checkpoints (mha/model/pretrained.h):
// config.json parsing, the exporter's round trip streamed in awkward chunk
// sizes, and the bad files a reader may bring. The numbers of a loaded
// model are checked against an independent plain-JS reference in
// tests/js/pretrained.test.mjs; here the round trip must give back the
// model bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mha/model/model.h"
#include "mha/model/pretrained.h"
#include "mha/model/transformer.h"

namespace mha::model {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::string Gpt2Config(int layers, int heads, int d, int vocab, int context,
                       const std::string& extra = "") {
  return R"({"model_type":"gpt2","n_layer":)" + std::to_string(layers) +
         R"(,"n_head":)" + std::to_string(heads) + R"(,"n_embd":)" +
         std::to_string(d) + R"(,"vocab_size":)" + std::to_string(vocab) +
         R"(,"n_positions":)" + std::to_string(context) + extra + "}";
}

TEST(PretrainedConfig, ReadsGpt2WithHuggingFaceDefaults) {
  const auto r = parse_pretrained_config(Gpt2Config(12, 12, 768, 50257, 1024));
  ASSERT_TRUE(r.ok()) << r.status().message;
  const ModelConfig& m = r.value().model;
  EXPECT_EQ(r.value().family, PretrainedFamily::kGpt2);
  EXPECT_EQ(m.layers, 12);
  EXPECT_EQ(m.d_mlp, 4 * 768);  // n_inner absent → 4·n_embd
  EXPECT_TRUE(m.mlp);
  EXPECT_TRUE(m.scale_scores);
  EXPECT_TRUE(m.tied_unembedding);
  EXPECT_FLOAT_EQ(m.layer_norm_epsilon, 1e-5f);
  EXPECT_TRUE(m.attention_windows.empty());
  // GPT-2 small's 124,439,808 parameters (wte tied, so counted once).
  EXPECT_EQ(parameter_count(m), 124439808);
}

TEST(PretrainedConfig, GptNeoExpandsAttentionTypesAndDoesNotScale) {
  const std::string json =
      R"({"model_type":"gpt_neo","num_layers":4,"num_heads":2,)"
      R"("hidden_size":64,"max_position_embeddings":2048,"vocab_size":50257,)"
      R"("window_size":3,"attention_types":[[["global","local"],2]],)"
      R"("intermediate_size":null,"layer_norm_epsilon":1e-6})";
  const auto r = parse_pretrained_config(json);
  ASSERT_TRUE(r.ok()) << r.status().message;
  const ModelConfig& m = r.value().model;
  EXPECT_EQ(r.value().family, PretrainedFamily::kGptNeo);
  EXPECT_FALSE(m.scale_scores);
  EXPECT_EQ(m.attention_windows, (std::vector<int>{0, 3, 0, 3}));
  EXPECT_EQ(m.d_mlp, 256);
  EXPECT_FLOAT_EQ(m.layer_norm_epsilon, 1e-6f);
  EXPECT_EQ(m.context, 2048);
}

TEST(PretrainedLoader, LoadMemoryIsTheWeightsPlusTheHeadroomThatIsChecked) {
  const std::uint64_t weights = 500ull << 20;
  EXPECT_EQ(load_memory_bytes(weights), weights + (192ull << 20));
  EXPECT_TRUE(check_load_fits(weights, load_memory_bytes(weights)).ok());
  EXPECT_FALSE(check_load_fits(weights, load_memory_bytes(weights) - 1).ok());
}

TEST(PretrainedConfig, GptTwoMediumFitsAndLargeIsRefusedWithTheNumbers) {
  EXPECT_TRUE(
      parse_pretrained_config(Gpt2Config(24, 16, 1024, 50257, 1024)).ok());
  const auto large =
      parse_pretrained_config(Gpt2Config(36, 20, 1280, 50257, 1024));
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.status().code, ErrorCode::kTooLarge);
  EXPECT_NE(large.status().message.find("parameters"), std::string::npos);
}

TEST(PretrainedConfig, EveryBadConfigIsANamedError) {
  struct Case {
    std::string json;
    ErrorCode code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"not json", ErrorCode::kBadJson, "not JSON"},
      {R"({"n_layer":2})", ErrorCode::kBadJson, "model_type"},
      {R"({"model_type":"llama"})", ErrorCode::kUnsupported, "gpt2"},
      {R"({"model_type":"gpt2","n_head":2})", ErrorCode::kBadJson, "n_layer"},
      {Gpt2Config(2, 3, 64, 100, 16), ErrorCode::kHeadsDoNotDivide, "heads"},
      {Gpt2Config(2, 2, 64, 100, 16, R"(,"activation_function":"silu")"),
       ErrorCode::kUnsupported, "silu"},
      {Gpt2Config(2, 2, 64, 100, 16, R"(,"add_cross_attention":true)"),
       ErrorCode::kUnsupported, "cross"},
      {Gpt2Config(2, 2, 64, 100, 16, R"(,"n_inner":-1)"), ErrorCode::kBadJson,
       "n_inner"},
      {Gpt2Config(100, 2, 64, 100, 16), ErrorCode::kTooLarge, "layers"},
      {R"({"model_type":"gpt_neo","num_layers":3,"num_heads":2,)"
       R"("hidden_size":64,"max_position_embeddings":16,"vocab_size":100,)"
       R"("attention_types":[[["global","local"],2]]})",
       ErrorCode::kShapeMismatch, "num_layers"},
  };
  for (const Case& c : cases) {
    const auto r = parse_pretrained_config(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code, c.code) << c.json << ": " << r.status().message;
    EXPECT_NE(r.status().message.find(c.says), std::string::npos)
        << r.status().message;
  }
}

// A small trained-model-like Weights, seeded.
Weights SmallModel(bool mlp) {
  ModelConfig c;
  c.vocab = 11;
  c.context = 9;
  c.d_model = 8;
  c.heads = 2;
  c.layers = 2;
  c.mlp = mlp;
  c.d_mlp = 12;
  Result<Weights> w = init_weights(c, 7, {0.3f});
  EXPECT_TRUE(w.ok());
  Weights out = std::move(w).value();
  for (TensorRef t : tensors(&out)) {  // gains and biases not trivial
    if (t.tensor->rows() == 1) {
      for (Eigen::Index i = 0; i < t.tensor->size(); ++i) {
        t.tensor->data()[i] += 0.01f * static_cast<float>(i % 5);
      }
    }
  }
  return out;
}

std::uint64_t HeaderLength(const Bytes& file) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | file[i];
  return n;
}

// Loads `file` with `config` through the streaming loader, `chunk` bytes at
// a time.
Result<Weights> Load(const std::string& config, const Bytes& file,
                     std::size_t chunk) {
  const std::uint64_t n = HeaderLength(file);
  const std::string_view header(reinterpret_cast<const char*>(file.data()) + 8,
                                n);
  Result<PretrainedLoader> loader =
      PretrainedLoader::create(config, header, file.size());
  if (!loader.ok()) return loader.status();
  PretrainedLoader& l = loader.value();
  Status s = l.allocate();
  if (!s.ok()) return s;
  for (std::size_t at = l.data_start(); at < file.size(); at += chunk) {
    const std::size_t take = std::min(chunk, file.size() - at);
    if (!(s = l.feed(file.data() + at, take)).ok()) return s;
  }
  return l.finish();
}

void ExpectSameLogits(const Weights& a, const Weights& b) {
  const std::vector<int> ids = {1, 5, 2, 9, 1, 5, 2};
  ForwardCache ca, cb;
  ASSERT_TRUE(forward(a, ids.data(), 1, 7, {}, &ca).ok());
  ASSERT_TRUE(forward(b, ids.data(), 1, 7, {}, &cb).ok());
  EXPECT_EQ(ca.logits, cb.logits);
  for (int l = 0; l < a.config.layers; ++l) {
    EXPECT_EQ(ca.layers[l].weights, cb.layers[l].weights);
  }
}

TEST(PretrainedLoader, ExportedModelLoadsBackBitForBitInAnyChunkSize) {
  for (bool mlp : {false, true}) {
    const Weights model = SmallModel(mlp);
    const Result<std::string> config = gpt2_config_json(model);
    const Result<Bytes> file = gpt2_safetensors(model, {{"note", "test"}});
    ASSERT_TRUE(config.ok() && file.ok());
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7},
                              std::size_t{1} << 20}) {
      const Result<Weights> back = Load(config.value(), file.value(), chunk);
      ASSERT_TRUE(back.ok()) << back.status().message;
      EXPECT_TRUE(back.value().config.mlp);  // a zero MLP when there was none
      ExpectSameLogits(model, back.value());
    }
  }
}

TEST(PretrainedLoader, RefusesAFileThatDisagreesWithItsConfig) {
  const Weights model = SmallModel(true);
  const Bytes file = gpt2_safetensors(model).value();
  // The config says d_model 16: every shape disagrees, the first is named.
  const std::string wider = Gpt2Config(2, 2, 16, 11, 9,
                                       R"(,"n_inner":12,)"
                                       R"("tie_word_embeddings":false)");
  const Result<Weights> r = Load(wider, file, 64);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code, ErrorCode::kShapeMismatch);
  EXPECT_NE(r.status().message.find("needs [11, 16]"), std::string::npos)
      << r.status().message;
  // Three layers in the config, two in the file: h.2 is missing.
  const std::string deeper = Gpt2Config(3, 2, 8, 11, 9,
                                        R"(,"n_inner":12,)"
                                        R"("tie_word_embeddings":false)");
  const Result<Weights> missing = Load(deeper, file, 64);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message.find("no tensor \"h.2."),
            std::string::npos)
      << missing.status().message;
  // A GPT-Neo config for a GPT-2 file: the first Linear/Conv1D shape (or,
  // when shapes happen to agree, a missing tensor) names the family.
  const std::string neo =
      R"({"model_type":"gpt_neo","num_layers":2,"num_heads":2,)"
      R"("hidden_size":8,"max_position_embeddings":9,"vocab_size":11,)"
      R"("intermediate_size":12,"attention_types":[[["global"],2]],)"
      R"("tie_word_embeddings":false})";
  const Result<Weights> wrong_family = Load(neo, file, 64);
  ASSERT_FALSE(wrong_family.ok());
  EXPECT_EQ(wrong_family.status().code, ErrorCode::kShapeMismatch);
  EXPECT_NE(wrong_family.status().message.find("GPT-Neo"), std::string::npos)
      << wrong_family.status().message;
}

TEST(PretrainedLoader, ANonFiniteWeightIsNamedAndTheLoaderIsSpent) {
  const Weights model = SmallModel(true);
  const std::string config = gpt2_config_json(model).value();
  Bytes file = gpt2_safetensors(model).value();
  const float nan = std::nanf("");
  std::memcpy(file.data() + file.size() - 4, &nan, 4);  // lm_head's last
  const Result<Weights> r = Load(config, file, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code, ErrorCode::kNonFinite);
  EXPECT_NE(r.status().message.find("lm_head.weight"), std::string::npos);
}

TEST(PretrainedLoader, FeedingTooMuchOrTooLittleIsAnError) {
  const Weights model = SmallModel(false);
  const std::string config = gpt2_config_json(model).value();
  const Bytes file = gpt2_safetensors(model).value();
  const std::uint64_t n = HeaderLength(file);
  const std::string_view header(reinterpret_cast<const char*>(file.data()) + 8,
                                n);
  Result<PretrainedLoader> loader =
      PretrainedLoader::create(config, header, file.size());
  ASSERT_TRUE(loader.ok());
  PretrainedLoader& l = loader.value();
  EXPECT_EQ(l.feed(file.data(), 1).code, ErrorCode::kOutOfRange);  // no alloc
  ASSERT_TRUE(l.allocate().ok());
  ASSERT_TRUE(l.feed(file.data() + l.data_start(), 10).ok());
  // finish() before the end is refused with the byte counts.
  const Result<Weights> early = l.finish();
  EXPECT_EQ(early.status().code, ErrorCode::kShapeMismatch);
  EXPECT_NE(early.status().message.find("ended after 10"), std::string::npos);
  Result<PretrainedLoader> over =
      PretrainedLoader::create(config, header, file.size());
  ASSERT_TRUE(over.ok() && over.value().allocate().ok());
  Bytes more(file.begin() + static_cast<std::ptrdiff_t>(l.data_start()),
             file.end());
  more.push_back(0);
  EXPECT_EQ(over.value().feed(more.data(), more.size()).code,
            ErrorCode::kShapeMismatch);
}

TEST(PretrainedLoader, SkipsMaskBuffersAndUnknownTensorsAndSaysWhy) {
  // A one-layer GPT-2 with every tensor, plus a BOOL mask buffer, a U8
  // buffer and an unknown tensor, written by hand.
  const Weights model = SmallModel(true);
  const std::string config = gpt2_config_json(model).value();
  const Bytes file = gpt2_safetensors(model).value();
  const std::uint64_t n = HeaderLength(file);
  std::string header(reinterpret_cast<const char*>(file.data()) + 8, n);
  while (!header.empty() && header.back() == ' ') header.pop_back();
  const std::uint64_t data = file.size() - 8 - n;
  const std::string extra =
      R"(,"h.0.attn.bias":{"dtype":"BOOL","shape":[1,1,2,2],"data_offsets":[)" +
      std::to_string(data) + "," + std::to_string(data + 4) +
      R"(]},"h.1.attn.masked_bias":{"dtype":"U8","shape":[],"data_offsets":[)" +
      std::to_string(data + 4) + "," + std::to_string(data + 5) +
      R"(]},"score.weight":{"dtype":"F32","shape":[1],"data_offsets":[)" +
      std::to_string(data + 5) + "," + std::to_string(data + 9) + "]}}";
  header.pop_back();  // the closing brace
  header += extra;
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back((header.size() >> (8 * i)) & 0xff);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), file.begin() + 8 + static_cast<std::ptrdiff_t>(n),
             file.end());
  for (int i = 0; i < 9; ++i) out.push_back(1);
  Result<PretrainedLoader> loader =
      PretrainedLoader::create(config, std::string_view(header), out.size());
  ASSERT_TRUE(loader.ok()) << loader.status().message;
  ASSERT_EQ(loader.value().skipped().size(), 3u);
  // The skipped BOOL and U8 buffers are not weights' dtypes; the F32
  // "score.weight" is skipped too, so F32 is there once, from the weights.
  EXPECT_EQ(loader.value().weight_dtypes(), std::vector<std::string>{"F32"});
  const Result<Weights> back = Load(config, out, 13);
  ASSERT_TRUE(back.ok()) << back.status().message;
  ExpectSameLogits(model, back.value());
}

TEST(InferenceOptions, ChosenLogitRowsEqualThoseOfTheFullForward) {
  const Weights model = SmallModel(true);
  const std::vector<int> ids = {1, 5, 2, 9, 1, 5, 2};
  ForwardCache full, picked;
  ASSERT_TRUE(forward(model, ids.data(), 1, 7, {}, &full).ok());
  ASSERT_TRUE(forward(model, ids.data(), 1, 7, {}, &picked, {},
                      inference_options(true, {6, 2}))
                  .ok());
  ASSERT_EQ(picked.logits.rows(), 2);
  // Equal up to rounding (inference projects with the SIMD kernels).
  EXPECT_LT((picked.logits.row(0) - full.logits.row(6)).cwiseAbs().maxCoeff(),
            1e-5f);
  EXPECT_LT((picked.logits.row(1) - full.logits.row(2)).cwiseAbs().maxCoeff(),
            1e-5f);
  for (int l = 0; l < 2; ++l) {
    // The SIMD projections of inference round differently from Eigen's.
    EXPECT_LT((picked.layers[l].weights - full.layers[l].weights)
                  .cwiseAbs()
                  .maxCoeff(),
              1e-5f);
    EXPECT_EQ(picked.layers[l].q.size(), 0);  // no intermediates kept
  }
  ForwardCache none;
  EXPECT_EQ(forward(model, ids.data(), 1, 7, {}, &none, {},
                    inference_options(false, {7}))
                .code,
            ErrorCode::kOutOfRange);
}

TEST(InferenceOptions, ALocalLayerSeesOnlyItsWindowAndUnscaledScoresDiffer) {
  Weights model = SmallModel(false);
  model.config.attention_windows = {0, 2};
  const std::vector<int> ids = {1, 5, 2, 9, 1, 5, 2};
  ForwardCache cache;
  ASSERT_TRUE(forward(model, ids.data(), 1, 7, {}, &cache).ok());
  const Matrix& local = cache.layers[1].weights;  // (H·n) × n
  for (Eigen::Index r = 0; r < local.rows(); ++r) {
    const Eigen::Index i = r % 7;
    EXPECT_NEAR(local.row(r).sum(), 1.0f, 1e-6f);
    for (Eigen::Index j = 0; j < 7; ++j) {
      if (j > i || j <= i - 2) {
        EXPECT_EQ(local(r, j), 0.0f) << r << "," << j;
      }
    }
  }
  const Matrix& global = cache.layers[0].weights;
  EXPECT_GT(global(6, 0), 0.0f);
  ForwardCache unscaled;
  model.config.scale_scores = false;
  ASSERT_TRUE(forward(model, ids.data(), 1, 7, {}, &unscaled).ok());
  EXPECT_NE(unscaled.layers[0].weights, cache.layers[0].weights);
}

}  // namespace
}  // namespace mha::model
