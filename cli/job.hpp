// The pieces of an end-to-end job shared by `sbi run`, `sbi train` and `sbi sample`: the
// settings (from flags or a config file), simulation with a progress bar, the reference β
// values of the ACE tasks, observations (well-specified and misspecified) and the run folder.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/progress.hpp"
#include "core/tensor.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/restricted_simulation.hpp"
#include "simulators/task.hpp"

namespace sbi::cli {

class Args;

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
  nn::EmbeddingSpec embedding;      // --embedding (npe, nle, nre, nre-c)
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;  // npe (npe.hpp)
  int max_epochs = 1000;
  int patience = 100;
  int batch_size = 500;
  double learning_rate = 1e-3;
  Index num_range_sims = 100000;    // for the misspecified observation
  inference::McmcSettings mcmc;     // MCMC of the ace, nle and nre posteriors (on_step unset)
  double ace_observed_fraction = 0; // AceOptions::observed_target_fraction (0: reference)
  Index ace_members = 1;            // ACE cost networks (AceEnsemble; 1: the single network)
  double ace_disagreement = 0;      // AceEnsemble's λ: cost = mean + λ·sd over the members
  bool ace_per_term = false;        // AceOptions::per_term (one output per distance term)
  Index ace_hidden = 64;            // AceOptions::hidden (units per layer)
  Index ace_blocks = 3;             // AceOptions::blocks (residual blocks)
  Index ace_targets_per_theta = 2;  // AceOptions::targets_per_theta (pairs per θ per epoch)
  std::string ace_loss = "squared"; // AceOptions::loss (squared, poisson)
  // --restrict, --restrict-first, --restrict-false-negatives (restrict_option.hpp); total and
  // seed are filled in where the simulations are drawn.
  std::optional<inference::RestrictionSettings> restriction;
  std::string out;                  // run folder
};

// The ACE paper's reference β values per task; {1, 10, 100} for other tasks.
std::vector<double> reference_betas(const std::string& task);
// A seed for the draws at one β: `base` mixed with β's bit pattern, so a β draws the same
// wherever it stands in --betas (a β re-sampled in another list, or read back with
// --ace-models, reproduces its draws).
std::uint64_t beta_seed(std::uint64_t base, double beta);

// Checks every output file option given (core/atomic_file.hpp check_output_path: its folder
// exists, it is not a folder, link or device) and that none names the same file as an input
// option (comma lists allowed) or another output, before any work: UsageError naming the option.
void check_output_options(const Args& args, const std::vector<std::string>& outputs,
                          const std::vector<std::string>& inputs);

// ValueError listing every {"error": ...} entry of a run's result JSON (a posterior that failed,
// a metric that could not be computed) so that such a run exits non-zero; nothing when none.
void require_no_failed_results(const nlohmann::json& result, const std::string& out);

// "a,b,,c" → {"a", "b", "c"} (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

// "1,10,100" → {1, 10, 100}; UsageError on anything else.
std::vector<double> parse_number_list(const std::string& text, const std::string& option);

// θ (n × d) → x, in chunks with a progress bar; row i uses Rng(seed, i) exactly as
// Task::simulate does, so chunking changes nothing.
MatrixD simulate_with_progress(const sim::Task& task, const MatrixD& theta, std::uint64_t seed,
                               const Log& log);

// n prior draws (seed derive_seed(seed, 1)) and their simulations (derive_seed(seed, 2)), as a
// timed stage with a progress bar: the simulation step every job shares.
struct SimulationSet {
  MatrixD theta, x;
  double seconds = 0;        // wall-clock seconds this job spent simulating them (0 if read back)
  double seconds_saved = 0;  // a set read back: what simulating these rows took when it was saved
};
SimulationSet simulate_from_prior(const sim::Task& task, Index n, std::uint64_t seed, const Log& log);

struct Observation {
  std::string name;            // "well_specified", "misspecified", or from a file
  RowVectorD x;
  bool has_truth = false;
  RowVectorD theta;            // the θ that generated x (well-specified only)
};

// One well-specified observation (a prior draw's simulation) and one misspecified one.
std::vector<Observation> default_observations(const sim::Task& task, std::uint64_t seed,
                                              Index num_range_sims, const Log& log);

// The options every command shares: --threads and --config, and with `verbosity` also --quiet
// and --verbose.
void add_common_options(Args& args, bool verbosity = true);
// Parses the command line; prints the help and returns false on --help; then applies
// --config (the command line wins) and --threads.
bool parse_command_line(Args& args, const std::vector<std::string>& words);
// The verbosity chosen by --quiet / --verbose.
Log log_from(const Args& args);

// Creates the folder (and parents); IOError if it cannot.
void make_folder(const std::string& path);
void write_json(const std::string& path, const nlohmann::json& j);
std::string format_number(double v);  // "100", "0.5": for file names

}  // namespace sbi::cli
