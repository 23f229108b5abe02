// Truncated-prior proposal for TSNPE (see truncated_prior.hpp).
#include "inference/truncated_prior.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "core/errors.hpp"

namespace sbi::inference {

double truncation_threshold(const LogDensityFn& log_density, const MatrixD& samples, double quantile) {
  if (!(quantile >= 0.0 && quantile < 1.0))
    throw ValueError("truncation_threshold: quantile must be in [0, 1), got " + std::to_string(quantile));
  if (samples.rows() == 0) throw ValueError("truncation_threshold: no posterior samples");
  const VectorD lp = log_density(samples);
  if (lp.size() != samples.rows())
    throw ShapeError("truncation_threshold: log density returned " + std::to_string(lp.size()) + " values for " +
                     std::to_string(samples.rows()) + " samples");
  std::vector<double> finite;
  finite.reserve(static_cast<std::size_t>(lp.size()));
  for (Index i = 0; i < lp.size(); ++i)
    if (std::isfinite(lp(i))) finite.push_back(lp(i));
  if (finite.empty())
    throw ValueError("truncation_threshold: log q is not finite at any of the " + std::to_string(samples.rows()) +
                     " posterior samples");
  const auto k = static_cast<std::size_t>(std::floor(quantile * double(finite.size())));
  std::nth_element(finite.begin(), finite.begin() + static_cast<std::ptrdiff_t>(k), finite.end());
  return finite[k];
}

double truncation_threshold(const Posterior& posterior, Index num_samples, double quantile, std::uint64_t seed) {
  const MatrixD draws = posterior.sample(num_samples, seed);
  return truncation_threshold([&posterior](const MatrixD& t) { return posterior.log_prob(t); }, draws, quantile);
}

TruncatedSample sample_truncated_prior(const sim::Prior& prior, const LogDensityFn& log_density,
                                       double threshold, Index n, std::uint64_t seed, Index max_proposals) {
  if (n < 0) throw ValueError("sample_truncated_prior: negative sample count " + std::to_string(n));
  TruncatedSample out;
  out.theta.resize(n, prior.dim());
  Index have = 0, accepted = 0;  // accepted counts every draw in the region, also beyond n
  while (have < n) {
    if (out.proposed >= max_proposals) {
      std::ostringstream msg;
      msg << "sample_truncated_prior: only " << have << " of " << n << " draws accepted after " << out.proposed
          << " prior draws (threshold log q >= " << threshold << "); the region {log q >= threshold} has almost "
          << "no prior mass under " << prior.describe();
      throw ValueError(msg.str());
    }
    // Size the batch from the acceptance seen so far (at least 1,000, at most 1,000,000 draws).
    const double rate = accepted > 0 ? double(accepted) / double(out.proposed) : 0.01;
    const double want = std::ceil(double(n - have) / rate * 1.2);
    const Index m = std::clamp<Index>(static_cast<Index>(std::min(want, 1e6)), 1000, 1000000);
    const MatrixD candidates = prior.sample(m, seed, static_cast<std::uint64_t>(out.proposed));
    const VectorD lp = log_density(candidates);
    if (lp.size() != m)
      throw ShapeError("sample_truncated_prior: log density returned " + std::to_string(lp.size()) + " values for " +
                       std::to_string(m) + " prior draws");
    out.proposed += m;
    for (Index i = 0; i < m; ++i) {
      if (!(lp(i) >= threshold)) continue;
      ++accepted;
      if (have < n) out.theta.row(have++) = candidates.row(i);
    }
  }
  // The acceptance rate over every prior draw examined (an estimate of the region's prior mass).
  out.acceptance_rate = out.proposed > 0 ? double(accepted) / double(out.proposed) : 1.0;
  return out;
}

}  // namespace sbi::inference
