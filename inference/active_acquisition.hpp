// Active acquisition of A-MF-TSNPE: among candidate θ, simulate those where an ensemble of
// posterior estimates disagrees most, measured by the variance across members of log q_m(θ | x_o):
//   v(θ) = (1/M) Σ_m (log q_m(θ | x_o) − mean_m log q_m(θ | x_o))²   (population variance)
// and the k candidates with the largest v are chosen (ties: the lower candidate index first;
// candidates where some member gives a non-finite log q rank last).
// Candidate counts follow the reference: 250 / 2,500 / 25,000 prior draws for simulation
// budgets ≤ 1e3 / ≤ 1e4 / larger.
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.hpp"
#include "inference/ensemble_posterior.hpp"
#include "simulators/prior.hpp"

namespace sbi::inference {

// Per row of a candidates × members matrix: the variance across members (−inf when a value
// is not finite).
VectorD ensemble_log_prob_variance(const MatrixD& member_log_probs);

// Indices of the k rows with the highest ensemble variance, highest first. ValueError when k
// exceeds the number of candidates.
std::vector<Index> select_highest_variance(const MatrixD& member_log_probs, Index k);

// The reference's candidate pool size for a total simulation budget.
Index acquisition_candidates(Index budget);

// Draws `num_candidates` θ from the prior (seed) and returns the k with the highest variance
// of log q across the ensemble's members (k × d).
MatrixD acquire_active(const sim::Prior& prior, const EnsemblePosterior& ensemble, Index k, Index num_candidates,
                       std::uint64_t seed);

}  // namespace sbi::inference
