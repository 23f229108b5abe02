// Random-walk Metropolis with adapted proposal covariance, all chains in lockstep (one batched
// density call per step).
//
// Proposal: θ' = θ + λ·L·z, z ~ N(0, I), accepted with probability min(1, p(θ')/p(θ)).
// Warm-up only, per chain: the covariance C is re-estimated at the end of each slow window of
// Stan's schedule (see adaptation.hpp; Haario et al. 2001 use the chain's history likewise) as
// the regularised sample covariance n/(n+5)·Ĉ + 1e-3·5/(n+5)·I of the window's draws; log λ
// follows Robbins–Monro, log λ ← log λ + (m+1)^−0.6 (α − α*), towards the acceptance
// α* = 0.234 (Andrieu & Thoms 2008), starting at 2.38/√D when C is first estimated. After
// warm-up λ = exp(mean log λ over the last fifth of warm-up) and L are frozen, so the chain is
// Markov.
#pragma once
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

struct MetropolisSettings {
  double initial_scale = 0.1;   // isotropic proposal sd before any covariance is estimated
  double target_accept = 0.234;
  bool adapt_covariance = true;
  bool adapt_scale = true;
};

McmcResult metropolis_sample(const LogDensity& density, const MatrixD& init,
                             const McmcRunSettings& options, const MetropolisSettings& mh = {});

}  // namespace sbi::mcmc
