// Simulation-based calibration (Talts et al. 2018) and expected coverage for any posterior
// approximation, given as a "posterior builder" callback so that diagnostics need no
// particular inference method:
//   for i = 1..L pairs (θ*_i, x*_i) (θ* ~ p(θ), x* ~ p(x | θ*), made by the caller):
//     q_i = build(x*_i);  θ_1..N ~ q_i (seed derive_seed(seed, i));
//     rank_i,d = #{j : θ_j,d < θ*_i,d}  ∈ {0..N}
//   then per dimension the uniformity tests of rank_uniformity.hpp, and the expected-coverage
//   curve of coverage.hpp (HPD regions when the builder gives log q, else central marginal
//   intervals).
// Pairs whose x* is not finite are skipped (counted). Under MPI the pairs are split over the
// ranks (core/rank_split.hpp) and gathered in pair order; on each rank they run one after
// another, each posterior's sampling possibly parallel; so results depend only on the seed.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/tensor.hpp"
#include "diagnostics/coverage.hpp"
#include "diagnostics/rank_uniformity.hpp"

namespace sbi::diagnostics {

struct CalibrationPosterior {
  std::function<MatrixD(Index n, std::uint64_t seed)> sample;  // n × D draws
  std::function<VectorD(const MatrixD& theta)> log_prob;      // empty: no density
};
using PosteriorBuilder = std::function<CalibrationPosterior(const RowVectorD& x_o)>;

struct CalibrationSettings {
  Index num_posterior_samples = 100;  // N
  Index bins = 0;                     // chi-square bins (0: default_rank_bins)
  Index coverage_levels = 20;         // α = k/20
  bool use_log_prob = true;           // HPD coverage when the posterior has log_prob
  std::uint64_t seed = 0;
};

struct CalibrationResult {
  MatrixD ranks;                          // L' × D (L' = pairs used)
  Index num_posterior_samples = 0;
  Index skipped_nonfinite = 0;
  std::vector<UniformityTest> uniformity;  // per dimension
  bool coverage_from_log_prob = false;
  VectorD log_prob_truth;                  // log q(θ*) per pair when a density was used
  CoverageCurve coverage;

  double min_chi_square_pvalue() const;
  double min_ks_pvalue() const;
};

// theta_true: L × D, x: L × x_dim (same L). ShapeError / ValueError on bad input.
CalibrationResult calibrate(const MatrixD& theta_true, const MatrixD& x, const PosteriorBuilder& build,
                            const CalibrationSettings& options = {});

}  // namespace sbi::diagnostics
