// The `--device cpu|cuda` option shared by commands that can run on the GPU. A command adds it
// with add_device_option(args) and asks selected_device(args) after parsing: "cpu" (default) or
// "cuda"; asking for cuda when the build has no CUDA backend or no GPU is usable throws
// sbi::Error naming the reason, so a command never silently falls back to the CPU.
#pragma once
#include <string>

#include "cli/args.hpp"

namespace sbi::cli {

enum class Device { Cpu, Cuda };

void add_device_option(Args& args);
// The parsed --device value; UsageError for anything but cpu or cuda.
Device parse_device(const std::string& value);
// parse_device(args.get("device")), checked against the machine as described above.
Device selected_device(const Args& args);
std::string device_name(Device d);

}  // namespace sbi::cli
