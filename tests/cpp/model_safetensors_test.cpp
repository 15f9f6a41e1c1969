// The safetensors reader against files written here byte by byte from the
// format's specification, with F16/BF16 values worked out by hand, and
// every kind of bad file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "mha/model/safetensors.h"

namespace mha::model {
namespace {

using Bytes = std::vector<std::uint8_t>;

// A file: the 8-byte little-endian length of `header`, `header`, `data`.
Bytes File(const std::string& header, const Bytes& data,
           std::uint64_t claimed_length = ~std::uint64_t{0}) {
  const std::uint64_t n =
      claimed_length == ~std::uint64_t{0} ? header.size() : claimed_length;
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back((n >> (8 * i)) & 0xff);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes Floats(const std::vector<float>& values) {
  Bytes out(values.size() * 4);
  std::memcpy(out.data(), values.data(), out.size());  // little-endian host
  return out;
}

Result<SafetensorsHeader> Read(const Bytes& file) {
  return read_safetensors_header(file.data(), file.size());
}

TEST(Safetensors, ReadsTensorsInDataOrderWithMetadata) {
  // Listed out of data order, with padding spaces after the JSON.
  const std::string header =
      R"({"b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]},)"
      R"("__metadata__":{"format":"pt"},)"
      R"("a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}   )";
  const Bytes file = File(header, Floats({1, 2, 3, 4, 5}));
  const Result<SafetensorsHeader> r = Read(file);
  ASSERT_TRUE(r.ok()) << r.status().message;
  const SafetensorsHeader& h = r.value();
  ASSERT_EQ(h.tensors.size(), 2u);
  EXPECT_EQ(h.tensors[0].name, "a");
  EXPECT_EQ(h.tensors[1].name, "b");
  EXPECT_EQ(h.data_start, 8 + header.size());
  EXPECT_EQ(h.metadata_json, R"({"format":"pt"})");
  const TensorEntry* b = h.find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->elements(), 3);
  std::vector<float> out(3);
  ASSERT_TRUE(tensor_floats(*b, file.data() + h.data_start, out.data()).ok());
  EXPECT_EQ(out, (std::vector<float>{3, 4, 5}));
  EXPECT_EQ(h.find("c"), nullptr);
}

TEST(Safetensors, EmptyTensorsAndScalarsRead) {
  const std::string header =
      R"({"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},)"
      R"("e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}})";
  const Bytes file = File(header, Floats({7}));
  const Result<SafetensorsHeader> r = Read(file);
  ASSERT_TRUE(r.ok()) << r.status().message;
  EXPECT_EQ(r.value().find("s")->elements(), 1);
  EXPECT_EQ(r.value().find("e")->elements(), 0);
  // Nothing to write: a null output is fine (found by fuzz_safetensors).
  EXPECT_TRUE(tensor_floats(*r.value().find("e"),
                            file.data() + r.value().data_start, nullptr)
                  .ok());
}

TEST(Safetensors, WidensHalfAndBfloat16Exactly) {
  // Half: 1, -2, 65504 (largest), 2^-14 (smallest normal), 2^-24 (smallest
  // subnormal), 0.333251953125 (0x3555). BF16: 1, -0.5, 3.140625 (0x4049).
  const std::vector<std::uint16_t> half = {0x3C00, 0xC000, 0x7BFF,
                                           0x0400, 0x0001, 0x3555};
  const std::vector<float> half_want = {1.0f,
                                        -2.0f,
                                        65504.0f,
                                        std::ldexp(1.0f, -14),
                                        std::ldexp(1.0f, -24),
                                        0.333251953125f};
  const std::vector<std::uint16_t> bf16 = {0x3F80, 0xBF00, 0x4049};
  const std::vector<float> bf16_want = {1.0f, -0.5f, 3.140625f};
  Bytes data;
  for (std::uint16_t v : half)
    data.insert(data.end(), {std::uint8_t(v), std::uint8_t(v >> 8)});
  for (std::uint16_t v : bf16)
    data.insert(data.end(), {std::uint8_t(v), std::uint8_t(v >> 8)});
  const std::string header =
      R"({"h":{"dtype":"F16","shape":[6],"data_offsets":[0,12]},)"
      R"("g":{"dtype":"BF16","shape":[3],"data_offsets":[12,18]}})";
  const Bytes file = File(header, data);
  const Result<SafetensorsHeader> r = Read(file);
  ASSERT_TRUE(r.ok()) << r.status().message;
  const std::uint8_t* d = file.data() + r.value().data_start;
  std::vector<float> out(6);
  ASSERT_TRUE(tensor_floats(*r.value().find("h"), d, out.data()).ok());
  EXPECT_EQ(out, half_want);
  out.resize(3);
  ASSERT_TRUE(tensor_floats(*r.value().find("g"), d, out.data()).ok());
  EXPECT_EQ(out, bf16_want);
}

