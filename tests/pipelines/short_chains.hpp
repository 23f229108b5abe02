// The MCMC of pipeline tests that only check where draws land, not how well they mix: 10
// chains, 10 warm-up steps, no thinning (a fraction of a second per posterior).
#pragma once
#include "mcmc/options.hpp"

namespace sbi::test {

inline mcmc::McmcSettings short_chains() {
  mcmc::McmcSettings m;
  m.num_chains = 10;
  m.warmup_steps = 10;
  m.thin = 1;
  return m;
}

}  // namespace sbi::test
