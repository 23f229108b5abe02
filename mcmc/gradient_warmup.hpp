// The warm-up adaptation shared by HMC and NUTS (Stan's scheme), per chain:
//  * step size ε by dual averaging towards a target acceptance statistic (Hoffman & Gelman
//    2014), restarted from a "reasonable" ε whenever the mass matrix changes, and fixed to the
//    averaged ε at the end of warm-up;
//  * diagonal inverse mass matrix = the regularised variance of the draws in each slow window.
// Also the common start of both samplers: the evaluator checks, the initial phase state and
// the chains' random streams.
#pragma once
#include <vector>

#include "core/rng.hpp"
#include "mcmc/adaptation.hpp"
#include "mcmc/hamiltonian.hpp"
#include "mcmc/options.hpp"

namespace sbi::mcmc {

// Throws ValueError (naming `sampler`) unless the density has a gradient; checks the starts
// and returns the phase state at `init` with log-densities and gradients filled in.
PhaseState start_gradient_chains(const char* sampler, DensityEvaluator& eval, const MatrixD& init,
                                 Index num_chains);
// Rng(seed, stream_of(c)) for every chain c.
std::vector<Rng> chain_streams(const McmcRunSettings& options);

class GradientWarmup {
 public:
  GradientWarmup(Index chains, Index dim, double initial_step, double target_accept,
                 Index warmup_steps, bool adapt_step, bool adapt_mass);
  // Before the first transition: a reasonable initial ε (when adapting with warm-up steps).
  void start(Leapfrog& leapfrog, const PhaseState& state, std::vector<Rng>& rngs);
  // After chain c's warm-up transition at step `it` with acceptance statistic `alpha`.
  void observe(Index it, Index c, double alpha, const PhaseState& state);
  // After every chain's transition at step `it`: window ends and the end of warm-up.
  void end_step(Index it, Leapfrog& leapfrog, const PhaseState& state, std::vector<Rng>& rngs);

  MatrixD inv_mass;  // chains × dim
  VectorD step;      // per chain

 private:
  Index warmup_steps_;
  bool adapt_step_, adapt_mass_;
  std::vector<DualAveraging> dual_;
  std::vector<WelfordVariance> moments_;
  WarmupWindows windows_;
  StepSearchScratch search_;
};

}  // namespace sbi::mcmc
