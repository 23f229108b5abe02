// The field table of the MCMC settings (see settings_fields.hpp).
#include "mcmc/settings_fields.hpp"

#include <limits>

namespace sbi::mcmc {

std::vector<std::pair<SamplerKind, std::string>> sampler_field_names() {
  return {{SamplerKind::Slice, "slice"},          {SamplerKind::Metropolis, "metropolis"},
          {SamplerKind::Hmc, "hmc"},              {SamplerKind::Nuts, "nuts"},
          {SamplerKind::Slice, "slice_np_vectorized"}, {SamplerKind::Metropolis, "mh"}};
}

const FieldTable<McmcSettings>& mcmc_settings_fields() {
  constexpr Index kMax = std::numeric_limits<Index>::max();
  static const FieldTable<McmcSettings> table = {
      enum_field("sampler", &McmcSettings::sampler,
                 "MCMC sampler (hmc and nuts need the potential's gradient)", sampler_field_names()),
      number_field("chains", &McmcSettings::num_chains, "chains run in parallel", Index(1), kMax),
      number_field("warmup", &McmcSettings::warmup_steps, "warm-up steps per chain, discarded", Index(0), kMax),
      number_field("thin", &McmcSettings::thin, "keep every thin-th step", Index(1), kMax),
      number_field("init_candidates", &McmcSettings::init_candidates,
                   "prior draws resampled (SIR) for the chains' starts", Index(1), kMax),
      enum_field("chain_start", &McmcSettings::chain_start,
                 "multi-round snle, snre*: sir (every sampling starts its chains by SIR) or latest (the "
                 "proposals of round 4 on and the final draws start where the previous sampling's chains ended: "
                 "sbi's latest_sample, as sbibm)",
                 {{ChainStart::sir, "sir"}, {ChainStart::latest, "latest"}}),
  };
  return table;
}

}  // namespace sbi::mcmc
