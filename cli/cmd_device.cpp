// `sbi device [--device cpu|cuda]`: what the CUDA backend of this build can use. Prints whether
// the backend is compiled in, whether a GPU is usable (and why not) and the GPU's properties.
// With --device cuda it exits with an error when no GPU is usable, so scripts can test for one.
#include <iostream>

#include "cli/command.hpp"
#include "cli/common_options.hpp"
#include "core/errors.hpp"
#include "cuda/device.hpp"

namespace sbi::cli {

namespace {

int run_device(const std::vector<std::string>& words) {
  Args args("device", "Reports the CUDA backend: compiled in or not, the usable GPU, or why none is.");
  add_device_option(args);
  if (!parse_command_line(args, words)) return 0;
  const Device wanted = device_option(args);
  if (wanted == Device::Cuda && !cuda::available())  // so that scripts can test for a GPU
    throw Error("--device cuda: no usable GPU (" + cuda::unavailable_reason() + ")");
  std::cout << "requested device: " << device_name(wanted) << "\n";
  std::cout << "CUDA backend compiled: " << (cuda::compiled() ? "yes" : "no") << "\n";
  if (!cuda::available()) {
    std::cout << "GPU: none (" << cuda::unavailable_reason() << ")\n";
    return 0;
  }
  const cuda::DeviceInfo info = cuda::device_info();
  std::cout << "GPU " << info.index << ": " << info.name << ", compute capability "
            << info.compute_major << "." << info.compute_minor << ", " << info.multiprocessors
            << " SMs, " << (info.global_memory_bytes >> 20) << " MiB\n";
  return 0;
}

}  // namespace

SBI_COMMAND("device", "show the CUDA backend and GPU (--device cpu|cuda)", run_device);

}  // namespace sbi::cli
