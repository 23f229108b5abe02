// The atomic proposal loss of SNPE-C / APT (Greenberg, Nonnenmacher & Macke 2019), sbi's default
// multi-round NPE loss. For a minibatch row i with pair (θ_i, x_i), K atoms Θ_i = {θ_i, θ_o1, …,
// θ_o(K−1)} — θ_i itself and K−1 others of the minibatch, drawn without replacement — and
//   u_ij = log q_φ(θ_j | x_i) − log p(θ_j),
//   L = −(1/n) Σ_i [u_i,i − log Σ_{j∈Θ_i} exp(u_ij)].
// Minimising it makes q_φ(θ | x) the posterior whatever proposal produced θ (the proposal
// cancels in the atomic softmax), so all rounds' simulations train the same flow.
// K is clamped to the rows available (a one-row minibatch contributes 0, as in sbi). The loss is
// a mean over the minibatch's rows, and atoms are drawn within each trainer chunk (sbi draws them
// from the whole minibatch of 200; here from its chunks of 100), so training stays bit-identical
// for any thread count. In the prior's unconstrained space (ThetaSpace::unconstrained) the same
// u_ij is computed with log q_z(z | x) − log p_z(z): the Jacobian cancels in the ratio.
#pragma once
#include <cstdint>
#include <span>

#include "core/rng.hpp"
#include "core/tape.hpp"
#include "flows/density_estimator.hpp"
#include "flows/training.hpp"
#include "inference/posterior_estimator.hpp"

namespace sbi::inference {

// The atom rows of a minibatch of n rows: atoms[k·n + i] is the row (0..n−1) of atom k of row i;
// atom 0 is i itself, atoms 1..K−1 other rows, distinct. K = min(num_atoms, n).
std::vector<std::int64_t> atom_rows(Index n, Index num_atoms, Rng& rng);

// The loss on the tape for the minibatch rows `rows` of (theta, x, log_prior) (θ and its log
// prior in the flow's coordinates, float). Returns 1×1.
ad::Var atomic_loss(ad::Tape& tape, flows::ConditionalDensityEstimator& flow, const MatrixF& theta,
                    const MatrixF& x, const MatrixF& log_prior, std::span<const std::int64_t> rows,
                    Index num_atoms, Rng& rng);

// Plain reference: u is n×K with column 0 the true atom → L as above.
double atomic_loss_reference(const MatrixD& u);

// Trains `estimator` with the atomic loss on (θ, x), θ in the prior's coordinates (inside its
// support), keeping its current z-scoring (continued training).
flows::FitResult fit_atomic(PosteriorEstimator& estimator, const MatrixD& theta, const MatrixD& x,
                            Index num_atoms, const nn::TrainSettings& options);

}  // namespace sbi::inference
