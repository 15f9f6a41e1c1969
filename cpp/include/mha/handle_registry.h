// Objects owned by the core and named by small integer handles, for callers
// (such as JavaScript through wasm) that cannot hold C++ objects themselves.
#ifndef MHA_HANDLE_REGISTRY_H_
#define MHA_HANDLE_REGISTRY_H_

#include <map>
#include <memory>
#include <utility>

#include "mha/limits.h"

namespace mha {

// Holds at most kMaxOpenHandles objects at once. Handles start at 1, are
// never reused, and 0 never names an object.
template <typename T>
class HandleRegistry {
 public:
  // The new object's handle, or 0 when kMaxOpenHandles are open already.
  int add(T item) {
    if (items_.size() >= static_cast<std::size_t>(kMaxOpenHandles)) return 0;
    const int handle = next_++;
    items_.emplace(handle, std::make_unique<T>(std::move(item)));
    return handle;
  }
  // The object named by `handle`, or nullptr when none is (or no longer).
  T* find(int handle) {
    auto it = items_.find(handle);
    return it == items_.end() ? nullptr : it->second.get();
  }
  // Frees the object; an unknown handle is ignored.
  void remove(int handle) { items_.erase(handle); }
  int size() const { return static_cast<int>(items_.size()); }

 private:
  std::map<int, std::unique_ptr<T>> items_;
  int next_ = 1;
};

}  // namespace mha

#endif  // MHA_HANDLE_REGISTRY_H_
