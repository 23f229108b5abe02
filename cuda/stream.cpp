// Streams, their cuBLAS handles and workspace arenas (see stream.hpp).
#include "cuda/stream.hpp"

#include "cuda/cublas_library.hpp"

namespace sbi::cuda {

void* WorkspaceArena::allocate_bytes(std::size_t bytes) {
  const std::size_t aligned = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  if (used_ + aligned <= block_.size() && overflow_.empty()) {
    void* p = block_.data() + used_;
    used_ += aligned;
    peak_ = used_ > peak_ ? used_ : peak_;
    return p;
  }
  overflow_.emplace_back(aligned == 0 ? kAlignment : aligned);
  used_ += aligned;
  peak_ = used_ > peak_ ? used_ : peak_;
  return overflow_.back().data();
}

void WorkspaceArena::reset() {
  if (!overflow_.empty()) {
    overflow_.clear();  // the caller has finished with the step's slices (stream synchronised)
    block_.resize(peak_);
  }
  used_ = 0;
}

Stream::Stream(std::size_t workspace_bytes) : arena_(workspace_bytes) {
  SBI_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  SBI_CUBLAS_CHECK(cublas().create(&blas_));
  SBI_CUBLAS_CHECK(cublas().set_stream(blas_, stream_));
}

Stream::~Stream() {
  if (blas_ != nullptr) cublas().destroy(blas_);
  if (stream_ != nullptr) {
    cudaStreamSynchronize(stream_);
    cudaStreamDestroy(stream_);
  }
}

void Stream::synchronize() const { SBI_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

}  // namespace sbi::cuda
