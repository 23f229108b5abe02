// The flags `sbi run` and `sbi fit-recordings` share, read into pipelines::JobSettings:
// --sims, --seed, --betas, --num-samples, --predictive-sims, the training flags (--max-epochs,
// --patience, --batch-size, --lr), the ACE network flags (--ace-*), the MCMC flags, --estimator,
// --theta-space and --out.
#pragma once
#include <string>

#include "cli/args.hpp"
#include "cli/common_options.hpp"

namespace sbi::cli {

// `num_samples` and `predictive_sims` are the command's defaults; `theta_space_for` names the
// methods --theta-space applies to.
void add_job_options(Args& args, const std::string& num_samples, const std::string& predictive_sims,
                     const std::string& theta_space_for);

// The settings the flags give for `task` (β: the task's reference values unless --betas);
// UsageError for a value no flag may take (an unknown --ace-loss, --theta-space or --sampler).
// The pipelines check the rest (check_job_settings, check_fit_settings).
JobSettings job_settings_from(const Args& args, const std::string& task);

// Whether any of the --ace-* network flags was given.
bool ace_network_flags_given(const Args& args);

}  // namespace sbi::cli
