// Warm-up adaptation shared by HMC and NUTS (see gradient_warmup.hpp).
#include "mcmc/gradient_warmup.hpp"

#include "core/errors.hpp"
#include "mcmc/init.hpp"

namespace sbi::mcmc {

PhaseState start_gradient_chains(const char* sampler, DensityEvaluator& eval, const MatrixD& init,
                                 Index num_chains) {
  if (!eval.has_gradient())
    throw ValueError(std::string(sampler) + ": the log-density has no gradient (value_and_grad)");
  check_initial_points(eval, init, num_chains);
  PhaseState state;
  state.resize(num_chains, eval.dim());
  state.x = init;
  eval.value_and_grad(state.x, state.logp, state.grad);
  return state;
}

std::vector<Rng> chain_streams(const McmcRunSettings& options) {
  std::vector<Rng> rngs;
  for (Index c = 0; c < options.num_chains; ++c) rngs.emplace_back(options.seed, options.stream_of(c));
  return rngs;
}

GradientWarmup::GradientWarmup(Index chains, Index dim, double initial_step, double target_accept,
                               Index warmup_steps, bool adapt_step, bool adapt_mass)
    : inv_mass(MatrixD::Ones(chains, dim)), step(VectorD::Constant(chains, initial_step)),
      warmup_steps_(warmup_steps), adapt_step_(adapt_step), adapt_mass_(adapt_mass),
      moments_(static_cast<std::size_t>(chains), WelfordVariance(dim)),
      windows_(warmup_steps, adapt_mass) {
  for (Index c = 0; c < chains; ++c) dual_.emplace_back(initial_step, target_accept);
}

void GradientWarmup::start(Leapfrog& leapfrog, const PhaseState& state, std::vector<Rng>& rngs) {
  if (!adapt_step_ || warmup_steps_ == 0) return;
  find_reasonable_step(leapfrog, state, inv_mass, rngs, step, search_);
  for (Index c = 0; c < step.size(); ++c) dual_[static_cast<std::size_t>(c)].restart(step[c]);
}

void GradientWarmup::observe(Index it, Index c, double alpha, const PhaseState& state) {
  if (adapt_step_) step[c] = dual_[static_cast<std::size_t>(c)].update(alpha);
  if (windows_.in_slow_window(it)) moments_[static_cast<std::size_t>(c)].add(state.x.row(c));
}

void GradientWarmup::end_step(Index it, Leapfrog& leapfrog, const PhaseState& state,
                              std::vector<Rng>& rngs) {
  if (it < warmup_steps_ && windows_.window_ends(it)) {
    for (Index c = 0; c < inv_mass.rows(); ++c) {
      auto& m = moments_[static_cast<std::size_t>(c)];
      m.regularized_variance_into(inv_mass.row(c));
      m.reset(inv_mass.cols());
    }
    if (adapt_step_) {
      find_reasonable_step(leapfrog, state, inv_mass, rngs, step, search_);
      for (Index c = 0; c < step.size(); ++c) dual_[static_cast<std::size_t>(c)].restart(step[c]);
    }
  }
  if (it + 1 == warmup_steps_ && adapt_step_)
    for (Index c = 0; c < step.size(); ++c) step[c] = dual_[static_cast<std::size_t>(c)].final_step();
}

}  // namespace sbi::mcmc
