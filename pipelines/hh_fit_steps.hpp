// The steps of the Hodgkin–Huxley recording fit (run_hodgkin_huxley.hpp), each a function on
// the fit's shared state: the posterior-predictive check of one posterior,
//   MAE_z(x, x_o) = (1/7) Σ_d |x_d − x_o,d| / s_d   (mean over the predictive simulations,
//   with its Monte-Carlo standard error sd/√n),
// the prior-predictive baseline, the ACE posterior at one β and the NPE posterior of one
// recording, and one recording's rows (summary.json, metrics.csv) and figures.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inference/ace_ensemble.hpp"
#include "inference/npe.hpp"
#include "pipelines/hh_recordings.hpp"
#include "pipelines/results_files.hpp"
#include "pipelines/run_hodgkin_huxley.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// One posterior's predictive check.
struct Predictive {
  MatrixD theta;  // the draws simulated
  MatrixD x;      // their statistics (may hold non-finite rows)
  double mae = NAN;
  double mae_se = NAN;  // Monte-Carlo standard error of `mae` (sd of the per-simulation MAE / √n)
  Index finite = 0;
};

struct MethodResult {
  std::string method;  // "ace", "npe", "prior"
  double beta = 0;     // ACE only
  std::string label;
  Predictive predictive;
  nlohmann::json json;
};

// What every recording's fit shares, and the sampling times it adds up.
struct HHFit {
  const HHJobSettings& settings;
  const sim::Task& task;
  const HHRecordingSet& recordings;
  const MatrixD& simulations_x;  // the training simulations' statistics
  MatrixD x_finite;              // their finite rows
  RowVectorD sd;                 // the z-scoring scales s_d
  const inference::AceEnsemble* ace = nullptr;
  const inference::Npe* npe = nullptr;  // null: NPE not run
  const Log& log;
  double seconds_ace_sampling = 0, seconds_npe_sampling = 0, seconds_predictive = 0;
};

// The prior, ACE (every β) and NPE results of recording r, with their samples written.
std::vector<MethodResult> fit_recording(HHFit& fit, Index r);

// Recording r's methods as summary.json entries, each also a metrics.csv row; draws the
// statistics and trace figures.
nlohmann::json report_recording(const HHFit& fit, Index r, const std::vector<MethodResult>& results,
                                 OutputText& csv);

// Means of predictive_mae_z over recordings per method (and β), with failed recordings counted.
nlohmann::json mean_predictive_mae(const nlohmann::json& per_recording, const Log& log);

std::vector<double> to_vector(const RowVectorD& v);

}  // namespace sbi::pipelines
