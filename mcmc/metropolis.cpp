// Adaptive random-walk Metropolis over batched chains.
#include "mcmc/metropolis.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "mcmc/adaptation.hpp"
#include "mcmc/init.hpp"

namespace sbi::mcmc {

McmcResult metropolis_sample(const LogDensity& density, const MatrixD& init,
                             const McmcRunSettings& options, const MetropolisSettings& mh) {
  options.validate();
  if (!(mh.initial_scale > 0) || !(mh.target_accept > 0 && mh.target_accept < 1))
    throw ValueError("metropolis_sample: need initial_scale > 0 and 0 < target_accept < 1, got " +
                     std::to_string(mh.initial_scale) + " and " +
                     std::to_string(mh.target_accept));
  DensityEvaluator eval(density);
  const Index n = options.num_chains, dim = density.dim;
  VectorD logp = check_initial_points(eval, init, n);
  MatrixD x = init, proposal(n, dim);
  VectorD proposal_logp(n);

  std::vector<Rng> rngs;
  for (Index c = 0; c < n; ++c) rngs.emplace_back(options.seed, options.stream_of(c));
  std::vector<MatrixD> chol(n, MatrixD::Identity(dim, dim));
  std::vector<WelfordVariance> moments(n, WelfordVariance(dim));
  VectorD log_scale = VectorD::Constant(n, std::log(mh.initial_scale));
  VectorD log_scale_sum = VectorD::Zero(n), accepted = VectorD::Zero(n);
  const WarmupWindows windows(options.warmup_steps, mh.adapt_covariance);
  // The final scale averages log λ over the last fifth of warm-up (Robbins–Monro is noisy).
  const Index average_from = options.warmup_steps - std::max<Index>(1, options.warmup_steps / 5);
  Index averaged = 0;
  bool first_covariance = true;

  McmcResult result;
  result.allocate("metropolis", n, options.draws_per_chain(), dim);
  // Step buffers, allocated once: a draw, its correlated version, and the covariance and
  // Cholesky factorisation used at the end of each adaptation window.
  VectorD z(dim), correlated(dim);
  MatrixD cov(dim, dim);
  Eigen::LLT<MatrixD> llt(dim);
  for (Index step = 0; step < options.total_steps(); ++step) {
    if (options.on_step) options.on_step(step, options.total_steps());
    const bool warmup = step < options.warmup_steps;
    for (Index c = 0; c < n; ++c) {
      for (Index d = 0; d < dim; ++d) z[d] = rngs[c].normal();
      correlated.noalias() = chol[c] * z;
      proposal.row(c) = x.row(c) + std::exp(log_scale[c]) * correlated.transpose();
    }
    eval.value(proposal, proposal_logp);  // one batched call for all chains
    for (Index c = 0; c < n; ++c) {
      const double log_ratio = proposal_logp[c] - logp[c];
      const double alpha = log_ratio >= 0 ? 1.0 : std::exp(log_ratio);  // 0 for -inf
      if (rngs[c].uniform() < alpha) {
        x.row(c) = proposal.row(c);
        logp[c] = proposal_logp[c];
        if (!warmup) accepted[c] += 1.0;
      }
      if (!warmup) continue;
      if (mh.adapt_scale)
        log_scale[c] += std::pow(static_cast<double>(step) + 1.0, -0.6) *
                        (alpha - mh.target_accept);
      if (windows.in_slow_window(step)) moments[c].add(x.row(c));
    }
    if (warmup && step >= average_from) {
      log_scale_sum += log_scale;
      ++averaged;
    }
    if (warmup && windows.window_ends(step)) {
      for (Index c = 0; c < n; ++c) {
        const double m = static_cast<double>(moments[c].count());
        moments[c].covariance_into(cov);
        cov *= m / (m + 5.0);
        cov.diagonal().array() += 1e-3 * (5.0 / (m + 5.0));
        moments[c].reset(dim);
        llt.compute(cov);
        if (llt.info() != Eigen::Success) continue;  // keep the previous proposal
        chol[c] = llt.matrixL();
        if (first_covariance && mh.adapt_scale)
          log_scale[c] = std::log(2.38 / std::sqrt(static_cast<double>(dim)));
      }
      first_covariance = false;
    }
    if (step + 1 == options.warmup_steps && mh.adapt_scale && averaged > 0)
      log_scale = log_scale_sum / static_cast<double>(averaged);
    const Index t = options.kept_draw_index(step);
    if (t >= 0)
      for (Index c = 0; c < n; ++c) result.draw(c, t) = x.row(c);
  }
  result.acceptance_rate = accepted / static_cast<double>(std::max<Index>(1, options.sampling_steps()));
  result.step_size = log_scale.array().exp().matrix();
  result.step_size_name = "proposal scale";
  result.density_calls = eval.calls();
  result.density_rows = eval.rows_evaluated();
  return result;
}

}  // namespace sbi::mcmc
