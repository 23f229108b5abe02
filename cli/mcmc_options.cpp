// The shared MCMC options (see mcmc_options.hpp).
#include "cli/mcmc_options.hpp"

#include <string>

#include "core/errors.hpp"
#include "mcmc/sample.hpp"

namespace sbi::cli {

void add_mcmc_options(Args& args) {
  const inference::McmcSettings d;
  args.option("sampler", "NAME", "MCMC sampler: slice, metropolis, hmc or nuts (hmc and nuts need "
                                 "gradients: nre)", mcmc::sampler_name(d.sampler))
      .option("chains", "N", "MCMC chains run in parallel (ace, nle, nre)", std::to_string(d.num_chains))
      .option("warmup", "N", "MCMC warm-up steps per chain, discarded", std::to_string(d.warmup_steps))
      .option("thin", "N", "keep every N-th MCMC step", std::to_string(d.thin));
}

inference::McmcSettings mcmc_settings_from(const Args& args) {
  inference::McmcSettings m;
  try {
    m.sampler = mcmc::parse_sampler(args.get("sampler"));
  } catch (const NotFoundError& e) {
    throw UsageError(std::string("--sampler: ") + e.what());
  }
  m.num_chains = args.get_int("chains");
  m.warmup_steps = args.get_int("warmup");
  m.thin = args.get_int("thin");
  if (m.num_chains < 1) throw UsageError("--chains must be at least 1");
  if (m.warmup_steps < 0) throw UsageError("--warmup must not be negative");
  if (m.thin < 1) throw UsageError("--thin must be at least 1");
  return m;
}

nlohmann::json mcmc_json(const inference::McmcSettings& m) {
  return {{"sampler", mcmc::sampler_name(m.sampler)}, {"chains", m.num_chains}, {"warmup", m.warmup_steps}, {"thin", m.thin}};
}

}  // namespace sbi::cli
