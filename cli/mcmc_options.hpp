// The MCMC options shared by the commands that sample MCMC posteriors (`sbi run` for ACE, NLE
// and NRE and the Hodgkin–Huxley fit, `sbi sample`): --sampler, --chains, --warmup, --thin.
// Their defaults are mcmc::McmcSettings' own (inference::McmcSettings is that struct).
#pragma once
#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "inference/mcmc_posterior.hpp"

namespace sbi::cli {

void add_mcmc_options(Args& args);

// The parsed options, checked: a known sampler, chains ≥ 1, warm-up ≥ 0, thin ≥ 1
// (UsageError naming the option otherwise). on_step is left empty.
inference::McmcSettings mcmc_settings_from(const Args& args);

// {"sampler", "chains", "warmup", "thin"} for a run's summary.json.
nlohmann::json mcmc_json(const inference::McmcSettings& m);

}  // namespace sbi::cli
