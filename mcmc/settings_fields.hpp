// The field table of mcmc::McmcSettings (core/settings_fields.hpp): one definition of its
// names, help texts, ranges and sampler names, for JSON configs, summary.json and CLI flags.
//   sampler          slice | metropolis (also mh) | hmc | nuts
//   chains           ≥ 1        warmup  ≥ 0        thin  ≥ 1        init_candidates  ≥ 1
// (on_step is a callback, not a setting.) The JSON keys match the CLI flags --sampler,
// --chains, --warmup and --thin and the "mcmc" object of a run's summary.json.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/settings_fields.hpp"
#include "mcmc/options.hpp"

namespace sbi::mcmc {

const FieldTable<McmcSettings>& mcmc_settings_fields();
// The sampler's names for an enum_field (canonical names first, then the aliases).
std::vector<std::pair<SamplerKind, std::string>> sampler_field_names();

}  // namespace sbi::mcmc
