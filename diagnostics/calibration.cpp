// SBC ranks, their uniformity tests and expected coverage (see calibration.hpp).
#include "diagnostics/calibration.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "core/rank_split.hpp"
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
                            const CalibrationSettings& options) {
  const Index L = theta_true.rows(), D = theta_true.cols(), N = options.num_posterior_samples;
  if (x.rows() != L)
    throw ShapeError("calibrate: " + std::to_string(L) + " true parameter rows but " + std::to_string(x.rows()) +
                     " simulation rows");
  if (L < 1 || D < 1) throw ValueError("calibrate: no calibration pairs given");
  if (N < 1) throw ValueError("calibrate: num_posterior_samples must be at least 1, got " + std::to_string(N));
  if (!build) throw ValueError("calibrate: no posterior builder given");
  require_finite("calibrate (true parameters)", theta_true);

  // One row per pair, computed on whichever MPI rank owns the pair (core/rank_split.hpp):
  // [used (0: x* not finite) | D ranks | has log q | HPD statistic | log q(θ*)].
  const bool want_density = options.use_log_prob;
  const Index width = D + 4;
  const MatrixD rows = gather_items_over_ranks(L, width, [&](Index i, double* row) {
    if (!x.row(i).allFinite()) return;
    const CalibrationPosterior q = build(x.row(i));
    if (!q.sample) throw ValueError("calibrate: the posterior builder returned no sampler");
    const MatrixD draws = q.sample(N, derive_seed(options.seed, streams::kCalibrationDraws.id(static_cast<std::uint64_t>(i))));
    require_shape("calibrate: posterior draws", draws, N, D);
    row[0] = 1;
    for (Index d = 0; d < D; ++d) row[1 + d] = double((draws.col(d).array() < theta_true(i, d)).count());
    if (!want_density || !q.log_prob) return;
    MatrixD both(N + 1, D);
    both.topRows(N) = draws;
    both.row(N) = theta_true.row(i);
    const VectorD lp = q.log_prob(both);
    require_shape("calibrate: posterior log_prob", lp.rows(), 1, N + 1, 1);
    row[D + 1] = 1;
    row[D + 2] = hpd_statistic(lp.head(N), lp(N));
    row[D + 3] = lp(N);
  });

  CalibrationResult result;
  result.num_posterior_samples = N;
  MatrixD ranks(L, D);
  std::vector<double> hpd, lp_truth;
  bool density = want_density;
  Index used = 0;
  for (Index i = 0; i < L; ++i) {
    if (rows(i, 0) == 0) {
      ++result.skipped_nonfinite;
      continue;
    }
    ranks.row(used) = rows.row(i).segment(1, D);
    density = density && rows(i, D + 1) != 0;
    hpd.push_back(rows(i, D + 2));
    lp_truth.push_back(rows(i, D + 3));
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
