// RAII device memory: DeviceBuffer<T> owns `size` elements of T in GPU global memory
// (cudaMalloc / cudaFree), is move-only, and copies to and from host memory with size checks.
// Copies take an optional stream; a copy with a stream is asynchronous with respect to the host
// (use pinned host memory for real overlap) and the caller synchronises the stream.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <cuda_runtime_api.h>

#include "core/errors.hpp"
#include "cuda/error.hpp"

namespace sbi::cuda {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t size) { resize(size); }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      release();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }

  // Reallocates (contents are lost) unless the size is unchanged.
  void resize(std::size_t size) {
    if (size == size_) return;
    release();
    if (size > 0) SBI_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&data_), size * sizeof(T)));
    size_ = size;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }

  void upload(const T* host, std::size_t count, cudaStream_t stream = nullptr) {
    check_count("upload", count);
    SBI_CUDA_CHECK(cudaMemcpyAsync(data_, host, count * sizeof(T), cudaMemcpyHostToDevice, stream));
    if (stream == nullptr) SBI_CUDA_CHECK(cudaStreamSynchronize(nullptr));
  }
  void download(T* host, std::size_t count, cudaStream_t stream = nullptr) const {
    check_count("download", count);
    SBI_CUDA_CHECK(cudaMemcpyAsync(host, data_, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
    if (stream == nullptr) SBI_CUDA_CHECK(cudaStreamSynchronize(nullptr));
  }
  void upload(const std::vector<T>& host) {
    resize(host.size());
    upload(host.data(), host.size());
  }
  std::vector<T> to_host() const {
    std::vector<T> out(size_);
    if (size_ > 0) download(out.data(), size_);
    return out;
  }
  void fill_zero(cudaStream_t stream = nullptr) {
    if (size_ > 0) SBI_CUDA_CHECK(cudaMemsetAsync(data_, 0, bytes(), stream));
  }

 private:
  void check_count(const char* what, std::size_t count) const {
    if (count > size_)
      throw ShapeError(std::string("DeviceBuffer::") + what + ": " + std::to_string(count) +
                       " elements requested but the buffer holds " + std::to_string(size_));
  }
  void release() noexcept {
    if (data_ != nullptr) cudaFree(data_);  // no throw from a destructor path
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sbi::cuda
