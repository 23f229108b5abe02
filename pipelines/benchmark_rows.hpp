// Rows of the sbibm benchmark: one scored observation per row, how a row is
// scored (C2ST, MMD, NRMSE against the reference draws; NLTP where the posterior is normalised
// and θ* is known), the optional --save-samples files, and the results CSV plus markdown table.
#pragma once
#include <string>
#include <vector>

#include "pipelines/progress.hpp"
#include "core/tensor.hpp"
#include "diagnostics/c2st.hpp"
#include "inference/posterior.hpp"

namespace sbi::pipelines {

struct Scored {
  std::string task, method, estimator;
  Index sims;
  int observation;
  double c2st = NAN, mmd = NAN, median_distance = NAN, nltp = NAN, nrmse = NAN;
  double seconds_simulating = 0, seconds_training = 0, seconds_sampling = 0;
};

// C2ST, MMD and NRMSE against the reference draws (when there are any), NLTP when the
// posterior is normalised and θ* is known.
void score(Scored& row, const MatrixD& draws, const MatrixD& reference, const RowVectorD& theta_true,
           const inference::Posterior* posterior, const diagnostics::C2stSettings& c2st_options);

// `folder` (when not empty): the observation's posterior draws as DIR/<task>_<label>_<sims>_obs<k>.csv
// (one θ per row), so that they can be scored again later (e.g. with 'sbi metrics c2st').
// The label is the method, with the density estimator appended for the methods that take
// --estimator (npe-nsf, nle-maf, mf-npe-nsf, tsnpe-nsf, ...). `sbi benchmark` also saves the
// reference draws there as DIR/<task>_reference_obs<k>.csv.
void save_draws(const std::string& folder, const Log& log, const std::string& task, const std::string& method,
                const std::string& estimator, Index sims, int observation, const MatrixD& draws);
void save_draws(const std::string& folder, const Log& log, const Scored& row, const MatrixD& draws);

void log_row(const Log& log, const Scored& row);

// A row's numbers (observation, metrics, seconds) as kScoredWidth doubles, and back onto a row
// that carries the shared fields (task, method, estimator, sims): observations scored on other
// MPI ranks travel this way (core/rank_split.hpp).
inline constexpr Index kScoredWidth = 9;
void scored_to_numbers(const Scored& row, double* out);
Scored scored_from_numbers(const Scored& base, const RowVectorD& numbers);

// The columns of the results CSV.
inline constexpr const char* kBenchmarkColumns =
    "task,method,estimator,sims,observation,c2st,mmd,median_distance,nltp,nrmse,seconds_simulating,"
    "seconds_training,seconds_sampling,seed";

// Appends the rows to `out` (header when new) and writes `markdown` (means per budget) when
// not empty. `per_observation_runs` (SMC-ABC): each row's simulation seconds count in its total.
void write_benchmark_rows(const std::string& out, const std::string& markdown, std::uint64_t seed,
                          const std::vector<Scored>& rows, const std::string& task, const std::string& method,
                          bool per_observation_runs);

}  // namespace sbi::pipelines
