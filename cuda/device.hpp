// Which CUDA device sbi++ can use. Usable from every build: without the CUDA backend
// (SBI_CUDA=OFF or no nvcc) compiled() and available() are false and unavailable_reason() says
// why, so callers (the CLI's --device option, tests, benchmarks) can fall back to the CPU.
#pragma once
#include <cstddef>
#include <string>

namespace sbi::cuda {

// Whether this build contains the CUDA backend.
bool compiled();
// Whether a CUDA device can be used now (the backend is compiled and the runtime reports at
// least one device). Never throws.
bool available();
// Why available() is false ("" when it is true).
std::string unavailable_reason();

struct DeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  int multiprocessors = 0;
  std::size_t global_memory_bytes = 0;
};

// The current device's properties; throws sbi::Error when no device is available.
DeviceInfo device_info();

}  // namespace sbi::cuda
