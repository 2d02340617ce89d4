// twin-chat: the byte stream TVM's runtime serializes with. The apache-tvm wheel ships the runtime sources that
// include this header but not the header itself, so the web runtime build supplies this one. Written for the
// project; the wire format is the one TVM's compiler writes (see serializer.h).
#ifndef TVM_SUPPORT_IO_H_
#define TVM_SUPPORT_IO_H_

#include <cstddef>
#include <cstdint>

namespace tvm {
namespace support {

/*! \brief How one type is written to and read from a Stream; serializer.h specializes it. */
template <typename T, typename = void>
struct Serializer {
  static constexpr bool enabled = false;
};

/*! \brief A binary stream: subclasses move raw bytes, the templates move typed values through Serializer. */
class Stream {
 public:
  virtual size_t Read(void* ptr, size_t size) = 0;
  virtual size_t Write(const void* ptr, size_t size) = 0;
  virtual ~Stream() = default;

  template <typename T>
  void Write(const T& value) {
    static_assert(Serializer<T>::enabled, "no Serializer for this type");
    Serializer<T>::Write(this, value);
  }

  template <typename T>
  bool Read(T* value) {
    static_assert(Serializer<T>::enabled, "no Serializer for this type");
    return Serializer<T>::Read(this, value);
  }

  template <typename T>
  void WriteArray(const T* values, size_t count) {
    for (size_t i = 0; i < count; ++i) Write<T>(values[i]);
  }

  template <typename T>
  bool ReadArray(T* values, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      if (!Read<T>(values + i)) return false;
    }
    return true;
  }
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_IO_H_
