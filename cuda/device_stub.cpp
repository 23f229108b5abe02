// The device query of a build without the CUDA backend: no device is ever available, and the
// GPU entry points that every build declares (hh_simulate.hpp) throw.
#include "cuda/device.hpp"
#include "cuda/hh_simulate.hpp"

#include "core/errors.hpp"

namespace sbi::cuda {

bool compiled() { return false; }
bool available() { return false; }
std::string unavailable_reason() {
  return "sbi++ was built without the CUDA backend (SBI_CUDA=OFF or no nvcc found)";
}
DeviceInfo device_info() { throw Error("cuda::device_info: " + unavailable_reason()); }

MatrixD simulate_hodgkin_huxley(const sim::HHProtocol&, const MatrixD&, std::uint64_t, std::uint64_t) {
  throw Error("cuda::simulate_hodgkin_huxley: " + unavailable_reason());
}

}  // namespace sbi::cuda
