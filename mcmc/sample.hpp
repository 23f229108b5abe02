// One entry point to the samplers: pick a sampler and an initialisation by name, sample a
// density on a constrained space through a Bijection (chains run in unconstrained z-space,
// log|det J| added), and get the draws back in θ-space.
#pragma once
#include <memory>
#include <string>

#include "mcmc/bijection.hpp"
#include "mcmc/hmc.hpp"
#include "mcmc/init.hpp"
#include "mcmc/metropolis.hpp"
#include "mcmc/nuts.hpp"
#include "mcmc/slice.hpp"

namespace sbi::mcmc {

enum class InitKind { Prior, Sir, Given };

// "slice" (also "slice_np_vectorized"), "mh"/"metropolis", "hmc", "nuts"; NotFoundError else.
SamplerKind parse_sampler(const std::string& name);
// "prior", "sir"/"resample", "given"; NotFoundError else.
InitKind parse_init(const std::string& name);
// The canonical name: "slice", "metropolis", "hmc" or "nuts" (as McmcResult::sampler).
std::string sampler_name(SamplerKind kind);

// The sampler is mcmc.sampler and the number of SIR candidates mcmc.init_candidates.
struct SamplerSettings {
  McmcRunSettings mcmc;
  SliceSettings slice;
  MetropolisSettings metropolis;
  HmcSettings hmc;
  NutsSettings nuts;
  InitKind init = InitKind::Sir;
  MatrixD init_points;  // θ-space starts for InitKind::Given (num_chains × D)
};

// Runs the chosen sampler on `density` from `init` (num_chains × D, same space as density).
McmcResult run_sampler(const LogDensity& density, const MatrixD& init, const SamplerSettings& config);

// Samples log p(θ) (defined on the support of `bijection`) in unconstrained space:
// initial points in θ-space from the prior, SIR of prior draws weighted by log p(θ), or given
// points; mapped to z, sampled under log p(f(z)) + log|det J(z)|, and the draws mapped back to θ.
// A null bijection means the identity.
McmcResult sample_constrained(const LogDensity& density, std::shared_ptr<const Bijection> bijection,
                              const PriorSampler& prior, const SamplerSettings& config);

}  // namespace sbi::mcmc
