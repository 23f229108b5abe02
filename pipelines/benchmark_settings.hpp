// The settings of a benchmark run (`sbi benchmark`, or a C++ program calling
// run_benchmark): the sbibm protocol's method, budgets and observations, the ACE table's β, cost
// checks and network, and the multifidelity methods' low-fidelity task and rounds. One struct
// for the three tables, so that a front end fills it once and run_benchmark picks the table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "core/tensor.hpp"
#include "diagnostics/c2st.hpp"
#include "inference/ace.hpp"
#include "inference/posterior_estimator.hpp"
#include "sequential/restricted_simulation.hpp"
#include "pipelines/train_method.hpp"

namespace sbi::pipelines {

struct BenchmarkSettings {
  std::string method = "npe";      // npe, nle, nre, nre-b, nre-c, rej-abc, smc-abc, ace, or a multifidelity one
  std::vector<Index> budgets = {10000};  // simulation budgets (one table row group each)
  std::vector<int> observations;   // observation numbers (1-based)
  std::string reference_dir;       // sbibm-layout folder; empty: the engine's own observations
  Index num_samples = 10000;       // posterior draws per observation
  Index predictive_sims = 1000;    // posterior-predictive simulations per observation
  std::uint64_t seed = 0;
  int max_epochs = 100000;         // training epochs at most
  TrainingOverrides training;      // the user's --patience, --batch-size, --lr (and --max-epochs)
  inference::McmcSettings mcmc;    // the MCMC of nle / nre* posteriors (and of snle / snre* proposals)
  std::string estimator = "maf";   // npe / nle / multifidelity density estimator
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;
  nn::EmbeddingSpec embedding;     // npe, nle, nre, nre-b, nre-c (not the ACE tables)
  // Training simulations restricted to valid ones (npe, nle, nre, nre-b, nre-c, rej-abc); observations
  // that break the rule are skipped (the model learns valid simulations only).
  std::optional<inference::RestrictedSimulationSettings> restriction;
  diagnostics::C2stSettings c2st;
  std::string out;                 // results CSV (appended to)
  Device device = Device::Cpu;     // --device: cuda is refused here today (pipelines/device_backend.hpp)
  std::string markdown;            // empty: no markdown table
  std::string save_samples;        // empty: draws are not saved
  // The ACE table (method "ace").
  std::vector<double> betas;       // empty: the task's reference values
  Index cost_thetas = 200, cost_sims = 1000, range_sims = 100000;
  bool cost_monte_carlo = false;   // the Monte-Carlo true cost even where a closed form exists
  Index ace_members = 1;
  bool ace_per_term = false;
  Index ace_hidden = 64, ace_blocks = 3;
  inference::AceLoss ace_loss = inference::AceLoss::Squared;
  // The multifidelity methods (tsnpe, mf-npe, mf-tsnpe, a-mf-tsnpe).
  Index lf_sims = 10000;
  std::string lf_task;             // empty: <task>_lf
  int rounds = 0;                  // 0: 10 for snpe-c, snpe-b, snle, snre, snre-b, snre-c (sbibm), 5 for the others
  Index atoms = 10;                // snpe-c: atoms per row of the atomic loss (sbi's default)
};

}  // namespace sbi::pipelines
