// The device query of a CUDA build: asks the runtime, never throws from available().
#include "cuda/device.hpp"

#include <cuda_runtime_api.h>

#include "core/errors.hpp"
#include "cuda/error.hpp"

namespace sbi::cuda {

namespace {
// cudaGetDeviceCount's result, or the error that prevented it.
int query_count(std::string* reason) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error state
    if (reason) *reason = std::string("cudaGetDeviceCount failed: ") + cudaGetErrorString(e);
    return 0;
  }
  if (count == 0 && reason) *reason = "the CUDA runtime reports no device";
  return count;
}
}  // namespace

bool compiled() { return true; }

bool available() { return query_count(nullptr) > 0; }

std::string unavailable_reason() {
  std::string reason;
  return query_count(&reason) > 0 ? std::string() : reason;
}

DeviceInfo device_info() {
  std::string reason;
  if (query_count(&reason) == 0) throw Error("cuda::device_info: no GPU (" + reason + ")");
  DeviceInfo info;
  SBI_CUDA_CHECK(cudaGetDevice(&info.index));
  cudaDeviceProp prop;
  SBI_CUDA_CHECK(cudaGetDeviceProperties(&prop, info.index));
  info.name = prop.name;
  info.compute_major = prop.major;
  info.compute_minor = prop.minor;
  info.multiprocessors = prop.multiProcessorCount;
  info.global_memory_bytes = prop.totalGlobalMem;
  return info;
}

}  // namespace sbi::cuda
