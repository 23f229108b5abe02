// The MCMC settings: one struct, one set of defaults, used by every sampler and every MCMC
// posterior. McmcSettings says how to sample (sampler, chains, warm-up, thinning, SIR
// candidates); McmcRunSettings adds what one run draws (how many draws, from which seed) and the
// schedule this implies. Chain c draws its randomness from Rng(seed, first_stream + c), so a run
// is reproducible, does not depend on the number of threads, and chain c of a run equals a
// one-chain run with first_stream = c (chains never interact).
//
// Defaults: the reference's posterior sampling for ACE/GBI and for sbibm-style NLE/NRE
// (shared docs/METHODS.md): vectorised slice sampling, 100 chains, 50 warm-up steps, thin 10,
// chains started by sampling-importance-resampling of 10,000 prior draws. Many short chains
// started near the posterior's modes suit the batched samplers here (one density call per step
// for all chains) and are what every published result of this project used. Long runs (e.g.
// reference posteriors) and the samplers' own tests set their values explicitly.
#pragma once
#include <cstdint>
#include <functional>

#include "core/tensor.hpp"

namespace sbi::mcmc {

enum class SamplerKind { Slice, Metropolis, Hmc, Nuts };

// Where a run's chains start. sir: sampling-importance-resampling of prior draws, every run.
// latest: in a sequence of runs of changing posteriors (the proposals of SNLE and SNRE), the
// posteriors of round 3 on (the proposals of rounds 4..R and the final draws) start where the
// previous run's chains ended (sbi's init_strategy "latest_sample", as sbibm runs SNLE and
// SNRE); a single run starts by SIR.
enum class ChainStart { sir, latest };

struct McmcSettings {
  SamplerKind sampler = SamplerKind::Slice;  // used by run_sampler and the MCMC posteriors
  Index num_chains = 100;        // chains advanced in lockstep
  Index warmup_steps = 50;       // adaptation steps per chain, discarded
  Index thin = 10;               // keep every thin-th step after warm-up
  Index init_candidates = 10000;  // prior draws resampled for the chains' starts (SIR)
  ChainStart chain_start = ChainStart::sir;
  // Optional: called before each lockstep step with (steps done, total steps), e.g. for a
  // progress bar. It never influences the draws.
  std::function<void(Index done, Index total)> on_step;

  // Throws ValueError naming the bad setting.
  void validate() const;
};

struct McmcRunSettings : McmcSettings {
  Index num_samples = 1000;   // kept draws over all chains; each chain keeps
                              // ceil(num_samples / num_chains)
  std::uint64_t seed = 0;
  std::uint64_t first_stream = 0;  // chain c uses Rng(seed, first_stream + c)

  McmcRunSettings() = default;
  McmcRunSettings(const McmcSettings& settings, Index samples, std::uint64_t run_seed)
      : McmcSettings(settings), num_samples(samples), seed(run_seed) {}

  // Throws ValueError naming the bad option (the settings' and the run's).
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
