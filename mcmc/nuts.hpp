// The No-U-Turn Sampler (Hoffman & Gelman 2014) in its multinomial form (Betancourt 2017), with
// the same warm-up adaptation as HMC (dual averaging towards δ = 0.8, Stan's windowed diagonal
// mass matrix).
//
// Every chain builds its own trajectory by doubling: a new subtree of 2^j leapfrog steps in a
// random direction; within a subtree a leaf with energy H becomes the subtree's candidate with
// probability w_leaf / Σ w (w = exp(H₀ − H), multinomial sampling), and a finished subtree's
// candidate replaces the trajectory's with probability min(1, W_new / W_old) (biased
// progressive sampling). A (sub)trajectory turns when ρ·M⁻¹p⁻ ≤ 0 or ρ·M⁻¹p⁺ ≤ 0, where ρ is the
// sum of its momenta and p⁻, p⁺ are its end momenta; subtrees are checked on every aligned
// block of 2, 4, ... leaves as the leaves come, iteratively, together with Stan's extra checks
// across the junction of a block's halves A|B: (A's first, B's first, ρ_A + p_B,first) and
// (A's last, B's last, ρ_B + p_A,last); the same junction checks apply when a subtree joins
// the trajectory. A turning or divergent (energy
// error > 1000) subtree is discarded and ends the trajectory; so does depth max_depth.
// Chains advance in lockstep: each tick, every chain still building takes ONE leapfrog step,
// and all of these share one batched gradient call.
#pragma once
#include "mcmc/log_density.hpp"
#include "mcmc/options.hpp"
#include "mcmc/result.hpp"

namespace sbi::mcmc {

struct NutsSettings {
  Index max_tree_depth = 10;
  double target_accept = 0.8;
  double initial_step = 0.1;
  bool adapt_step = true;
  bool adapt_mass = true;
};

McmcResult nuts_sample(const LogDensity& density, const MatrixD& init, const McmcRunSettings& options,
                       const NutsSettings& nuts = {});

}  // namespace sbi::mcmc
