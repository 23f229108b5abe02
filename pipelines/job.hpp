// The pieces of an end-to-end job shared by the pipelines (run, train, benchmark, recording
// fit): the run settings, simulation with a progress bar, the reference β values of the ACE
// tasks, observations (well-specified and misspecified), the run folder and SettingsError.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/device.hpp"
#include "core/errors.hpp"
#include "core/tensor.hpp"
#include "datasets/simulation_set.hpp"
#include "pipelines/progress.hpp"
#include "inference/ace.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "sequential/restricted_simulation.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// A settings struct holds a value a pipeline refuses (a β ≤ 0, an unknown loss, an output file
// of another table): the caller's mistake, not the data's. The `sbi` program reports it as a
// usage error (exit status 2); the message names the setting by its command-line flag.
class SettingsError : public ValueError {
 public:
  using ValueError::ValueError;
};

struct JobSettings {
  std::string task = "two_moons";
  std::string method = "ace";
  Index sims = 10000;
  std::uint64_t seed = 0;
  std::vector<double> betas;        // empty: the task's reference values
  Index num_samples = 10000;        // posterior draws per (observation, β)
  Index predictive_sims = 1000;     // posterior-predictive simulations per (observation, β)
  std::string distance = "task";    // task | mse | mae_zscored
  std::string estimator = "maf";    // npe/nle density estimator
  nn::EmbeddingSpec embedding;      // --embedding (npe, nle, nre, nre-b, nre-c)
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;  // npe, nle, nre*
  int max_epochs = 1000;
  int patience = 100;
  int batch_size = 500;
  double learning_rate = 1e-3;
  Index num_range_sims = 100000;    // for the misspecified observation
  inference::McmcSettings mcmc;     // MCMC of the ace, nle and nre posteriors (on_step unset)
  int rounds = 10;                  // the multi-round methods (snpe-a, ..., snre-c): rounds over sims
  Index atoms = 10;                 // snpe-c: atoms per row of the atomic loss
  double ace_observed_fraction = 0; // AceSettings::observed_target_fraction (0: reference)
  Index ace_members = 1;            // ACE cost networks (AceEnsemble; 1: the single network)
  double ace_disagreement = 0;      // AceEnsemble's λ: cost = mean + λ·sd over the members
  bool ace_per_term = false;        // AceSettings::per_term (one output per distance term)
  Index ace_hidden = 64;            // AceSettings::hidden (units per layer)
  Index ace_blocks = 3;             // AceSettings::blocks (residual blocks)
  Index ace_targets_per_theta = 2;  // AceSettings::targets_per_theta (pairs per θ per epoch)
  inference::AceLoss ace_loss = inference::AceLoss::Squared;  // AceSettings::loss
  // --restrict, --restrict-first, --restrict-false-negatives (cli/method_options.hpp); total and
  // seed are filled in where the simulations are drawn (pipelines/training_set.hpp).
  std::optional<inference::RestrictedSimulationSettings> restriction;
  std::string out;                  // run folder
  // --device: cuda runs the training simulations on the GPU where the task has a GPU simulator
  // (Hodgkin–Huxley), the rest on the CPU; refused otherwise (pipelines/device_backend.hpp).
  Device device = Device::Cpu;
};

// SettingsError naming the flag unless sims ≥ 10, num_samples ≥ 1 and every β > 0.
void check_sampling_settings(const JobSettings& settings);
// SettingsError naming the flag unless the ace_* settings are in range (per_term not checked).
void check_ace_settings(const JobSettings& settings);

// The ACE paper's reference β values per task; {1, 10, 100} for other tasks.
std::vector<double> reference_betas(const std::string& task);
// A seed for the draws at one β: `base` mixed with β's bit pattern, so a β draws the same
// wherever it stands in --betas (a β re-sampled in another list, or read back with
// --ace-models, reproduces its draws).
std::uint64_t beta_seed(std::uint64_t base, double beta);

// ValueError listing every {"error": ...} entry of a run's result JSON (a posterior that failed,
// a metric that could not be computed) so that such a run exits non-zero; nothing when none.
void require_no_failed_results(const nlohmann::json& result, const std::string& out);

// "a,b,,c" → {"a", "b", "c"} (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

// θ (n × d) → x, in chunks with a progress bar; row i uses Rng(seed, i) exactly as
// Task::simulate does, so chunking changes nothing.
MatrixD simulate_with_progress(const sim::Task& task, const MatrixD& theta, std::uint64_t seed,
                               const Log& log);

// n prior draws (seed derive_seed(seed, kTrainingPrior)) and their simulations (kTrainingSimulation), as a
// timed stage with a progress bar: the simulation step every job shares.
using sim::SimulationSet;  // datasets/simulation_set.hpp
// On Device::Cuda the simulations run on the GPU (pipelines/device_backend.hpp: simulate_on_device).
SimulationSet simulate_from_prior(const sim::Task& task, Index n, std::uint64_t seed, const Log& log,
                                  Device device = Device::Cpu);

struct Observation {
  std::string name;            // "well_specified", "misspecified", or from a file
  RowVectorD x;
  bool has_truth = false;
  RowVectorD theta;            // the θ that generated x (well-specified only)
};

// The rows of x without NaN/inf, in order (scales such as mae_zscored's are computed on them).
MatrixD finite_rows(const MatrixD& x);

// One well-specified observation (a prior draw's simulation) and one misspecified one.
std::vector<Observation> default_observations(const sim::Task& task, std::uint64_t seed,
                                              Index num_range_sims, const Log& log);

// Creates the folder (and parents); IOError if it cannot.
void make_folder(const std::string& path);
void write_json(const std::string& path, const nlohmann::json& j);
std::string format_number(double v);  // "100", "0.5": for file names

}  // namespace sbi::pipelines
