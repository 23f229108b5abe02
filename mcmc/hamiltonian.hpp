// Hamiltonian dynamics shared by HMC and NUTS, batched over chains.
//
// Each chain c has position θ_c, momentum p_c ~ N(0, M_c) with a diagonal mass matrix
// M_c = diag(1 / inv_mass_c), potential −log p(θ) and Hamiltonian
//     H(θ, p) = −log p(θ) + ½ Σ_d inv_mass_cd · p_d².
// One leapfrog step of size ε:  p ← p + ε/2 ∇log p(θ);  θ ← θ + ε · inv_mass ⊙ p;
// p ← p + ε/2 ∇log p(θ). The gradients of all chains that move in a step come from ONE batched
// value_and_grad call. The buffers here grow to the largest batch and are then reused, so a
// step allocates nothing.
#pragma once
#include <vector>

#include "core/rng.hpp"
#include "mcmc/log_density.hpp"

namespace sbi::mcmc {

// Per-chain phase-space state (row c = chain c).
struct PhaseState {
  MatrixD x, p, grad;
  VectorD logp;
  void resize(Index n, Index dim);
  void copy_row_from(const PhaseState& other, Index from, Index to);
};

class Leapfrog {
 public:
  explicit Leapfrog(DensityEvaluator& eval) : eval_(eval) {}
  // Advances the listed chains of `s` by one leapfrog step of signed size step[c] (one batched
  // gradient call). A chain whose new log-density is −∞ keeps a zero gradient; the caller sees
  // logp = −∞ and treats the trajectory as divergent.
  void step(const std::vector<Index>& chains, PhaseState& s, const VectorD& step,
            const MatrixD& inv_mass);

 private:
  DensityEvaluator& eval_;
  MatrixD batch_, batch_grad_;  // grow-only (reserve_rows)
  VectorD batch_logp_;
};

// The working state of find_reasonable_step, kept between calls so that a re-initialisation
// of ε at the end of a warm-up window allocates nothing once the sizes are known.
struct StepSearchScratch {
  PhaseState start, trial;
  VectorD h0, direction;
  std::vector<Index> active, next;
};

// ½ Σ_d inv_mass_d p_d² of row c.
double kinetic_energy(const PhaseState& s, const MatrixD& inv_mass, Index c);
// p_c ← N(0, diag(1/inv_mass_c)) drawn from rng.
void draw_momentum(PhaseState& s, const MatrixD& inv_mass, Index c, Rng& rng);

// Hoffman & Gelman (2014) Alg. 4, batched: for each chain, doubles or halves ε from step[c]
// until the acceptance probability of one leapfrog step crosses 1/2 (at most 50 rounds, each one
// batched call). The state `s` is not changed. Uses each chain's own rng for the momentum.
void find_reasonable_step(Leapfrog& leapfrog, const PhaseState& s, const MatrixD& inv_mass,
                          std::vector<Rng>& rngs, VectorD& step, StepSearchScratch& scratch);

}  // namespace sbi::mcmc
