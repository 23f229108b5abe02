// Device names (see device.hpp).
#include "core/device.hpp"

#include "core/errors.hpp"

namespace sbi {

std::string device_name(Device device) { return device == Device::Cuda ? "cuda" : "cpu"; }

Device device_from_name(const std::string& name) {
  if (name == "cpu") return Device::Cpu;
  if (name == "cuda") return Device::Cuda;
  throw ValueError("device: expected cpu or cuda, got '" + name + "'");
}

}  // namespace sbi
