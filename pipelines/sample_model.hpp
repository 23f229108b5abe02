// `sbi sample` as a library call: a trained model (written by `sbi train` or `sbi run`, in any
// earlier process) sampled for one observation. The model file records its task or prior file,
// which supplies the prior and the parameter names, and its kind, which names the method (ace,
// npe, nle, nre, nre-b, nre-c, rej-abc); several ACE files form an ensemble whose cost is
// mean + λ·sd over the members. The draws go to a CSV with the parameter names, or .npy.
// Field table (flags --model, --observation, --num, --beta, --ace-disagreement, --seed, --out):
//   {"models": "", "observation": "", "num": 10000, "beta": null, "ace_disagreement": 0,
//    "seed": 0, "out": ""}
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/settings_fields.hpp"
#include "mcmc/options.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

struct SampleModelSettings {
  std::string models;              // one model file, or ACE files separated by commas (an ensemble)
  std::string observation;         // .npy or CSV; of several rows the first is used
  Index num = 10000;               // posterior draws
  std::optional<double> beta;      // GBI inverse temperature, ACE models only (unset: 1)
  double ace_disagreement = 0.0;   // λ of an ACE ensemble
  std::uint64_t seed = 0;
  mcmc::McmcSettings mcmc;         // MCMC posteriors (ACE, NLE, NRE); on_step is set here
  std::string out;                 // CSV or .npy
};

const FieldTable<SampleModelSettings>& sample_model_fields();

// Samples and writes settings.out; returns the number of draws. SettingsError for --beta or
// several files with a model that is not ACE; ValueError for a non-finite observation.
Index sample_model(const SampleModelSettings& settings, const Log& log);

}  // namespace sbi::pipelines
