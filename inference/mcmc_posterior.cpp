// MCMC-sampled posteriors (see mcmc_posterior.hpp).
#include "inference/mcmc_posterior.hpp"

#include "core/errors.hpp"
#include "mcmc/init.hpp"
#include "mcmc/metropolis.hpp"
#include "mcmc/slice.hpp"

namespace sbi::inference {

McmcPosterior::McmcPosterior(sim::PriorPtr prior, mcmc::LogDensity log_potential,
                             McmcSettings settings, std::string description)
    : prior_(std::move(prior)), potential_(std::move(log_potential)),
      settings_(std::move(settings)), description_(std::move(description)) {
  if (!prior_) throw ValueError("McmcPosterior: a prior is required");
  if (potential_.dim != prior_->dim())
    throw ShapeError("McmcPosterior: the potential has dimension " + std::to_string(potential_.dim) +
                     ", the prior " + std::to_string(prior_->dim()));
  has_log_prob_ = true;
}

VectorD McmcPosterior::log_prob(const MatrixD& theta) const {
  require_shape("posterior log_prob: theta", theta, -1, dim());
  VectorD out;
  potential_.value(theta, out);
  mcmc::sanitize_log_density(out, nullptr);
  return out;
}

MatrixD McmcPosterior::sample(Index n, std::uint64_t seed) const {
  if (n <= 0) throw ValueError("posterior sample: the number of samples must be positive");
  auto bijection = std::make_shared<PriorBijection>(prior_);
  const mcmc::LogDensity in_z = mcmc::unconstrained_density(potential_, bijection);
  const mcmc::PriorSampler prior_sampler = [this](Index count, Rng& rng) {
    return prior_->sample(count, rng.next_u64());
  };
  mcmc::SirOptions sir;
  sir.num_candidates = settings_.init_candidates;
  const MatrixD init_theta =
      mcmc::init_sir(prior_sampler, potential_, settings_.num_chains, derive_seed(seed, 1), sir);
  const MatrixD init_z = bijection->to_unconstrained(init_theta);

  mcmc::McmcOptions options;
  options.num_chains = settings_.num_chains;
  options.num_samples = n;
  options.warmup_steps = settings_.warmup_steps;
  options.thin = settings_.thin;
  options.seed = derive_seed(seed, 2);
  options.on_step = settings_.on_step;
  if (settings_.sampler == "slice") last_run_ = mcmc::slice_sample(in_z, init_z, options);
  else if (settings_.sampler == "metropolis") last_run_ = mcmc::metropolis_sample(in_z, init_z, options);
  else throw ValueError("unknown MCMC sampler '" + settings_.sampler + "' (slice, metropolis)");
  return bijection->from_unconstrained(last_run_.flat(n));
}

}  // namespace sbi::inference
