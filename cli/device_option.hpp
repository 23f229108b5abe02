// The `--device cpu|cuda` option of the commands that take it (run, train, sample, benchmark,
// simulate, cost, calibrate, device). A command adds it with add_device_option(args) and reads
// the typed sbi::Device (core/device.hpp) with device_option(args) into its settings; the
// library (pipelines/device_backend.hpp) decides where a GPU backend exists and refuses
// --device cuda elsewhere (exit status 2), so a command never silently falls back to the CPU.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "core/device.hpp"

namespace sbi::cli {

void add_device_option(Args& args);
// The parsed --device value; UsageError for anything but cpu or cuda.
Device parse_device(const std::string& value);
Device device_option(const Args& args);
// device_option(args), and for cuda an sbi::Error unless a GPU is usable (`sbi device`).
Device selected_device(const Args& args);

}  // namespace sbi::cli
