// The flags `sbi run` and `sbi fit-recordings` share (see job_options.hpp): declared from the
// job settings' field table (pipelines/job_fields.hpp) and the MCMC table.
#include "cli/job_options.hpp"

#include "cli/field_flags.hpp"
#include "cli/method_options.hpp"
#include "pipelines/job_fields.hpp"

namespace sbi::cli {

namespace {

const FlagSet& job_flags() {
  static const FlagSet flags{{"sims", "seed", "betas", "num_samples", "predictive_sims", "ace_observed_fraction",
                              "ace_members", "ace_disagreement", "ace_hidden", "ace_blocks", "ace_targets_per_theta",
                              "ace_loss", "ace_per_term", "max_epochs", "patience", "batch_size", "learning_rate"},
                             {{"learning_rate", "lr"}}, {}};
  return flags;
}

const FlagSet& run_only_flags() {
  static const FlagSet flags{{"method", "rounds", "atoms", "distance", "range_sims"}, {}, {}};
  return flags;
}

}  // namespace

void add_job_options(Args& args, const JobSettings& defaults, const std::string& theta_space_for, bool run) {
  if (run) add_field_flags(args, job_settings_fields(), defaults, run_only_flags());
  add_field_flags(args, job_settings_fields(), defaults, job_flags());
  add_mcmc_options(args);
  add_estimator_option(args);
  add_theta_space_option(args, theta_space_for);
}

JobSettings job_settings_from(const Args& args, const std::string& task, const JobSettings& defaults, bool run) {
  JobSettings s = defaults;
  s.task = task;
  if (run) read_field_flags(args, job_settings_fields(), s, run_only_flags());
  read_field_flags(args, job_settings_fields(), s, job_flags());
  if (s.betas.empty()) s.betas = reference_betas(task);
  s.mcmc = mcmc_settings_from(args);
  s.estimator = estimator_option(args, s.method);
  s.theta_space = theta_space_option(args);
  return s;
}

bool ace_network_flags_given(const Args& args) {
  return args.flag_set("ace-per-term") || args.has("ace-hidden") || args.has("ace-blocks") ||
         args.has("ace-targets-per-theta") || args.has("ace-loss");
}

}  // namespace sbi::cli
