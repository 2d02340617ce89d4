// twin-chat: how TVM's runtime values are laid out in a stream, for the web runtime build (the apache-tvm wheel
// lacks this header). The layout must be the one TVM's compiler writes, since the runtime reads executables the
// compiler serialized: numbers as their little-endian bytes (wasm32 is little-endian, so no swapping), every
// sequence or string as a uint64 count followed by its items, maps as a count followed by key/value pairs.
#ifndef TVM_SUPPORT_SERIALIZER_H_
#define TVM_SUPPORT_SERIALIZER_H_

#include <dlpack/dlpack.h>
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/map.h>
#include <tvm/ffi/string.h>
#include <tvm/support/io.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tvm {
namespace support {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "this serializer writes native (little-endian) bytes");

template <typename T>
struct Serializer<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const T& value) { strm->Write(&value, sizeof(T)); }
  static bool Read(Stream* strm, T* value) { return strm->Read(value, sizeof(T)) == sizeof(T); }
};

template <typename T>
struct Serializer<T, std::enable_if_t<std::is_enum_v<T>>> {
  static constexpr bool enabled = true;
  using Underlying = std::underlying_type_t<T>;
  static void Write(Stream* strm, const T& value) {
    Serializer<Underlying>::Write(strm, static_cast<Underlying>(value));
  }
  static bool Read(Stream* strm, T* value) {
    Underlying raw;
    if (!Serializer<Underlying>::Read(strm, &raw)) return false;
    *value = static_cast<T>(raw);
    return true;
  }
};

/*! \brief A count, then the bytes: strings and byte blobs share this layout. */
inline void WriteBytes(Stream* strm, const char* data, size_t size) {
  Serializer<uint64_t>::Write(strm, static_cast<uint64_t>(size));
  if (size != 0) strm->Write(data, size);
}

inline bool ReadBytes(Stream* strm, std::string* out) {
  uint64_t size;
  if (!Serializer<uint64_t>::Read(strm, &size)) return false;
  out->resize(static_cast<size_t>(size));
  return size == 0 || strm->Read(out->data(), out->size()) == out->size();
}

template <>
struct Serializer<std::string> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::string& value) { WriteBytes(strm, value.data(), value.size()); }
  static bool Read(Stream* strm, std::string* value) { return ReadBytes(strm, value); }
};

template <>
struct Serializer<ffi::String> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::String& value) { WriteBytes(strm, value.data(), value.size()); }
  static bool Read(Stream* strm, ffi::String* value) {
    std::string bytes;
    if (!ReadBytes(strm, &bytes)) return false;
    *value = ffi::String(std::move(bytes));
    return true;
  }
};

template <>
struct Serializer<ffi::Bytes> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::Bytes& value) { WriteBytes(strm, value.data(), value.size()); }
  static bool Read(Stream* strm, ffi::Bytes* value) {
    std::string bytes;
    if (!ReadBytes(strm, &bytes)) return false;
    *value = ffi::Bytes(std::move(bytes));
    return true;
  }
};

template <typename T>
struct Serializer<std::vector<T>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::vector<T>& values) {
    Serializer<uint64_t>::Write(strm, static_cast<uint64_t>(values.size()));
    for (const T& value : values) Serializer<T>::Write(strm, value);
  }
  static bool Read(Stream* strm, std::vector<T>* values) {
    uint64_t size;
    if (!Serializer<uint64_t>::Read(strm, &size)) return false;
    values->resize(static_cast<size_t>(size));
    for (T& value : *values) {
      if (!Serializer<T>::Read(strm, &value)) return false;
    }
    return true;
  }
};

template <typename A, typename B>
struct Serializer<std::pair<A, B>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::pair<A, B>& value) {
    Serializer<A>::Write(strm, value.first);
    Serializer<B>::Write(strm, value.second);
  }
  static bool Read(Stream* strm, std::pair<A, B>* value) {
    return Serializer<A>::Read(strm, &value->first) && Serializer<B>::Read(strm, &value->second);
  }
};

template <typename K, typename V>
struct Serializer<std::unordered_map<K, V>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::unordered_map<K, V>& map) {
    Serializer<std::vector<std::pair<K, V>>>::Write(strm, std::vector<std::pair<K, V>>(map.begin(), map.end()));
  }
  static bool Read(Stream* strm, std::unordered_map<K, V>* map) {
    std::vector<std::pair<K, V>> pairs;
    if (!Serializer<std::vector<std::pair<K, V>>>::Read(strm, &pairs)) return false;
    map->clear();
    map->insert(pairs.begin(), pairs.end());
    return true;
  }
};

template <typename T>
struct Serializer<ffi::Array<T>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::Array<T>& values) {
    Serializer<uint64_t>::Write(strm, static_cast<uint64_t>(values.size()));
    for (const T& value : values) Serializer<T>::Write(strm, value);
  }
  static bool Read(Stream* strm, ffi::Array<T>* values) {
    uint64_t size;
    if (!Serializer<uint64_t>::Read(strm, &size)) return false;
    *values = ffi::Array<T>();
    for (uint64_t i = 0; i < size; ++i) {
      T value;
      if (!Serializer<T>::Read(strm, &value)) return false;
      values->push_back(std::move(value));
    }
    return true;
  }
};

template <typename K, typename V>
struct Serializer<ffi::Map<K, V>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::Map<K, V>& map) {
    Serializer<uint64_t>::Write(strm, static_cast<uint64_t>(map.size()));
    for (const auto& [key, value] : map) {
      Serializer<K>::Write(strm, key);
      Serializer<V>::Write(strm, value);
    }
  }
  static bool Read(Stream* strm, ffi::Map<K, V>* map) {
    uint64_t size;
    if (!Serializer<uint64_t>::Read(strm, &size)) return false;
    *map = ffi::Map<K, V>();
    for (uint64_t i = 0; i < size; ++i) {
      K key;
      V value;
      if (!Serializer<K>::Read(strm, &key) || !Serializer<V>::Read(strm, &value)) return false;
      map->Set(std::move(key), std::move(value));
    }
    return true;
  }
};

/*! \brief code, bits, lanes: 1 + 1 + 2 bytes. */
template <>
struct Serializer<DLDataType> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const DLDataType& dtype) {
    Serializer<uint8_t>::Write(strm, dtype.code);
    Serializer<uint8_t>::Write(strm, dtype.bits);
    Serializer<uint16_t>::Write(strm, dtype.lanes);
  }
  static bool Read(Stream* strm, DLDataType* dtype) {
    return Serializer<uint8_t>::Read(strm, &dtype->code) && Serializer<uint8_t>::Read(strm, &dtype->bits) &&
           Serializer<uint16_t>::Read(strm, &dtype->lanes);
  }
};

/*! \brief device type, then device id, each an int32. */
template <>
struct Serializer<DLDevice> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const DLDevice& device) {
    Serializer<int32_t>::Write(strm, static_cast<int32_t>(device.device_type));
    Serializer<int32_t>::Write(strm, device.device_id);
  }
  static bool Read(Stream* strm, DLDevice* device) {
    int32_t type;
    if (!Serializer<int32_t>::Read(strm, &type)) return false;
    device->device_type = static_cast<DLDeviceType>(type);
    return Serializer<int32_t>::Read(strm, &device->device_id);
  }
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_SERIALIZER_H_
