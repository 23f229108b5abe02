// The --device option (see device_option.hpp).
#include "cli/device_option.hpp"

#include "core/errors.hpp"
#include "cuda/device.hpp"

namespace sbi::cli {

void add_device_option(Args& args) {
  args.option("device", "NAME", "where networks, MCMC and simulators run: cpu or cuda", "cpu");
}

Device parse_device(const std::string& value) {
  if (value == "cpu") return Device::Cpu;
  if (value == "cuda") return Device::Cuda;
  throw UsageError("--device expects cpu or cuda, got '" + value + "'");
}

Device selected_device(const Args& args) {
  const Device d = parse_device(args.get("device"));
  if (d == Device::Cuda && !cuda::available())
    throw Error("--device cuda: no usable GPU (" + cuda::unavailable_reason() + ")");
  return d;
}

std::string device_name(Device d) { return d == Device::Cuda ? "cuda" : "cpu"; }

}  // namespace sbi::cli
