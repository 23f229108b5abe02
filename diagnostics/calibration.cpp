// SBC ranks, their uniformity tests and expected coverage (see calibration.hpp).
#include "diagnostics/calibration.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "diagnostics/rng_streams.hpp"

namespace sbi::diagnostics {

double CalibrationResult::min_chi_square_pvalue() const {
  double p = 1;
  for (const auto& t : uniformity) p = std::min(p, t.chi_square_pvalue);
  return p;
}

double CalibrationResult::min_ks_pvalue() const {
  double p = 1;
  for (const auto& t : uniformity) p = std::min(p, t.ks_pvalue);
  return p;
}

CalibrationResult calibrate(const MatrixD& theta_true, const MatrixD& x, const PosteriorBuilder& build,
                            const CalibrationOptions& options) {
  const Index L = theta_true.rows(), D = theta_true.cols(), N = options.num_posterior_samples;
  if (x.rows() != L)
    throw ShapeError("calibrate: " + std::to_string(L) + " true parameter rows but " + std::to_string(x.rows()) +
                     " simulation rows");
  if (L < 1 || D < 1) throw ValueError("calibrate: no calibration pairs given");
  if (N < 1) throw ValueError("calibrate: num_posterior_samples must be at least 1, got " + std::to_string(N));
  if (!build) throw ValueError("calibrate: no posterior builder given");
  require_finite("calibrate (true parameters)", theta_true);

  CalibrationResult result;
  result.num_posterior_samples = N;
  MatrixD ranks(L, D);
  std::vector<double> hpd, lp_truth;
  bool density = options.use_log_prob;
  Index used = 0;
  for (Index i = 0; i < L; ++i) {
    if (!x.row(i).allFinite()) {
      ++result.skipped_nonfinite;
      continue;
    }
    const CalibrationPosterior q = build(x.row(i));
    if (!q.sample) throw ValueError("calibrate: the posterior builder returned no sampler");
    const MatrixD draws = q.sample(N, derive_seed(options.seed, streams::kCalibrationDraws.id(static_cast<std::uint64_t>(i))));
    require_shape("calibrate: posterior draws", draws, N, D);
    for (Index d = 0; d < D; ++d)
      ranks(used, d) = double((draws.col(d).array() < theta_true(i, d)).count());
    density = density && static_cast<bool>(q.log_prob);
    if (density) {
      MatrixD both(N + 1, D);
      both.topRows(N) = draws;
      both.row(N) = theta_true.row(i);
      const VectorD lp = q.log_prob(both);
      require_shape("calibrate: posterior log_prob", lp.rows(), 1, N + 1, 1);
      hpd.push_back(hpd_statistic(lp.head(N), lp(N)));
      lp_truth.push_back(lp(N));
    }
    ++used;
  }
  if (used == 0) throw ValueError("calibrate: every simulation was non-finite");
  result.ranks = ranks.topRows(used);
  for (Index d = 0; d < D; ++d)
    result.uniformity.push_back(rank_uniformity(result.ranks.col(d), N, options.bins));
  result.coverage_from_log_prob = density;
  if (density) {
    result.log_prob_truth = Eigen::Map<const VectorD>(lp_truth.data(), Index(lp_truth.size()));
    const MatrixD u = Eigen::Map<const MatrixD>(hpd.data(), Index(hpd.size()), 1);
    result.coverage = expected_coverage(u, options.coverage_levels);
  } else {
    result.coverage = expected_coverage(marginal_statistics(result.ranks, N), options.coverage_levels);
  }
  return result;
}

}  // namespace sbi::diagnostics
