// Expected coverage from HPD or marginal statistics (see coverage.hpp).
#include "diagnostics/coverage.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace sbi::diagnostics {

double hpd_statistic(const VectorD& log_prob_draws, double log_prob_truth) {
  const Index n = log_prob_draws.size();
  if (n < 1) throw ValueError("HPD coverage statistic: no posterior draws");
  if (std::isnan(log_prob_truth)) throw ValueError("HPD coverage statistic: log q(theta*) is NaN");
  double denser = 0;
  for (Index j = 0; j < n; ++j) {
    const double lp = log_prob_draws(j);
    if (lp > log_prob_truth) denser += 1;
    else if (lp == log_prob_truth) denser += 0.5;
  }
  return (denser + 0.5) / double(n + 1);
}

MatrixD marginal_statistics(const MatrixD& ranks, Index num_posterior_samples) {
  if (num_posterior_samples < 1) throw ValueError("marginal coverage statistic: no posterior draws");
  MatrixD u(ranks.rows(), ranks.cols());
  for (Index i = 0; i < ranks.rows(); ++i)
    for (Index d = 0; d < ranks.cols(); ++d) {
      const double f = (ranks(i, d) + 0.5) / double(num_posterior_samples + 1);
      u(i, d) = std::abs(2.0 * f - 1.0);
    }
  return u;
}

CoverageCurve expected_coverage(const MatrixD& statistics, Index num_levels) {
  if (num_levels < 2) throw ValueError("expected coverage needs at least 2 levels, got " + std::to_string(num_levels));
  if (statistics.size() == 0) throw ValueError("expected coverage: no statistics");
  CoverageCurve c;
  c.levels.resize(num_levels - 1);
  c.coverage.resize(num_levels - 1);
  const double count = double(statistics.size());
  for (Index k = 1; k < num_levels; ++k) {
    const double alpha = double(k) / double(num_levels);
    const double inside = (statistics.array() < alpha).cast<double>().sum();
    c.levels(k - 1) = alpha;
    c.coverage(k - 1) = inside / count;
    c.max_deviation = std::max(c.max_deviation, std::abs(c.coverage(k - 1) - alpha));
  }
  c.signed_area = (c.coverage - c.levels).mean();
  return c;
}

}  // namespace sbi::diagnostics
