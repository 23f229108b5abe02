// The method flags `sbi` commands share: --estimator, --theta-space, the training flags
// (--max-epochs, --patience, --batch-size, --lr, read into pipelines::TrainingOverrides),
// the MCMC flags of the commands that sample MCMC posteriors (--sampler, --chains,
// --warmup, --thin; defaults: inference::McmcSettings' own); and --c2st-classifier, the
// classifier C2ST trains (diagnostics/c2st.hpp): mlp (sbibm's, the default) or forest (the
// `sbi` package's c2st() default, a random forest); --restrict RULE, --restrict-first N and
// --restrict-false-negatives F (sequential/restricted_simulation.hpp: simulate N₀ from the
// prior, fit the classifier of valid simulations, draw the rest from the restricted prior).
// The flags `sbi run` and `sbi fit-recordings` share, read into pipelines::JobSettings: the
// fields of its table (pipelines/job_fields.hpp: --sims, --seed, --betas, --num-samples,
// --predictive-sims, --max-epochs, --patience, --batch-size, --lr, the --ace-* flags; with `run`
// also --method, --distance, --range-sims), the MCMC flags, --estimator and --theta-space.
#pragma once
#include <optional>
#include <string>

#include "cli/common_options.hpp"
#include "diagnostics/c2st.hpp"
#include "inference/ace.hpp"
#include "inference/mcmc_posterior.hpp"
#include "pipelines/train_method.hpp"
#include "sequential/restricted_simulation.hpp"

namespace sbi::cli {

// Declares the training flags from pipelines/training_fields.hpp: --patience, --batch-size, --lr
// and, with `max_epochs`, --max-epochs (benchmark has its own, with a default).
void add_training_options(Args& args, bool max_epochs);
// The training flags the user gave, to override a method's own settings (checked by the
// table's ranges here, and by TrainingOverrides::apply_to: all positive).
TrainingOverrides training_overrides(const Args& args);

// Declares --estimator KIND[:key=value...] (inference::estimator_config), default maf.
void add_estimator_option(Args& args);
// --estimator, or mdn for --method snpe-a when the flag is not given (maf for the others).
std::string estimator_option(const Args& args, const std::string& method);
// --embedding KIND[:key=value...] (nn/embedding_spec.hpp); UsageError for a bad spec or a method
// that does not take one (rej-abc and the others).
void add_embedding_option(Args& args);
nn::EmbeddingSpec embedding_option(const Args& args, const std::string& method);

// Declares --theta-space SPACE; `applies_to` names the methods it affects, e.g. "npe".
void add_theta_space_option(Args& args, const std::string& applies_to);
// --theta-space constrained|unconstrained (UsageError otherwise; constrained when absent).
inference::ThetaSpace theta_space_option(const Args& args);

void add_mcmc_options(Args& args);
// The parsed MCMC flags, checked: a known sampler, chains ≥ 1, warm-up ≥ 0, thin ≥ 1
// (UsageError naming the option otherwise). on_step is left empty.
inference::McmcSettings mcmc_settings_from(const Args& args);

void add_restrict_options(Args& args);
// The settings of --restrict (none without it); UsageError for a bad rule, a bad number, or
// --restrict-first / --restrict-false-negatives without --restrict. `first` is 0 for the default.
std::optional<inference::RestrictedSimulationSettings> restriction_option(const Args& args);

void add_c2st_classifier_option(Args& args);
// C2stSettings with the chosen classifier (the other fields at their defaults); UsageError
// naming the choices for an unknown name.
diagnostics::C2stSettings c2st_options_from(const Args& args);

// `defaults` are the command's (shown in --help); `theta_space_for` names the methods
// --theta-space applies to.
void add_job_options(Args& args, const JobSettings& defaults, const std::string& theta_space_for, bool run);

// The settings the flags give for `task` (β: the task's reference values unless --betas);
// UsageError for a value out of the table's range, an unknown --ace-loss, --theta-space or
// --sampler. The pipelines check the rest (check_job_settings, check_fit_settings).
JobSettings job_settings_from(const Args& args, const std::string& task, const JobSettings& defaults, bool run);

// Every flag of `sbi run`: the problem, --out, the job, --restrict, --embedding, the external
// simulator, --device and the common flags.
void add_run_options(Args& args);

// Whether any of the --ace-* network flags was given.
bool ace_network_flags_given(const Args& args);

}  // namespace sbi::cli
