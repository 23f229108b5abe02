// Simulation-based calibration of an amortised method as a library call (`sbi calibrate`):
// simulate `sims` training pairs and train the method once (or load a saved model), then for
// `runs` fresh pairs (θ*, x*) from the prior (or read from a simulations folder) draw
// `num_samples` posterior samples for x* and record the rank of θ* per dimension
// (diagnostics/calibration.hpp: chi-square and KS uniformity per dimension, expected coverage
// from HPD regions when the posterior has a density, else central marginal intervals).
// Methods: those of the Method registry (npe, nle, nre, nre-b, nre-c, rej-abc); SMC-ABC and ACE are
// observation-specific or generalized posteriors and are refused.
#pragma once
#include <cstdint>
#include <string>

#include "core/device.hpp"
#include "diagnostics/calibration.hpp"
#include "pipelines/progress.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct CalibrationJobSettings {
  std::string method = "npe";     // ignored with `model` (the file names its method)
  Index sims = 10000;             // training simulations (not with `model`)
  Index runs = 200;               // calibration pairs
  Index num_samples = 100;        // posterior draws per pair
  Index bins = 0;                 // chi-square bins (0: about runs/10, at most 20)
  std::uint64_t seed = 0;
  int max_epochs = 100000;
  std::string estimator = "maf";  // npe / nle density estimator
  std::string model;              // non-empty: calibrate this saved model instead of training
  std::string simulations;        // non-empty: pairs from simulations_theta.csv / simulations_x.csv here
  bool marginal_coverage = false; // coverage from central marginal intervals even with a density
  std::string out;                // CSV of the ranks (one row per pair)
  Device device = Device::Cpu;     // --device: cuda is refused here today (pipelines/device_backend.hpp)
  std::string coverage_out;       // non-empty: the coverage curve as CSV
};

struct CalibrationRun {
  std::string method;  // the method calibrated
  diagnostics::CalibrationResult result;
};

// SettingsError for a method that is not amortised, or counts below 1.
void check_calibration_settings(const CalibrationJobSettings& settings);

// The task (or prior file) that settings.model records; sets settings.method to the model's
// kind. IOError when the file records no task.
sim::Task saved_model_task(CalibrationJobSettings& settings);

// Runs the calibration for `task` and writes settings.out (and settings.coverage_out); with
// settings.model, the model file names the method.
CalibrationRun run_calibration(CalibrationJobSettings settings, const sim::Task& task, const Log& log);

}  // namespace sbi::pipelines
