// twin-chat: base64 streams, with which the runtime writes tensors into JSON. For the web runtime build (the
// apache-tvm wheel lacks this header). Standard alphabet, '=' padding; reading skips leading whitespace.
#ifndef TVM_SUPPORT_BASE64_H_
#define TVM_SUPPORT_BASE64_H_

#include <tvm/support/io.h>

#include <cctype>
#include <cstdint>
#include <string>

namespace tvm {
namespace support {

inline const char* Base64Alphabet() { return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"; }

/*! \brief Encodes what is written to it into `out`; Finish() writes the last group and its padding. */
class Base64OutStream : public Stream {
 public:
  explicit Base64OutStream(Stream* out) : out_(out) {}
  using Stream::Read;
  using Stream::Write;

  size_t Read(void*, size_t) final { return 0; }

  size_t Write(const void* ptr, size_t size) final {
    const auto* bytes = static_cast<const uint8_t*>(ptr);
    for (size_t i = 0; i < size; ++i) {
      group_[filled_++] = bytes[i];
      if (filled_ == 3) EmitGroup();
    }
    return size;
  }

  void Finish() {
    if (filled_ != 0) EmitGroup();
  }

 private:
  void EmitGroup() {
    const char* alphabet = Base64Alphabet();
    uint32_t bits = (group_[0] << 16) | ((filled_ > 1 ? group_[1] : 0) << 8) | (filled_ > 2 ? group_[2] : 0);
    char text[4] = {alphabet[(bits >> 18) & 63], alphabet[(bits >> 12) & 63], '=', '='};
    if (filled_ > 1) text[2] = alphabet[(bits >> 6) & 63];
    if (filled_ > 2) text[3] = alphabet[bits & 63];
    out_->Write(text, 4);
    filled_ = 0;
  }

  Stream* out_;
  uint8_t group_[3] = {0, 0, 0};
  size_t filled_ = 0;
};

/*! \brief Decodes base64 read from `in`; call InitPosition() first to skip leading whitespace. */
class Base64InStream : public Stream {
 public:
  explicit Base64InStream(Stream* in) : in_(in) {}
  using Stream::Read;
  using Stream::Write;

  void InitPosition() {
    char c = ' ';
    while (in_->Read(&c, 1) == 1 && std::isspace(static_cast<unsigned char>(c))) {
    }
    pending_char_ = c;
    has_pending_char_ = true;
  }

  size_t Read(void* ptr, size_t size) final {
    auto* bytes = static_cast<uint8_t*>(ptr);
    size_t n = 0;
    while (n < size) {
      if (decoded_position_ == decoded_count_ && !DecodeGroup()) break;
      bytes[n++] = decoded_[decoded_position_++];
    }
    return n;
  }

  size_t Write(const void*, size_t) final { return 0; }

 private:
  bool NextChar(char* c) {
    if (has_pending_char_) {
      has_pending_char_ = false;
      *c = pending_char_;
      return true;
    }
    return in_->Read(c, 1) == 1;
  }

  static int Value(char c) {
    const char* alphabet = Base64Alphabet();
    for (int i = 0; i < 64; ++i) {
      if (alphabet[i] == c) return i;
    }
    return -1;
  }

  /*! \brief Decodes the next four characters into up to three bytes; false at the end of the text. */
  bool DecodeGroup() {
    uint32_t bits = 0;
    int payload = 0;
    for (int i = 0; i < 4; ++i) {
      char c;
      if (!NextChar(&c)) return false;
      int value = c == '=' ? 0 : Value(c);
      if (value < 0) return false;
      if (c != '=') ++payload;
      bits = (bits << 6) | static_cast<uint32_t>(value);
    }
    decoded_[0] = static_cast<uint8_t>(bits >> 16);
    decoded_[1] = static_cast<uint8_t>(bits >> 8);
    decoded_[2] = static_cast<uint8_t>(bits);
    decoded_count_ = payload > 1 ? static_cast<size_t>(payload - 1) : 0;
    decoded_position_ = 0;
    return decoded_count_ != 0;
  }

  Stream* in_;
  char pending_char_ = 0;
  bool has_pending_char_ = false;
  uint8_t decoded_[3] = {0, 0, 0};
  size_t decoded_count_ = 0;
  size_t decoded_position_ = 0;
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_BASE64_H_
