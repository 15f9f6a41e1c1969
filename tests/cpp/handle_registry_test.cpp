#include "mha/handle_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mha/limits.h"

namespace mha {
namespace {

TEST(HandleRegistry, HoldsAtMostTheLimitThenRefusesWithZero) {
  HandleRegistry<std::string> registry;
  std::vector<int> handles;
  for (int i = 0; i < kMaxOpenHandles; ++i) {
    const int h = registry.add(std::to_string(i));
    ASSERT_NE(h, 0) << "item " << i;
    handles.push_back(h);
  }
  EXPECT_EQ(registry.size(), kMaxOpenHandles);
  EXPECT_EQ(registry.add("one too many"), 0);
  // Freeing one makes room for exactly one more.
  registry.remove(handles[3]);
  EXPECT_NE(registry.add("fits again"), 0);
  EXPECT_EQ(registry.add("full again"), 0);
}

TEST(HandleRegistry, HandlesFindTheirObjectAndAreNeverReused) {
  HandleRegistry<std::string> registry;
  const int a = registry.add("a");
  const int b = registry.add("b");
  EXPECT_GT(a, 0);
  EXPECT_NE(a, b);
  ASSERT_NE(registry.find(b), nullptr);
  EXPECT_EQ(*registry.find(b), "b");
  registry.remove(a);
  EXPECT_EQ(registry.find(a), nullptr);
  EXPECT_EQ(registry.find(0), nullptr);
  registry.remove(a);  // a second remove is harmless
  const int c = registry.add("c");
  EXPECT_NE(c, a);
  EXPECT_EQ(*registry.find(c), "c");
}

}  // namespace
}  // namespace mha
