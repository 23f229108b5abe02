// The output of a sampler: per-chain draws (chains × draws × D, stored as a matrix whose row
// c·draws + t is draw t of chain c), a flattened view, and what the report needs: acceptance
// rates, step sizes, divergences and the number of batched density calls.
#pragma once
#include <cstdint>
#include <string>

#include "core/tensor.hpp"

namespace sbi::mcmc {

struct McmcResult {
  std::string sampler;       // "slice", "metropolis", "hmc", "nuts"
  Index num_chains = 0;
  Index num_draws = 0;       // kept draws per chain
  Index dim = 0;
  MatrixD draws;             // (num_chains·num_draws) × dim, chain-major

  VectorD acceptance_rate;   // per chain, after warm-up (slice sampling: 1)
  MatrixD step_size;         // per chain: 1 column (HMC/NUTS/MH scale) or dim columns (slice widths)
  std::string step_size_name;
  VectorD divergences;       // per chain, after warm-up (HMC/NUTS; zero otherwise)
  VectorD mean_tree_depth;   // per chain (NUTS), else empty
  std::int64_t density_calls = 0;  // batched calls, warm-up included
  std::int64_t density_rows = 0;   // rows evaluated over all calls

  // Allocates storage and per-chain vectors for the given sizes.
  void allocate(const std::string& name, Index chains, Index draws_per_chain, Index d);
  // Draw t of chain c (a row of `draws`).
  auto draw(Index c, Index t) { return draws.row(c * num_draws + t); }
  auto draw(Index c, Index t) const { return draws.row(c * num_draws + t); }
  // num_draws × dim matrix of one chain.
  MatrixD chain(Index c) const;
  // Every draw of every chain (chain-major), num_chains·num_draws × dim.
  const MatrixD& flat() const { return draws; }
  // The first n draws in draw-major order (draw 0 of every chain, then draw 1, ...), so each
  // chain contributes equally; n ≤ num_chains·num_draws.
  MatrixD flat(Index n) const;
  // Chains × draws matrix of coordinate d (the input the diagnostics take).
  MatrixD coordinate(Index d) const;
};

}  // namespace sbi::mcmc
