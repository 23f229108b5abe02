// A CUDA stream with its cuBLAS handle and its workspace arena. Work for one model or sampler
// is queued on one Stream; temporaries of a step (activations, gradients of activations, partial
// sums) come from the arena, which hands out aligned slices of one device allocation:
//   arena.reset(); float* a = arena.allocate<float>(n); ...   (no cudaMalloc in steady state)
// When a step needs more than the arena holds, the extra slices come from separate allocations
// that stay valid until the next reset(), which then grows the main block to the peak seen, so
// after the first step every step is served from one block.
#pragma once
#include <cstddef>
#include <vector>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "cuda/buffer.hpp"

namespace sbi::cuda {

class WorkspaceArena {
 public:
  WorkspaceArena() = default;
  explicit WorkspaceArena(std::size_t bytes) { block_.resize(bytes); }

  template <class T>
  T* allocate(std::size_t count) {
    return static_cast<T*>(allocate_bytes(count * sizeof(T)));
  }
  void* allocate_bytes(std::size_t bytes);
  // Frees the step's slices; the block grows to the last step's peak if it overflowed.
  void reset();

  std::size_t capacity() const { return block_.size(); }
  std::size_t used() const { return used_; }
  std::size_t peak() const { return peak_; }
  static constexpr std::size_t kAlignment = 256;

 private:
  DeviceBuffer<unsigned char> block_;
  std::vector<DeviceBuffer<unsigned char>> overflow_;
  std::size_t used_ = 0;   // bytes handed out this step (block and overflow)
  std::size_t peak_ = 0;
};

class Stream {
 public:
  // A new non-blocking stream and a cuBLAS handle bound to it; throws when no device works.
  explicit Stream(std::size_t workspace_bytes = 0);
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  cudaStream_t get() const { return stream_; }
  cublasHandle_t blas() const { return blas_; }
  WorkspaceArena& workspace() { return arena_; }
  void synchronize() const;

 private:
  cudaStream_t stream_ = nullptr;
  cublasHandle_t blas_ = nullptr;
  WorkspaceArena arena_;
};

}  // namespace sbi::cuda
