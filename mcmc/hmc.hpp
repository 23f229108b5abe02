// Hamiltonian Monte Carlo with a fixed number of leapfrog steps, dual-averaging step size
// (Hoffman & Gelman 2014) and diagonal mass-matrix adaptation in Stan's windows, all chains in
// lockstep: every leapfrog step is ONE batched value_and_grad call for all chains.
//
// A step: p ~ N(0, M); L leapfrog steps of size ε (ε jittered uniformly by ±10% per step after
// warm-up when jitter is on); accept with probability min(1, exp(H₀ − H)). A trajectory whose
// energy error exceeds 1000 or that reaches −∞ log-density is divergent and rejected.
// Step size, mass matrix and ε per chain are adapted during warm-up only.
#pragma once
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

struct HmcSettings {
  Index num_leapfrog_steps = 16;
  double target_accept = 0.65;   // Hoffman & Gelman's δ for HMC
  double initial_step = 0.1;     // refined by the doubling/halving heuristic
  bool adapt_step = true;
  bool adapt_mass = true;
  bool jitter = true;
};

McmcResult hmc_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                      const HmcSettings& hmc = {});

}  // namespace sbi::mcmc
