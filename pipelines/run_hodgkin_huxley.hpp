// The job of `sbi fit-recordings --recording FILES`: fit Allen recordings with ACE
// (GBI, mean absolute error on z-scored summary statistics, every β) and with NPE, both trained
// once on one shared simulation set from the prior (so with several recordings the ACE network
// is amortized: all recordings' statistics join its target set as known observations, and each
// cell is then inferred without retraining). Every posterior is checked by posterior-predictive
// simulations: the metric is the mean over predictive simulations of
//   MAE_z(x, x_o) = (1/7) Σ_d |x_d − x_o,d| / s_d,   s_d = sd of statistic d over the training
// simulations, the same distance ACE learns. The prior-predictive value (the training
// simulations themselves) is the baseline every method must beat.
// Writes summary.json, metrics.csv, samples, model.sbi (ACE), npe.sbi (NPE), traces_*.svg and
// statistics_*.svg.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "pipelines/job.hpp"

namespace sbi::pipelines {

struct HHJobSettings {
  JobSettings job;                  // sims, seed, betas, num_samples, predictive_sims, training
  std::string recording;            // comma-separated files and/or folders
  int npe_max_epochs = 1 << 30;     // NPE trains until its patience (20) runs out
  int npe_batch_size = 200;         // sbi's default
  bool save_simulations = false;    // write the simulation set to the run folder
  std::string simulations_from;     // non-empty: read the simulation set from this folder
  std::string ace_models_from;      // non-empty: load ACE's network(s) from this run folder
  Index traces_per_method = 3;      // predictive traces drawn per method in the trace figure
  bool run_npe = true;
};

nlohmann::json run_hodgkin_huxley_job(const HHJobSettings& settings, const Log& log);

}  // namespace sbi::pipelines
