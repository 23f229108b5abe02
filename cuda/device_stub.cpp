// The device query of a build without the CUDA backend: no device is ever available.
#include "cuda/device.hpp"

#include "core/errors.hpp"

namespace sbi::cuda {

bool compiled() { return false; }
bool available() { return false; }
std::string unavailable_reason() {
  return "sbi++ was built without the CUDA backend (SBI_CUDA=OFF or no nvcc found)";
}
DeviceInfo device_info() { throw Error("cuda::device_info: " + unavailable_reason()); }

}  // namespace sbi::cuda
