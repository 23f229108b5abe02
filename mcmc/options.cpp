// Validation and schedule of the MCMC settings and options.
#include "mcmc/options.hpp"

#include <string>

#include "core/errors.hpp"

namespace sbi::mcmc {

void McmcSettings::validate() const {
  if (num_chains < 1)
    throw ValueError("mcmc: num_chains must be >= 1, got " + std::to_string(num_chains));
  if (warmup_steps < 0)
    throw ValueError("mcmc: warmup_steps must be >= 0, got " + std::to_string(warmup_steps));
  if (thin < 1) throw ValueError("mcmc: thin must be >= 1, got " + std::to_string(thin));
  if (init_candidates < 1)
    throw ValueError("mcmc: init_candidates must be >= 1, got " + std::to_string(init_candidates));
}

void McmcRunSettings::validate() const {
  McmcSettings::validate();
  if (num_samples < 1)
    throw ValueError("mcmc: num_samples must be >= 1, got " + std::to_string(num_samples));
  // total_steps() = warmup + draws_per_chain · thin must fit in an Index (else it wraps and no
  // step runs); the bound is far beyond any run that could finish.
  constexpr Index kMaxSteps = Index(1) << 50;
  const Index draws = num_samples / num_chains + 1;  // ≥ draws_per_chain(), without overflow
  if (warmup_steps > kMaxSteps || thin > kMaxSteps / draws || warmup_steps + draws * thin > kMaxSteps)
    throw ValueError("mcmc: warm-up " + std::to_string(warmup_steps) + " + " + std::to_string(draws) +
                     " draws per chain x thin " + std::to_string(thin) + " exceeds 2^50 steps per chain");
}

Index McmcRunSettings::kept_draw_index(Index step) const {
  if (step < warmup_steps) return -1;
  const Index after = step - warmup_steps + 1;  // 1-based step count after warm-up
  if (after % thin != 0) return -1;
  return after / thin - 1;
}

}  // namespace sbi::mcmc
