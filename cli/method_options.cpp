// The method flags commands share (see method_options.hpp).
#include "cli/method_options.hpp"

#include "core/errors.hpp"

namespace sbi::cli {

TrainingOverrides training_overrides(const Args& args) {
  TrainingOverrides o;
  if (args.has("max-epochs")) o.max_epochs = static_cast<int>(args.get_int("max-epochs"));
  if (args.has("patience")) o.patience = static_cast<int>(args.get_int("patience"));
  if (args.has("batch-size")) o.batch_size = static_cast<int>(args.get_int("batch-size"));
  if (args.has("lr")) o.learning_rate = args.get_double("lr");
  return o;
}

void apply_training_flags(const Args& args, nn::TrainOptions& t) { training_overrides(args).apply_to(t); }

void add_estimator_option(Args& args) {
  args.option("estimator", "KIND", "density estimator for npe/nle: maf, nsf, nsf_ar, mdn; sizes may follow, "
                                   "e.g. nsf_ar:blocks=4:bins=8 (keys transforms, hidden, blocks, bins, "
                                   "components, tail_bound; permutation=random|reverse|none between flow "
                                   "transforms; spline_scale=hidden|none: spline logits "
                                   "divided by sqrt(hidden) as in nflows, or raw as in zuko)", "maf");
}

void add_theta_space_option(Args& args, const std::string& applies_to) {
  args.option("theta-space", "SPACE", applies_to + ": where the flow models θ: constrained (sbi's default; draws "
                                      "outside the prior rejected) or unconstrained (the prior's own bijection, "
                                      "e.g. logit for a box prior)", "constrained");
}

inference::ThetaSpace theta_space_option(const Args& args) {
  if (!args.has("theta-space")) return inference::ThetaSpace::constrained;
  try {
    return inference::parse_theta_space(args.get("theta-space"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--theta-space: ") + e.what());
  }
}

inference::AceLoss ace_loss_option(const Args& args) {
  const std::string name = args.get("ace-loss");
  if (name != "squared" && name != "poisson")
    throw UsageError("--ace-loss must be squared or poisson, got '" + name + "'");
  return inference::parse_ace_loss(name);
}

}  // namespace sbi::cli
