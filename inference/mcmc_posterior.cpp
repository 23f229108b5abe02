// MCMC-sampled posteriors (see mcmc_posterior.hpp).
#include "inference/mcmc_posterior.hpp"

#include "core/errors.hpp"
#include "inference/rng_streams.hpp"
#include "mcmc/init.hpp"
#include "mcmc/sample.hpp"

namespace sbi::inference {

McmcPosterior::McmcPosterior(sim::PriorPtr prior, mcmc::LogDensity log_potential,
                             McmcSettings settings, std::string description)
    : prior_(std::move(prior)), potential_(std::move(log_potential)),
      settings_(std::move(settings)), description_(std::move(description)) {
  if (!prior_) throw ValueError("McmcPosterior: a prior is required");
  if (potential_.dim != prior_->dim())
    throw ShapeError("McmcPosterior: the potential has dimension " + std::to_string(potential_.dim) +
                     ", the prior " + std::to_string(prior_->dim()));
  const bool gradient_sampler =
      settings_.sampler == mcmc::SamplerKind::Hmc || settings_.sampler == mcmc::SamplerKind::Nuts;
  if (gradient_sampler && !potential_.has_gradient())
    throw ValueError("MCMC sampler '" + mcmc::sampler_name(settings_.sampler) +
                     "' needs the gradient of the potential, which " + description_ +
                     " does not provide; use slice or metropolis");
  has_log_prob_ = true;
}

VectorD McmcPosterior::log_prob(const MatrixD& theta) const {
  require_shape("posterior log_prob: theta", theta, -1, dim());
  VectorD out = mcmc::evaluate(potential_, theta);
  mcmc::sanitize_log_density(out);
  return out;
}

MatrixD McmcPosterior::sample(Index n, std::uint64_t seed) const {
  if (n <= 0) throw ValueError("posterior sample: the number of samples must be positive");
  const auto bijection = std::make_shared<const PriorBijection>(prior_);
  const mcmc::LogDensity in_z = mcmc::unconstrained_density(potential_, bijection);
  const mcmc::PriorSampler prior_sampler = [this](Index count, Rng& rng) {
    return prior_->sample(count, rng.next_u64());
  };
  mcmc::SirSettings sir;
  sir.num_candidates = settings_.init_candidates;
  const MatrixD init_theta =
      chain_starts_.rows() > 0
          ? chain_starts_
          : mcmc::init_sir(prior_sampler, potential_, settings_.num_chains, derive_seed(seed, streams::kMcmcInit), sir);
  const MatrixD init_z = bijection->to_unconstrained(init_theta);

  mcmc::SamplerSettings config;
  config.mcmc = mcmc::McmcRunSettings(settings_, n, derive_seed(seed, streams::kMcmcChains));
  last_run_ = mcmc::run_sampler(in_z, init_z, config);
  return bijection->from_unconstrained(last_run_.flat(n));
}

void McmcPosterior::start_chains_at(const MatrixD& theta) {
  require_shape("McmcPosterior::start_chains_at: theta", theta, settings_.num_chains, dim());
  for (bool inside : prior_->in_support(theta))
    if (!inside) throw ValueError("McmcPosterior::start_chains_at: a start lies outside the prior's support");
  chain_starts_ = theta;
}

MatrixD McmcPosterior::final_chain_states() const {
  if (last_run_.num_chains == 0 || last_run_.num_draws == 0)
    throw ValueError("McmcPosterior::final_chain_states: nothing sampled yet");
  MatrixD z(last_run_.num_chains, last_run_.dim);
  for (Index c = 0; c < last_run_.num_chains; ++c) z.row(c) = last_run_.draw(c, last_run_.num_draws - 1);
  return PriorBijection(prior_).from_unconstrained(z);
}

}  // namespace sbi::inference
