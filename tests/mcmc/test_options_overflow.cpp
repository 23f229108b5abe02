// McmcRunSettings refuses step counts that overflow (issue 40): `--thin 9223372036854775807` once
// wrapped total_steps() negative, so that no step ran and the "draws" were the initial zeros.
#include <doctest/doctest.h>

#include <limits>

#include "core/errors.hpp"
#include "mcmc/options.hpp"

using namespace sbi;

TEST_CASE("MCMC options: thin or warm-up near the Index limit are refused, not wrapped") {
  mcmc::McmcRunSettings o;
  o.num_chains = 20;
  o.num_samples = 100;
  o.thin = std::numeric_limits<Index>::max();
  CHECK_THROWS_AS(o.validate(), ValueError);
  o.thin = 1;
  o.warmup_steps = std::numeric_limits<Index>::max();
  CHECK_THROWS_AS(o.validate(), ValueError);
  o.warmup_steps = 200;
  CHECK_NOTHROW(o.validate());
  CHECK(o.total_steps() == 205);
  o.thin = Index(1) << 40;  // large but finite: still fits
  CHECK_NOTHROW(o.validate());
  CHECK(o.total_steps() > 0);
}
