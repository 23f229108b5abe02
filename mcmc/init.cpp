// Chain initialisation: prior draws, sampling-importance-resampling, given points.
#include "mcmc/init.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "core/errors.hpp"
#include "mcmc/rng_streams.hpp"

namespace sbi::mcmc {

namespace {

MatrixD draw_prior(const PriorSampler& prior, Index n, Rng& rng, const char* what) {
  if (!prior) throw ValueError(std::string(what) + ": no prior sampler given");
  MatrixD draws = prior(n, rng);
  if (draws.rows() != n)
    throw ShapeError(std::string(what) + ": prior sampler returned " + shape_of(draws) +
                     " for " + std::to_string(n) + " draws");
  return draws;
}
}  // namespace

MatrixD init_from_prior(const PriorSampler& prior, Index num_chains, std::uint64_t seed) {
  Rng rng(derive_seed(seed, streams::kInitFromPrior), 0);
  return draw_prior(prior, num_chains, rng, "init_from_prior");
}

MatrixD init_sir(const PriorSampler& prior, const LogDensity& potential, Index num_chains,
                 std::uint64_t seed, const SirSettings& options, const LogDensity* log_proposal) {
  if (options.num_candidates < 1 || options.batch_size < 1)
    throw ValueError("init_sir: num_candidates and batch_size must be >= 1, got " +
                     std::to_string(options.num_candidates) + " and " +
                     std::to_string(options.batch_size));
  Rng rng(derive_seed(seed, streams::kInitSir), 0);
  const MatrixD candidates = draw_prior(prior, options.num_candidates, rng, "init_sir");
  DensityEvaluator target(potential);
  std::vector<double> log_w(options.num_candidates);
  VectorD lp, lq;
  for (Index start = 0; start < options.num_candidates; start += options.batch_size) {
    const Index n = std::min(options.batch_size, options.num_candidates - start);
    const auto block = candidates.middleRows(start, n);
    lp.resize(n);
    target.value(block, lp);
    if (log_proposal != nullptr) {
      DensityEvaluator proposal(*log_proposal);
      lq.resize(n);
      proposal.value(block, lq);
      lp -= lq;
    }
    for (Index k = 0; k < n; ++k)
      log_w[start + k] = std::isfinite(lp[k]) ? lp[k] : -std::numeric_limits<double>::infinity();
  }
  double max_w = -std::numeric_limits<double>::infinity();
  for (double w : log_w) max_w = std::max(max_w, w);
  if (!std::isfinite(max_w))
    throw ValueError("init_sir: none of the " + std::to_string(options.num_candidates) +
                     " prior candidates has a finite log-density");
  std::vector<double> weights(log_w.size());
  for (std::size_t k = 0; k < log_w.size(); ++k) weights[k] = std::exp(log_w[k] - max_w);
  MatrixD init(num_chains, candidates.cols());
  for (Index c = 0; c < num_chains; ++c)
    init.row(c) = candidates.row(static_cast<Index>(rng.categorical(weights)));
  return init;
}

MatrixD init_given(const MatrixD& points, Index num_chains, Index dim) {
  require_shape("mcmc initial points", points, num_chains, dim);
  require_finite("mcmc initial points", points);
  return points;
}

VectorD check_initial_points(DensityEvaluator& density, const MatrixD& init, Index num_chains) {
  require_shape("mcmc initial points", init, num_chains, density.dim());
  require_finite("mcmc initial points", init);
  VectorD logp(init.rows());
  density.value(init, logp);
  for (Index c = 0; c < num_chains; ++c)
    if (!std::isfinite(logp[c]))
      throw ValueError("mcmc: initial point of chain " + std::to_string(c) +
                       " has log-density -inf or NaN; start inside the support");
  return logp;
}

}  // namespace sbi::mcmc
