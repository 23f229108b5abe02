// The flags `sbi run` and `sbi fit-recordings` share, read into pipelines::JobSettings: the
// fields of its table (pipelines/job_fields.hpp: --sims, --seed, --betas, --num-samples,
// --predictive-sims, --max-epochs, --patience, --batch-size, --lr, the --ace-* flags; with `run`
// also --method, --distance, --range-sims), the MCMC flags, --estimator and --theta-space.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "cli/common_options.hpp"

namespace sbi::cli {

// `defaults` are the command's (shown in --help); `theta_space_for` names the methods
// --theta-space applies to.
void add_job_options(Args& args, const JobSettings& defaults, const std::string& theta_space_for, bool run);

// The settings the flags give for `task` (β: the task's reference values unless --betas);
// UsageError for a value out of the table's range, an unknown --ace-loss, --theta-space or
// --sampler. The pipelines check the rest (check_job_settings, check_fit_settings).
JobSettings job_settings_from(const Args& args, const std::string& task, const JobSettings& defaults, bool run);

// Whether any of the --ace-* network flags was given.
bool ace_network_flags_given(const Args& args);

}  // namespace sbi::cli
