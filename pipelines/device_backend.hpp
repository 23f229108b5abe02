// Which work `--device cuda` can move to the GPU today, and the checks that refuse it elsewhere
// (never a silent fall-back to the CPU). The CUDA backend (cuda/) is wired only where this file
// says so: the Hodgkin–Huxley simulations of `sbi simulate` and of the training set of
// `sbi run`. Every refusal is a SettingsError (the `sbi` program: exit status 2), checked in
// this order, so that the first reason is the one that does not depend on the machine:
//   "--device cuda is not available for <what> yet"   (no GPU path for that work)
//   "--device cuda: this build has no CUDA backend"   (built with SBI_CUDA=OFF or without nvcc)
//   "--device cuda: no CUDA device found"             (CUDA build, but no usable GPU)
#pragma once
#include <cstdint>
#include <string>

#include "core/device.hpp"
#include "core/tensor.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// Nothing for Device::Cpu; for Cuda the SettingsError "--device cuda is not available for
// <what> yet" (what: a command or method, e.g. "train", "sample --method npe").
void require_cpu_only(Device device, const std::string& what);

// Nothing for Device::Cpu; for Cuda the build and machine checks above.
void require_cuda_ready(Device device);

// Whether the task's simulator has a GPU backend (the built-in Hodgkin–Huxley simulator).
bool has_gpu_simulator(const sim::Task& task);

// The checks for simulating `task` on `device` in `what` (a command): a task without a GPU
// simulator is refused with "not available for <what> --task <name> yet", then the build and
// machine checks.
void check_simulation_device(Device device, const sim::Task& task, const std::string& what);

// θ → x on `device`: simulate_with_progress on the CPU (row i: Rng(seed, i)); on the GPU one
// launch with Philox streams (seed, i) (cuda/hh_simulate.hpp: the same model in distribution,
// not the CPU's draws). Call check_simulation_device first.
MatrixD simulate_on_device(const sim::Task& task, const MatrixD& theta, std::uint64_t seed, Device device,
                           const Log& log);

}  // namespace sbi::pipelines
