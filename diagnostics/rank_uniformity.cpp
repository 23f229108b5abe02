// Chi-square and Kolmogorov–Smirnov uniformity tests of SBC ranks (see rank_uniformity.hpp).
#include "diagnostics/rank_uniformity.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/special_functions/gamma.hpp>

#include "core/errors.hpp"

namespace sbi::diagnostics {

Index default_rank_bins(Index num_ranks, Index num_posterior_samples) {
  const Index most = std::min<Index>(20, num_posterior_samples + 1);
  return std::max<Index>(2, std::min<Index>(most, num_ranks / 10));
}

double chi_square_pvalue(double chi_square, double dof) {
  if (!(dof > 0)) throw ValueError("chi-square p-value needs positive degrees of freedom, got " + std::to_string(dof));
  if (chi_square <= 0) return 1.0;
  return boost::math::gamma_q(dof / 2.0, chi_square / 2.0);
}

double kolmogorov_tail(double lambda) {
  if (lambda < 0.2) return 1.0;  // the series converges slowly there; Q_KS(0.2) = 1 - 1e-20
  double sum = 0, sign = 1;
  for (int j = 1; j <= 100; ++j) {
    const double term = std::exp(-2.0 * j * j * lambda * lambda);
    sum += sign * term;
    if (term < 1e-16) break;
    sign = -sign;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

UniformityTest rank_uniformity(const VectorD& ranks, Index num_posterior_samples, Index bins) {
  const Index L = ranks.size(), N = num_posterior_samples;
  if (L < 1) throw ValueError("rank uniformity test: no ranks given");
  if (N < 1) throw ValueError("rank uniformity test: need at least 1 posterior sample, got " + std::to_string(N));
  std::vector<Index> counts_by_rank(static_cast<std::size_t>(N + 1), 0);
  for (Index i = 0; i < L; ++i) {
    const double r = ranks(i);
    if (!(r >= 0 && r <= double(N) && r == std::floor(r)))
      throw ValueError("rank uniformity test: rank " + std::to_string(r) + " at " + std::to_string(i) +
                       " is not an integer in [0, " + std::to_string(N) + "]");
    ++counts_by_rank[static_cast<std::size_t>(r)];
  }
  UniformityTest t;
  t.bins = bins > 0 ? std::min<Index>(bins, N + 1) : default_rank_bins(L, N);
  if (t.bins < 2) throw ValueError("rank uniformity test: need at least 2 bins, got " + std::to_string(t.bins));

  // Chi-square over bins with their exact probabilities.
  std::vector<double> observed(static_cast<std::size_t>(t.bins), 0), values(static_cast<std::size_t>(t.bins), 0);
  for (Index r = 0; r <= N; ++r) {
    const auto b = static_cast<std::size_t>(r * t.bins / (N + 1));
    observed[b] += double(counts_by_rank[static_cast<std::size_t>(r)]);
    values[b] += 1;
  }
  for (std::size_t b = 0; b < observed.size(); ++b) {
    const double expected = double(L) * values[b] / double(N + 1);
    t.chi_square += (observed[b] - expected) * (observed[b] - expected) / expected;
  }
  t.chi_square_pvalue = chi_square_pvalue(t.chi_square, double(t.bins - 1));

  // Kolmogorov–Smirnov against the discrete uniform CDF.
  double cumulative = 0;
  for (Index k = 0; k <= N; ++k) {
    cumulative += double(counts_by_rank[static_cast<std::size_t>(k)]);
    t.ks_statistic = std::max(t.ks_statistic, std::abs(cumulative / double(L) - double(k + 1) / double(N + 1)));
  }
  const double root = std::sqrt(double(L));
  t.ks_pvalue = kolmogorov_tail((root + 0.12 + 0.11 / root) * t.ks_statistic);
  return t;
}

}  // namespace sbi::diagnostics
