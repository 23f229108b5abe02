// The --device checks and the device-aware simulation step (see device_backend.hpp).
#include "pipelines/device_backend.hpp"

#include "cuda/device.hpp"
#include "cuda/hh_simulate.hpp"
#include "pipelines/job.hpp"
#include "simulators/hodgkin_huxley.hpp"

namespace sbi::pipelines {

void require_cpu_only(Device device, const std::string& what) {
  if (device == Device::Cuda) throw SettingsError("--device cuda is not available for " + what + " yet");
}

void require_cuda_ready(Device device) {
  if (device != Device::Cuda) return;
  if (!cuda::compiled()) throw SettingsError("--device cuda: this build has no CUDA backend");
  if (!cuda::available())
    throw SettingsError("--device cuda: no CUDA device found (" + cuda::unavailable_reason() + ")");
}

bool has_gpu_simulator(const sim::Task& task) {
  return dynamic_cast<const sim::HodgkinHuxleySimulator*>(task.simulator.get()) != nullptr;
}

void check_simulation_device(Device device, const sim::Task& task, const std::string& what) {
  if (device != Device::Cuda) return;
  if (!has_gpu_simulator(task)) require_cpu_only(device, what + " --task " + task.name);
  require_cuda_ready(device);
}

MatrixD simulate_on_device(const sim::Task& task, const MatrixD& theta, std::uint64_t seed, Device device,
                           const Log& log) {
  if (device == Device::Cpu) return simulate_with_progress(task, theta, seed, log);
  const auto* hh = dynamic_cast<const sim::HodgkinHuxleySimulator*>(task.simulator.get());
  if (!hh) require_cpu_only(device, "simulating task " + task.name);
  ProgressBar bar(log, "simulating on the GPU", static_cast<long>(theta.rows()));
  MatrixD x = cuda::simulate_hodgkin_huxley(hh->protocol(), theta, seed);
  bar.update(static_cast<long>(theta.rows()));
  bar.finish();
  return x;
}

}  // namespace sbi::pipelines
