// `sbi sample --model model.sbi --observation xo.csv --num N [--beta B] --out samples.csv`:
// loads a trained model (written by `sbi train` or `sbi run`) in a new process and samples the
// posterior for an observation (pipelines/sample_model.hpp). Observations may be CSV or .npy;
// --out ending in .npy writes .npy.
#include "pipelines/device_backend.hpp"
#include "cli/command.hpp"
#include "cli/field_flags.hpp"
#include "cli/method_options.hpp"
#include "pipelines/sample_model.hpp"

namespace sbi::cli {

namespace {

const FlagSet& sample_flags() {
  static const FlagSet flags{{"models", "observation", "num", "beta", "ace_disagreement", "seed", "out"},
                             {{"models", "model"}},
                             {},
                             {{"models", "FILE[,FILE...]"}, {"observation", "FILE"}, {"beta", "B"},
                              {"ace_disagreement", "L"}, {"seed", "S"}, {"out", "FILE"}}};
  return flags;
}

int sample_command(const std::vector<std::string>& words) {
  Args args("sample", "Samples the posterior of a trained model for an observation.");
  add_field_flags(args, sample_model_fields(), SampleModelSettings{}, sample_flags());
  add_mcmc_options(args);
  add_device_option(args);
  add_common_options(args);
  if (!parse_command_line(args, words)) return 0;
  for (const char* required : {"model", "observation", "out"})
    if (!args.has(required)) throw UsageError(std::string("missing --") + required);
  pipelines::require_cpu_only(device_option(args), "sample");
  check_output_options(args, {"out"}, {"model", "observation"});
  SampleModelSettings s;
  read_field_flags(args, sample_model_fields(), s, sample_flags());
  s.mcmc = mcmc_settings_from(args);
  const Log log = log_from(args);
  const Index draws = sample_model(s, log);
  log.info("wrote " + std::to_string(draws) + " draws to " + s.out);
  return 0;
}

}  // namespace

SBI_COMMAND("sample", "sample the posterior of a trained model for an observation", sample_command);

}  // namespace sbi::cli
