// twin-chat: a bump allocator for the RPC code's short-lived message buffers, all freed at once. For the web
// runtime build (the apache-tvm wheel lacks this header). A model in a web page never uses RPC; this only has to
// be correct, not fast.
#ifndef TVM_SUPPORT_ARENA_H_
#define TVM_SUPPORT_ARENA_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace tvm {
namespace support {

class Arena {
 public:
  /*! \brief Room for `count` trivial values of T, valid until RecycleAll(). */
  template <typename T>
  T* allocate_(int count = 1) {
    static_assert(std::is_trivial_v<T>, "the arena never runs destructors");
    size_t bytes = sizeof(T) * static_cast<size_t>(std::max(count, 1));
    size_t offset = (used_ + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) * alignof(std::max_align_t);
    if (blocks_.empty() || offset + bytes > block_size_) {
      block_size_ = std::max(bytes, kPageBytes);
      blocks_.push_back(std::make_unique<std::max_align_t[]>(
          (block_size_ + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t)));
      offset = 0;
    }
    used_ = offset + bytes;
    return reinterpret_cast<T*>(reinterpret_cast<char*>(blocks_.back().get()) + offset);
  }

  void RecycleAll() {
    blocks_.clear();
    used_ = 0;
    block_size_ = 0;
  }

 private:
  static constexpr size_t kPageBytes = 16 << 10;
  std::vector<std::unique_ptr<std::max_align_t[]>> blocks_;
  size_t block_size_ = 0;
  size_t used_ = 0;
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_ARENA_H_
