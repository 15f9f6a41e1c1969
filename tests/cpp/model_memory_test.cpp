// Memory is estimated before it is allocated: the parameter count from the
// sizes alone, a checkpoint whose data cannot hold its config, and a
// trainer beyond kMaxTrainerFloats are refused up front.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mha/model/checkpoint.h"
#include "mha/model/model.h"
#include "mha/model/train.h"

namespace mha::model {
namespace {

TEST(ParameterCount, FromTheSizesEqualsTheAllocatedTensors) {
  for (bool mlp : {false, true}) {
    for (int layers : {1, 3}) {
      ModelConfig c;
      c.layers = layers;
      c.d_model = 24;
      c.heads = 3;
      c.context = 17;
      c.mlp = mlp;
      c.d_mlp = 40;
      EXPECT_EQ(parameter_count(c), parameter_count(zero_weights(c)))
          << "mlp " << mlp << ", layers " << layers;
    }
  }
}

// A checkpoint file: magic, header length, the header padded to 4 bytes,
// then `data_bytes` zero bytes.
std::vector<std::uint8_t> CheckpointFile(const std::string& config_json,
                                         std::size_t data_bytes) {
  std::string header =
      R"({"format":"mha-model","version":1,"step":0,"config":)" + config_json +
      R"(,"tensors":[]})";
  while (header.size() % 4 != 0) header += ' ';
  std::vector<std::uint8_t> bytes(kCheckpointMagic, kCheckpointMagic + 8);
  const std::uint32_t h = static_cast<std::uint32_t>(header.size());
  for (int i = 0; i < 4; ++i) bytes.push_back((h >> (8 * i)) & 0xff);
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.resize(bytes.size() + data_bytes, 0);
  return bytes;
}

TEST(LoadCheckpoint, AHeaderClaimingALargeModelWithoutItsDataIsRefusedFirst) {
  // The largest config the core accepts, in a file of a few hundred bytes:
  // refused by length before its ~880 MB of weights would be allocated.
  ModelConfig big;
  big.vocab = kMaxVocab;
  big.layers = kMaxLayers;
  big.d_model = kMaxModelWidth;
  big.heads = 16;
  big.context = kMaxContext;
  big.mlp = true;
  big.d_mlp = kMaxMlpWidth;
  const std::vector<std::uint8_t> file =
      CheckpointFile(config_to_json(big), 64);
  const Result<Checkpoint> r = load_checkpoint(file.data(), file.size());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message.find("for the config's tensors"),
            std::string::npos)
      << r.status().message;
}

TEST(TrainerFloats, ATrainerBeyondTheLimitIsRefusedWithItsSize) {
  TrainConfig c;
  c.model.vocab = kVocabSize;
  c.model.layers = 16;
  c.model.d_model = 1024;
  c.model.heads = 16;
  c.model.mlp = true;
  c.model.d_mlp = 4096;
  c.model.context = 1024;
  c.data.batch = 1;
  c.data.n = 64;
  c.data.max_shift = 8;
  c.data.synthetic_fraction = 1;
  c.data.min_span = 4;
  c.data.max_span = 16;
  EXPECT_GT(trainer_floats(c), kMaxTrainerFloats);
  const Status s = check_train_config(c);
  EXPECT_EQ(s.code, ErrorCode::kTooLarge);
  EXPECT_NE(s.message.find("MiB"), std::string::npos) << s.message;
  // The default trainer fits easily.
  TrainConfig small;
  small.model.vocab = kVocabSize;
  EXPECT_LT(trainer_floats(small), kMaxTrainerFloats / 16);
  EXPECT_TRUE(check_train_config(small).ok());
}

TEST(AdamConfig, NegativeDecayStepsAreRefused) {
  AdamConfig a;
  a.decay_steps = -5;
  EXPECT_EQ(check_adam_config(a).code, ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace mha::model
