// The --device option (see device_option.hpp).
#include "cli/device_option.hpp"

#include "core/errors.hpp"
#include "cuda/device.hpp"

namespace sbi::cli {

void add_device_option(Args& args) {
  args.option("device", "NAME", "where the work with a GPU backend runs: cpu or cuda (cuda today: "
              "Hodgkin–Huxley simulations)", "cpu");
}

Device parse_device(const std::string& value) {
  if (value != "cpu" && value != "cuda") throw UsageError("--device expects cpu or cuda, got '" + value + "'");
  return device_from_name(value);
}

Device device_option(const Args& args) { return parse_device(args.get("device")); }

Device selected_device(const Args& args) {
  const Device d = device_option(args);
  if (d == Device::Cuda && !cuda::available())
    throw Error("--device cuda: no usable GPU (" + cuda::unavailable_reason() + ")");
  return d;
}

}  // namespace sbi::cli
