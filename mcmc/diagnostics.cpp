// Split-R̂, rank normalisation and effective sample size (formulas in diagnostics.hpp).
#include "mcmc/diagnostics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/errors.hpp"

namespace sbi::mcmc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require_chains(const MatrixD& chains, Index min_draws, const char* what) {
  if (chains.rows() < 1 || chains.cols() < min_draws)
    throw ValueError(std::string(what) + ": need at least 1 chain of " +
                     std::to_string(min_draws) + " draws, got " + shape_of(chains));
  require_finite(what, chains);
}

// Autocovariance of one chain (row) at lag t, biased estimator (divide by N).
double autocovariance(const MatrixD& chains, Index c, double mean, Index t) {
  const Index n = chains.cols();
  double s = 0.0;
  for (Index i = 0; i + t < n; ++i) s += (chains(c, i) - mean) * (chains(c, i + t) - mean);
  return s / static_cast<double>(n);
}

}  // namespace

MatrixD split_chains(const MatrixD& chains) {
  const Index m = chains.rows(), n = chains.cols(), half = n / 2;
  MatrixD out(2 * m, half);
  for (Index c = 0; c < m; ++c) {
    out.row(2 * c) = chains.row(c).head(half);
    out.row(2 * c + 1) = chains.row(c).tail(half);
  }
  return out;
}

MatrixD rank_normalize(const MatrixD& chains) {
  const Index s = chains.size();
  std::vector<Index> idx(s);
  std::iota(idx.begin(), idx.end(), 0);
  const double* v = chains.data();
  std::stable_sort(idx.begin(), idx.end(), [&](Index a, Index b) { return v[a] < v[b]; });
  MatrixD out(chains.rows(), chains.cols());
  double* o = out.data();
  const boost::math::normal_distribution<double> normal;
  for (Index i = 0; i < s;) {
    Index j = i;
    while (j + 1 < s && v[idx[j + 1]] == v[idx[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1.0;  // average 1-based rank of ties
    const double p = (rank - 0.375) / (static_cast<double>(s) + 0.25);
    const double z = boost::math::quantile(normal, p);
    for (Index k = i; k <= j; ++k) o[idx[k]] = z;
    i = j + 1;
  }
  return out;
}

double split_rhat(const MatrixD& chains) {
  require_chains(chains, 4, "split_rhat");
  const MatrixD sc = split_chains(chains);
  const Index m = sc.rows(), n = sc.cols();
  const VectorD means = sc.rowwise().mean();
  double w = 0.0;
  for (Index c = 0; c < m; ++c) w += (sc.row(c).array() - means[c]).square().sum() / (n - 1);
  w /= static_cast<double>(m);
  const double grand = means.mean();
  const double b_over_n = (means.array() - grand).square().sum() / static_cast<double>(m - 1);
  if (!(w > 0)) return kNaN;
  const double var_plus = (n - 1.0) / n * w + b_over_n;
  return std::sqrt(var_plus / w);
}

double rank_normalized_split_rhat(const MatrixD& chains) {
  require_chains(chains, 4, "rank_normalized_split_rhat");
  const double bulk = split_rhat(rank_normalize(chains));
  std::vector<double> all(chains.data(), chains.data() + chains.size());
  std::nth_element(all.begin(), all.begin() + all.size() / 2, all.end());
  const double median = all[all.size() / 2];
  const MatrixD folded = (chains.array() - median).abs().matrix();
  const double tail = split_rhat(rank_normalize(folded));
  return std::max(bulk, tail);
}

double effective_sample_size(const MatrixD& chains) {
  const Index m = chains.rows(), n = chains.cols();
  if (n < 4) return kNaN;
  const VectorD means = chains.rowwise().mean();
  double mean_var = 0.0;
  for (Index c = 0; c < m; ++c) mean_var += autocovariance(chains, c, means[c], 0);
  mean_var = mean_var / m * n / (n - 1.0);
  double var_plus = mean_var * (n - 1.0) / n;
  if (m > 1) {
    const double grand = means.mean();
    var_plus += (means.array() - grand).square().sum() / (m - 1.0);
  }
  if (!(var_plus > 0)) return kNaN;
  auto rho = [&](Index t) {
    double acov = 0.0;
    for (Index c = 0; c < m; ++c) acov += autocovariance(chains, c, means[c], t);
    return 1.0 - (mean_var - acov / m) / var_plus;
  };
  std::vector<double> r(n + 2, 0.0);
  r[0] = 1.0;
  double even = 1.0, odd = rho(1);
  r[1] = odd;
  Index s = 1;
  while (s < n - 4 && even + odd > 0.0) {
    even = rho(s + 1);
    odd = rho(s + 2);
    if (even + odd >= 0.0) {
      r[s + 1] = even;
      r[s + 2] = odd;
    }
    s += 2;
  }
  const Index max_s = s;
  if (even > 0.0) r[max_s + 1] = even;
  // Initial monotone sequence: pair sums may not increase.
  for (Index k = 1; k <= max_s - 3; k += 2) {
    if (r[k + 1] + r[k + 2] > r[k - 1] + r[k]) {
      r[k + 1] = 0.5 * (r[k - 1] + r[k]);
      r[k + 2] = r[k + 1];
    }
  }
  double tau = -1.0;
  for (Index k = 0; k <= max_s; ++k) tau += 2.0 * r[k];
  tau += r[max_s + 1];
  const double total = static_cast<double>(m * n);
  tau = std::max(tau, 1.0 / std::log10(total));
  return total / tau;
}

double ess_mean(const MatrixD& chains) {
  require_chains(chains, 8, "ess_mean");
  return effective_sample_size(split_chains(chains));
}

double ess_bulk(const MatrixD& chains) {
  require_chains(chains, 8, "ess_bulk");
  return effective_sample_size(rank_normalize(split_chains(chains)));
}

}  // namespace sbi::mcmc
