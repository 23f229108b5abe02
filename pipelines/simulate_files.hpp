// `sbi simulate` without a store, as a library call: θ drawn from the prior (seed
// derive_seed(seed, kTrainingPrior), as a job's training set) or read from a file, simulated
// (derive_seed(seed, kTrainingSimulation); split over the ranks under MPI, the same rows for any
// number of ranks), and x (and θ when asked) written by rank 0 (write_array_file: CSV with a
// header, or .npy by the extension). Rows with non-finite x are kept and counted.
#pragma once
#include <cstdint>
#include <string>

#include "core/device.hpp"
#include "core/settings_fields.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct SimulateFilesSettings {
  Index num = 0;          // θ from the prior (num rows) when theta_in is empty
  std::string theta_in;   // θ rows to simulate (.npy or CSV)
  std::uint64_t seed = 0;
  std::string out;        // x
  std::string theta_out;  // empty: θ is not written
  Device device = Device::Cpu;  // cuda: Hodgkin–Huxley on the GPU (pipelines/device_backend.hpp)
};

// The field table of SimulateFilesSettings (core/settings_fields.hpp; not the device): `sbi
// simulate`'s --num, --theta (theta_in), --seed, --out, --theta-out.
const FieldTable<SimulateFilesSettings>& simulate_files_fields();

struct SimulateFilesResult {
  Index rows = 0;
  Index nonfinite_rows = 0;
};

// The task learns x's names (x1, x2, ... unless it has its own).
SimulateFilesResult simulate_to_files(const SimulateFilesSettings& settings, sim::Task& task, const Log& log);

}  // namespace sbi::pipelines
