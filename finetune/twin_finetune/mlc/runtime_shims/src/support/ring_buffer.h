// twin-chat: the byte queue between the RPC endpoint and its channel. For the web runtime build (the apache-tvm
// wheel lacks this header). A model in a web page never uses RPC; this only has to be correct, not fast.
#ifndef TVM_SUPPORT_RING_BUFFER_H_
#define TVM_SUPPORT_RING_BUFFER_H_

#include <cstring>
#include <string>

namespace tvm {
namespace support {

class RingBuffer {
 public:
  size_t bytes_available() const { return data_.size() - head_; }

  /*! \brief Makes room for `size` more bytes up front (a hint; the queue grows as needed anyway). */
  void Reserve(size_t size) { data_.reserve(head_ + size); }

  /*! \brief Takes `size` bytes off the front; the caller checks bytes_available() first. */
  void Read(void* out, size_t size) {
    std::memcpy(out, data_.data() + head_, size);
    Consume(size);
  }

  void Write(const void* bytes, size_t size) { data_.append(static_cast<const char*>(bytes), size); }

  /*! \brief Offers up to `max_bytes` from the front to `send(ptr, n)`, which returns how many it took. */
  template <typename FSend>
  size_t ReadWithCallback(FSend send, size_t max_bytes) {
    size_t n = send(data_.data() + head_, std::min(max_bytes, bytes_available()));
    Consume(n);
    return n;
  }

  /*! \brief Lets `recv(ptr, n)` fill up to `max_bytes` at the back; it returns how many it wrote. */
  template <typename FRecv>
  size_t WriteWithCallback(FRecv recv, size_t max_bytes) {
    size_t old_size = data_.size();
    data_.resize(old_size + max_bytes);
    size_t n = recv(&data_[old_size], max_bytes);
    data_.resize(old_size + n);
    return n;
  }

 private:
  void Consume(size_t size) {
    head_ += size;
    if (head_ == data_.size()) {
      data_.clear();
      head_ = 0;
    }
  }

  std::string data_;
  size_t head_ = 0;
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_RING_BUFFER_H_
