// Where a computation runs: the typed `--device cpu|cuda` setting of the commands and of the
// settings structs in pipelines/. Which computations have a CUDA backend, and the checks that
// refuse --device cuda elsewhere, live in pipelines/device_backend.hpp (core knows nothing of
// cuda/).
#pragma once
#include <string>

namespace sbi {

enum class Device { Cpu, Cuda };

// "cpu" / "cuda", and back; ValueError naming the accepted values for anything else.
std::string device_name(Device device);
Device device_from_name(const std::string& name);

}  // namespace sbi
