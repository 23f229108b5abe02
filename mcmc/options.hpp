// Options shared by every sampler (chains, draws, warm-up, thinning, seed) and the schedule
// they imply. Chain c draws its randomness from Rng(seed, first_stream + c), so a run is
// reproducible, does not depend on the number of threads, and chain c of a run equals a
// one-chain run with first_stream = c (chains never interact).
#pragma once
#include <cstdint>
#include <functional>

#include "core/tensor.hpp"

namespace sbi::mcmc {

struct McmcOptions {
  Index num_chains = 20;      // chains advanced in lockstep (sbi default: 20)
  Index num_samples = 1000;   // kept draws over all chains; each chain keeps
                              // ceil(num_samples / num_chains)
  Index warmup_steps = 200;   // adaptation steps per chain, discarded (sbi default: 200)
  Index thin = 1;             // keep every thin-th step after warm-up
  std::uint64_t seed = 0;
  std::uint64_t first_stream = 0;  // chain c uses Rng(seed, first_stream + c)
  // Optional: called before each lockstep step with (steps done, total steps), e.g. for a
  // progress bar. It never influences the draws.
  std::function<void(Index done, Index total)> on_step;

  // Throws ValueError naming the bad option.
  void validate() const;
  Index draws_per_chain() const { return (num_samples + num_chains - 1) / num_chains; }
  // Steps each chain takes after warm-up.
  Index sampling_steps() const { return draws_per_chain() * thin; }
  Index total_steps() const { return warmup_steps + sampling_steps(); }
  // Whether the state after step `step` (0-based over warm-up + sampling) is kept, and as which
  // draw index (−1 when not kept).
  Index kept_draw_index(Index step) const;
  // The random stream of chain c.
  std::uint64_t stream_of(Index chain) const {
    return first_stream + static_cast<std::uint64_t>(chain);
  }
};

}  // namespace sbi::mcmc