TEST(Safetensors, NonFiniteAndBoolTensorsAreNotWeights) {
  const std::string header =
      R"({"inf":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},)"
      R"("mask":{"dtype":"BOOL","shape":[2],"data_offsets":[2,4]}})";
  const Bytes file = File(header, {0x00, 0x7C, 1, 0});
  const Result<SafetensorsHeader> r = Read(file);
  ASSERT_TRUE(r.ok()) << r.status().message;
  float out[2];
  const std::uint8_t* d = file.data() + r.value().data_start;
  EXPECT_EQ(tensor_floats(*r.value().find("inf"), d, out).code,
            ErrorCode::kNonFinite);
  EXPECT_EQ(tensor_floats(*r.value().find("mask"), d, out).code,
            ErrorCode::kBadType);
}

TEST(Safetensors, EveryKindOfBadFileIsANamedError) {
  const std::string t =
      R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const Bytes eight = Floats({1, 2});
  const struct {
    const char* what;
    Bytes file;
    ErrorCode code;
    const char* says;
  } cases[] = {
      {"empty", {}, ErrorCode::kBadJson, "fewer than the 8-byte"},
      {"truncated prefix", {1, 0, 0}, ErrorCode::kBadJson, "fewer"},
      {"header past the end", File(t, eight, 4096), ErrorCode::kBadJson,
       "runs past the end"},
      {"header of 2^63", File(t, eight, std::uint64_t{1} << 63),
       ErrorCode::kTooLarge, "limit"},
      {"not JSON", File("{nope", {}), ErrorCode::kBadJson, "header"},
      {"not an object", File("[1]", {}), ErrorCode::kBadJson, "object"},
      {"truncated data", File(t, Floats({1})), ErrorCode::kShapeMismatch,
       "outside the data"},
      {"extra data", File(t, Floats({1, 2, 3})), ErrorCode::kShapeMismatch,
       "cover 8 of the data's 12"},
      {"bytes vs shape",
       File(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight),
       ErrorCode::kShapeMismatch, "need 12"},
      {"overlap",
       File(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            eight),
       ErrorCode::kShapeMismatch, "overlaps"},
      {"gap",
       File(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eight),
       ErrorCode::kShapeMismatch, "gap"},
      {"offsets out of range",
       File(
           R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[18446744073709551608,0]}})",
           eight),
       ErrorCode::kShapeMismatch, "outside"},
      {"unknown dtype",
       File(R"({"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,8]}})", eight),
       ErrorCode::kBadType, "Q4"},
      {"negative shape",
       File(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})",
            eight),
       ErrorCode::kBadJson, "shape"},
      {"huge shape",
       File(
           R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
           eight),
       ErrorCode::kShapeMismatch, "2^53"},
      {"bad metadata",
       File(
           R"({"__metadata__":{"a":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
           eight),
       ErrorCode::kBadJson, "__metadata__"},
      {"entry not an object", File(R"({"w":7})", {}), ErrorCode::kBadJson,
       "\"w\""},
  };
  for (const auto& c : cases) {
    const Result<SafetensorsHeader> r = Read(c.file);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code, c.code) << c.what << ": " << r.status().message;
    EXPECT_NE(r.status().message.find(c.says), std::string::npos)
        << c.what << ": " << r.status().message;
  }
  // A good file afterwards reads as before.
  EXPECT_TRUE(Read(File(t, eight)).ok());
}

}  // namespace
}  // namespace mha::model
