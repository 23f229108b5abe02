// Sampler selection and sampling through an unconstrained-space transform.
#include "mcmc/sample.hpp"

#include "core/errors.hpp"
#include "mcmc/chains_over_ranks.hpp"

namespace sbi::mcmc {

SamplerKind parse_sampler(const std::string& name) {
  if (name == "slice" || name == "slice_np_vectorized") return SamplerKind::Slice;
  if (name == "mh" || name == "metropolis") return SamplerKind::Metropolis;
  if (name == "hmc") return SamplerKind::Hmc;
  if (name == "nuts") return SamplerKind::Nuts;
  throw NotFoundError("unknown MCMC sampler '" + name + "'; available: slice, mh, hmc, nuts");
}

InitKind parse_init(const std::string& name) {
  if (name == "prior") return InitKind::Prior;
  if (name == "sir" || name == "resample") return InitKind::Sir;
  if (name == "given") return InitKind::Given;
  throw NotFoundError("unknown MCMC initialisation '" + name + "'; available: prior, sir, given");
}

std::string sampler_name(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::Slice: return "slice";
    case SamplerKind::Metropolis: return "metropolis";
    case SamplerKind::Hmc: return "hmc";
    case SamplerKind::Nuts: return "nuts";
  }
  return "?";
}

McmcResult run_sampler(const LogDensity& density, const MatrixD& init,
                       const SamplerSettings& config) {
  // Under MPI each rank runs a block of the MH chains (chains_over_ranks.hpp). Slice, HMC and
  // NUTS batch only the chains still active in a step-out, shrink or trajectory, so a chain's
  // row position (and its last bits) depends on the other chains: they run whole on every rank.
  auto run_block = [&](const MatrixD& block_init, const McmcRunSettings& block) {
    switch (config.mcmc.sampler) {
      case SamplerKind::Slice: return slice_sample(density, block_init, block, config.slice);
      case SamplerKind::Metropolis: return metropolis_sample(density, block_init, block, config.metropolis);
      case SamplerKind::Hmc: return hmc_sample(density, block_init, block, config.hmc);
      case SamplerKind::Nuts: return nuts_sample(density, block_init, block, config.nuts);
    }
    throw ValueError("run_sampler: unknown sampler kind");
  };
  if (config.mcmc.sampler != SamplerKind::Metropolis) return run_block(init, config.mcmc);
  return run_chains_over_ranks(run_block, init, config.mcmc);
}

McmcResult sample_constrained(const LogDensity& density, std::shared_ptr<const Bijection> bijection,
                              const PriorSampler& prior, const SamplerSettings& config) {
  config.mcmc.validate();
  if (!bijection) bijection = std::make_shared<IdentityBijection>(density.dim);
  MatrixD init_theta;
  switch (config.init) {
    case InitKind::Prior:
      init_theta = init_from_prior(prior, config.mcmc.num_chains, config.mcmc.seed);
      break;
    case InitKind::Sir: {
      SirSettings sir;
      sir.num_candidates = config.mcmc.init_candidates;
      init_theta = init_sir(prior, density, config.mcmc.num_chains, config.mcmc.seed, sir);
      break;
    }
    case InitKind::Given:
      init_theta = init_given(config.init_points, config.mcmc.num_chains, density.dim);
      break;
  }
  const LogDensity z_density = unconstrained_density(density, bijection);
  McmcResult result = run_sampler(z_density, bijection->to_unconstrained(init_theta), config);
  result.draws = bijection->from_unconstrained(result.draws);
  return result;
}

}  // namespace sbi::mcmc
