// Ensemble-variance acquisition for A-MF-TSNPE (see active_acquisition.hpp).
#include "inference/active_acquisition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"

namespace sbi::inference {

VectorD ensemble_log_prob_variance(const MatrixD& lp) {
  if (lp.cols() < 2) throw ValueError("ensemble_log_prob_variance: need at least 2 members, got " + std::to_string(lp.cols()));
  VectorD v(lp.rows());
  for (Index i = 0; i < lp.rows(); ++i) {
    if (!lp.row(i).allFinite()) {
      v(i) = -INFINITY;
      continue;
    }
    const double mean = lp.row(i).mean();
    v(i) = (lp.row(i).array() - mean).square().mean();
  }
  return v;
}

std::vector<Index> select_highest_variance(const MatrixD& lp, Index k) {
  if (k < 0 || k > lp.rows())
    throw ValueError("select_highest_variance: asked for " + std::to_string(k) + " of " + std::to_string(lp.rows()) +
                     " candidates");
  const VectorD v = ensemble_log_prob_variance(lp);
  std::vector<Index> order(static_cast<std::size_t>(lp.rows()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&v](Index a, Index b) { return v(a) > v(b); });
  order.resize(static_cast<std::size_t>(k));
  return order;
}

Index acquisition_candidates(Index budget) {
  if (budget <= 1000) return 250;
  if (budget <= 10000) return 2500;
  return 25000;
}

MatrixD acquire_active(const sim::Prior& prior, const EnsemblePosterior& ensemble, Index k, Index num_candidates,
                       std::uint64_t seed) {
  if (num_candidates < k)
    throw ValueError("acquire_active: " + std::to_string(num_candidates) + " candidates cannot give " +
                     std::to_string(k) + " points");
  const MatrixD candidates = prior.sample(num_candidates, seed);
  const std::vector<Index> chosen = select_highest_variance(ensemble.member_log_probs(candidates), k);
  MatrixD out(k, candidates.cols());
  for (Index r = 0; r < k; ++r) out.row(r) = candidates.row(chosen[static_cast<std::size_t>(r)]);
  return out;
}

}  // namespace sbi::inference
