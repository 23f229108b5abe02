// The method, MCMC and C2ST flags commands share (see method_options.hpp).
#include "cli/method_options.hpp"

#include "nn/embedding_spec.hpp"

#include "core/errors.hpp"
#include "cli/field_flags.hpp"
#include "pipelines/training_fields.hpp"
#include "mcmc/settings_fields.hpp"

namespace sbi::cli {

namespace {
FlagSet training_flags(bool max_epochs) {
  FlagSet flags{{"patience", "batch_size", "learning_rate"}, {{"learning_rate", "lr"}}, {}};
  if (max_epochs) flags.fields.insert(flags.fields.begin(), "max_epochs");
  return flags;
}
}  // namespace

void add_training_options(Args& args, bool max_epochs) {
  add_field_flags(args, training_overrides_fields(), TrainingOverrides{}, training_flags(max_epochs));
}

TrainingOverrides training_overrides(const Args& args) {
  TrainingOverrides o;
  read_field_flags(args, training_overrides_fields(), o, training_flags(true));
  return o;
}

void add_estimator_option(Args& args) {
  args.option("estimator", "KIND", "density estimator for npe/nle: maf, nsf, nsf_ar, mdn (snpe-a: mdn, the default there); sizes may follow, "
                                   "e.g. nsf_ar:blocks=4:bins=8 (keys transforms, hidden, blocks, bins, "
                                   "components, tail_bound; permutation=random|reverse|none between flow "
                                   "transforms; spline_scale=hidden|none: spline logits "
                                   "divided by sqrt(hidden) as in nflows, or raw as in zuko)", "maf");
}

std::string estimator_option(const Args& args, const std::string& method) {
  if (!args.has("estimator") && method == "snpe-a") return "mdn";  // SNPE-A trains an MDN
  return args.get("estimator");
}

void add_embedding_option(Args& args) {
  args.option("embedding", "KIND", "embedding net before npe, nre, nre-c, ace (of x) and nle (of θ, as sbi): fc, deepset, "
                                   "conv1d or gru, sizes may follow, e.g. gru:hidden=32:out=8 (keys out, hidden, layers, "
                                   "channels, kernel, pool, conv_channels); stored in the model file", "none");
}
nn::EmbeddingSpec embedding_option(const Args& args, const std::string& method) {
  if (!args.has("embedding")) return {};
  nn::EmbeddingSpec spec;
  try {
    spec = nn::parse_embedding_spec(args.get("embedding"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--embedding: ") + e.what());
  }
  if (spec.enabled() && method != "npe" && method != "nle" && method != "nre" && method != "nre-c" && method != "ace")
    throw UsageError("--embedding applies to npe, nle, nre, nre-c and ace, not " + method);
  return spec;
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

namespace {
const FlagSet& mcmc_flags() {
  static const FlagSet flags{{"sampler", "chains", "warmup", "thin"}, {}, {}};
  return flags;
}
}  // namespace

void add_mcmc_options(Args& args) {
  add_field_flags(args, mcmc::mcmc_settings_fields(), inference::McmcSettings{}, mcmc_flags());
}

inference::McmcSettings mcmc_settings_from(const Args& args) {
  inference::McmcSettings m;
  read_field_flags(args, mcmc::mcmc_settings_fields(), m, mcmc_flags());
  return m;
}

void add_c2st_classifier_option(Args& args) {
  args.option("c2st-classifier", "NAME", "C2ST classifier: mlp (sbibm's) or forest (the sbi package's c2st() "
                                         "default, a random forest of 100 trees; the multifidelity-NPE paper's "
                                         "tables)", "mlp");
}

diagnostics::C2stSettings c2st_options_from(const Args& args) {
  diagnostics::C2stSettings options;
  try {
    options.classifier = diagnostics::parse_c2st_classifier(args.get("c2st-classifier"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--c2st-classifier: ") + e.what());
  }
  return options;
}

}  // namespace sbi::cli
