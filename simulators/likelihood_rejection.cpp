// Rejection from the prior with a numerically found likelihood bound (likelihood_rejection.hpp).
#include "simulators/likelihood_rejection.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"
#include "simulators/rejection.hpp"
#include "simulators/rng_streams.hpp"

namespace sbi::sim {

namespace {

constexpr Index kSearchDraws = 20000;
constexpr int kStarts = 8;
constexpr double kMargin = 0.05;

// Maximises g over R^d with the Nelder–Mead simplex method (standard coefficients).
double nelder_mead_max(const std::function<double(const VectorD&)>& g, VectorD start, int iterations) {
  const Index d = start.size();
  std::vector<VectorD> pts(static_cast<std::size_t>(d + 1), start);
  for (Index i = 0; i < d; ++i) pts[i + 1][i] += 0.5;
  std::vector<double> val(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) val[i] = g(pts[i]);
  auto fix = [](double v) { return std::isfinite(v) ? v : -1e300; };
  for (int it = 0; it < iterations; ++it) {
    std::vector<std::size_t> order(pts.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return fix(val[a]) > fix(val[b]); });
    const std::size_t best = order.front(), worst = order.back(), second = order[order.size() - 2];
    VectorD centroid = VectorD::Zero(d);
    for (std::size_t i = 0; i + 1 < order.size(); ++i) centroid += pts[order[i]];
    centroid /= static_cast<double>(d);
    const VectorD reflected = centroid + (centroid - pts[worst]);
    const double fr = fix(g(reflected));
    if (fr > fix(val[best])) {
      const VectorD expanded = centroid + 2.0 * (centroid - pts[worst]);
      const double fe = fix(g(expanded));
      if (fe > fr) { pts[worst] = expanded; val[worst] = fe; } else { pts[worst] = reflected; val[worst] = fr; }
    } else if (fr > fix(val[second])) {
      pts[worst] = reflected;
      val[worst] = fr;
    } else {
      const VectorD contracted = centroid + 0.5 * (pts[worst] - centroid);
      const double fc = fix(g(contracted));
      if (fc > fix(val[worst])) {
        pts[worst] = contracted;
        val[worst] = fc;
      } else {
        for (std::size_t i = 0; i < pts.size(); ++i) {
          if (i == best) continue;
          pts[i] = pts[best] + 0.5 * (pts[i] - pts[best]);
          val[i] = g(pts[i]);
        }
      }
    }
  }
  double m = -INFINITY;
  for (double v : val) m = std::max(m, fix(v));
  return m;
}

}  // namespace

double maximise_log_likelihood(const Prior& prior, const Task::ThetaObsFn& log_likelihood, const RowVectorD& x_o,
                               std::uint64_t seed) {
  const MatrixD draws = prior.sample(kSearchDraws, derive_seed(seed, streams::kLikelihoodMaxSearch));
  const VectorD ll = log_likelihood(draws, x_o);
  std::vector<Index> idx(static_cast<std::size_t>(draws.rows()));
  std::iota(idx.begin(), idx.end(), 0);
  auto fix = [](double v) { return std::isfinite(v) ? v : -1e300; };
  std::partial_sort(idx.begin(), idx.begin() + kStarts, idx.end(),
                    [&](Index a, Index b) { return fix(ll[a]) > fix(ll[b]); });
  double best = fix(ll[idx[0]]);
  const Index d = prior.dim();
  auto g = [&](const VectorD& z) {
    MatrixD theta(1, d);
    prior.from_unconstrained_one(z.data(), theta.data());
    return log_likelihood(theta, x_o)[0];
  };
  for (int s = 0; s < kStarts; ++s) {
    VectorD z(d);
    prior.to_unconstrained_one(draws.row(idx[s]).data(), z.data());
    best = std::max(best, nelder_mead_max(g, z, 400));
  }
  return best;
}

MatrixD likelihood_rejection_sample(const Prior& prior, const Task::ThetaObsFn& log_likelihood,
                                    const RowVectorD& x_o, Index n, std::uint64_t seed, const std::string& what) {
  const double log_bound = maximise_log_likelihood(prior, log_likelihood, x_o, seed) + kMargin;
  if (!std::isfinite(log_bound) || log_bound < -1e299)
    throw ValueError(what + ": the likelihood is zero on all prior draws (observation outside the model's range?)");
  std::atomic<bool> exceeded{false};
  RejectionProblem p;
  p.dim = prior.dim();
  p.what = what;
  p.max_attempts = 10'000'000;
  p.propose = [&prior](double* theta, Rng& rng) { prior.sample_one(theta, rng); };
  p.log_accept = [&](const double* theta) {
    const MatrixD row = Eigen::Map<const MatrixD>(theta, 1, prior.dim());
    const double ll = log_likelihood(row, x_o)[0];
    if (ll > log_bound) exceeded = true;
    return std::isfinite(ll) ? std::min(0.0, ll - log_bound) : -INFINITY;
  };
  MatrixD out = rejection_sample(p, n, derive_seed(seed, streams::kLikelihoodRejection));
  if (exceeded)
    throw ValueError(what + ": a proposal exceeded the likelihood bound " + std::to_string(log_bound) +
                     " (bound search failed; result would be inexact)");
  return out;
}

}  // namespace sbi::sim
