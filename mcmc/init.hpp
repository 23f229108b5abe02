// Initial points of the chains (num_chains × D):
//  * prior draws;
//  * sampling-importance-resampling (SIR): draw K candidates from the prior (sbi default
//    K = 10,000), weight each by w_k ∝ exp(log p(θ_k) − log q(θ_k)) where log p is the target
//    (the potential) and log q the proposal density (omit it to weight by the potential alone,
//    as sbi does), and draw the chains' starts from the candidates with probability ∝ w_k;
//  * given points (checked for shape and finiteness).
// Every start must have a finite log-density; check_initial_points says which chain does not.
#pragma once
#include <cstdint>
#include <functional>

#include "core/rng.hpp"
#include "core/tensor.hpp"
#include "mcmc/log_density.hpp"

namespace sbi::mcmc {

// Draws n prior samples (n × D) using rng.
using PriorSampler = std::function<MatrixD(Index n, Rng& rng)>;

MatrixD init_from_prior(const PriorSampler& prior, Index num_chains, std::uint64_t seed);

struct SirSettings {
  Index num_candidates = 10000;
  Index batch_size = 10000;  // candidates per batched density call
};

// log_proposal may be empty (weights = exp(potential)). Throws ValueError when no candidate has
// a finite weight.
MatrixD init_sir(const PriorSampler& prior, const LogDensity& potential, Index num_chains,
                 std::uint64_t seed, const SirSettings& options = {},
                 const LogDensity* log_proposal = nullptr);

MatrixD init_given(const MatrixD& points, Index num_chains, Index dim);

// Evaluates the density at every start (one call) and throws ValueError naming the first chain
// whose log-density is -∞/NaN. Returns the log-densities.
VectorD check_initial_points(DensityEvaluator& density, const MatrixD& init, Index num_chains);

}  // namespace sbi::mcmc
