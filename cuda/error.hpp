// Error checking for CUDA runtime and cuBLAS calls: a failing call throws sbi::Error naming the
// call as written, where it was made and the library's message, e.g.
//   "CUDA error in cudaMalloc(&ptr, bytes) at cuda/buffer.cpp:20: out of memory (cudaErrorMemoryAllocation)"
// Kernel launches are checked with SBI_CUDA_CHECK_LAUNCH("kernel name") right after <<<...>>>;
// it reads cudaGetLastError(), which a failed checked call leaves clear (see error.cpp).
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime_api.h>

namespace sbi::cuda {

[[noreturn]] void throw_cuda_error(cudaError_t e, const char* call, const char* file, int line);
[[noreturn]] void throw_cublas_error(cublasStatus_t s, const char* call, const char* file, int line);
const char* cublas_status_name(cublasStatus_t s);

inline void check_cuda(cudaError_t e, const char* call, const char* file, int line) {
  if (e != cudaSuccess) throw_cuda_error(e, call, file, line);
}
inline void check_cublas(cublasStatus_t s, const char* call, const char* file, int line) {
  if (s != CUBLAS_STATUS_SUCCESS) throw_cublas_error(s, call, file, line);
}

}  // namespace sbi::cuda

#define SBI_CUDA_CHECK(call) ::sbi::cuda::check_cuda((call), #call, __FILE__, __LINE__)
#define SBI_CUBLAS_CHECK(call) ::sbi::cuda::check_cublas((call), #call, __FILE__, __LINE__)
#define SBI_CUDA_CHECK_LAUNCH(name) \
  ::sbi::cuda::check_cuda(cudaGetLastError(), "launch of " name, __FILE__, __LINE__)
