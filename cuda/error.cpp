// Messages of failing CUDA and cuBLAS calls (see error.hpp).
#include "cuda/error.hpp"

#include <string>

#include "core/errors.hpp"

namespace sbi::cuda {

void throw_cuda_error(cudaError_t e, const char* call, const char* file, int line) {
  // The runtime also keeps a failed call's error as the thread's "last error" until
  // cudaGetLastError() reads it. Clear it here (this call reports it), or the next
  // SBI_CUDA_CHECK_LAUNCH would blame an innocent kernel launch for it. Sticky errors (a
  // corrupted context) cannot be cleared and keep failing every later call, as they should.
  cudaGetLastError();
  throw Error(std::string("CUDA error in ") + call + " at " + file + ":" + std::to_string(line) +
              ": " + cudaGetErrorString(e) + " (" + cudaGetErrorName(e) + ")");
}

const char* cublas_status_name(cublasStatus_t s) {
  switch (s) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    default: return "unknown cuBLAS status";
  }
}

void throw_cublas_error(cublasStatus_t s, const char* call, const char* file, int line) {
  throw Error(std::string("cuBLAS error in ") + call + " at " + file + ":" +
              std::to_string(line) + ": " + cublas_status_name(s) + " (" +
              std::to_string(static_cast<int>(s)) + ")");
}

}  // namespace sbi::cuda
