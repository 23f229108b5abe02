// The method flags `sbi` commands share: --estimator, --theta-space and the training flags
// (--max-epochs, --patience, --batch-size, --lr) read into pipelines::TrainingOverrides.
#pragma once
#include <string>

#include "cli/common_options.hpp"
#include "inference/ace.hpp"
#include "pipelines/train_method.hpp"

namespace sbi::cli {

// The training flags the user gave (--max-epochs, --patience, --batch-size, --lr) override the
// method's defaults in `t`; UsageError unless all are positive.
TrainingOverrides training_overrides(const Args& args);
void apply_training_flags(const Args& args, nn::TrainOptions& t);

// Declares --estimator KIND[:key=value...] (inference::estimator_config), default maf.
void add_estimator_option(Args& args);

// Declares --theta-space SPACE; `applies_to` names the methods it affects, e.g. "npe".
void add_theta_space_option(Args& args, const std::string& applies_to);
// --theta-space constrained|unconstrained (UsageError otherwise; constrained when absent).
inference::ThetaSpace theta_space_option(const Args& args);

// --ace-loss squared|poisson (UsageError otherwise).
inference::AceLoss ace_loss_option(const Args& args);

}  // namespace sbi::cli
