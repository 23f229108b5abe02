// The method, MCMC, C2ST, --restrict and job flags commands share (see method_options.hpp).
#include "cli/method_options.hpp"

#include "nn/embedding_spec.hpp"

#include "core/errors.hpp"
#include "cli/field_flags.hpp"
#include "pipelines/job_fields.hpp"
#include "pipelines/training_fields.hpp"
#include "mcmc/settings_fields.hpp"
#include "sequential/restriction_fields.hpp"
#include "sequential/sequential.hpp"

namespace sbi::cli {

namespace {
// f(), with a ValueError as the UsageError "--flag: message".
template <class F>
auto usage_on_value_error(const std::string& flag, F f) {
  try {
    return f();
  } catch (const ValueError& e) {
    throw UsageError("--" + flag + ": " + e.what());
  }
}

FlagSet training_flags(bool max_epochs) {
  FlagSet flags{{"patience", "batch_size", "learning_rate"}, {{"learning_rate", "lr"}}, {}};
  if (max_epochs) flags.fields.insert(flags.fields.begin(), "max_epochs");
  return flags;
}

// --restrict RULE and --restrict-first N from the restricted-simulation table, --restrict-false-negatives F
// from the classifier's.
const FlagSet& simulation_flags() {
  static const FlagSet flags{{"rule", "first"}, {{"rule", "restrict"}, {"first", "restrict-first"}}, {"rule", "first"}};
  return flags;
}
const FlagSet& classifier_flags() {
  static const FlagSet flags{{"allowed_false_negatives"}, {{"allowed_false_negatives", "restrict-false-negatives"}}, {}};
  return flags;
}

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

const FlagSet& mcmc_flags() {
  static const FlagSet flags{{"sampler", "chains", "warmup", "thin", "chain_start"}, {}, {}};
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
                                   "transforms: random draws them as sbi does, except that a maf or nsf_ar whose draws would leave "
                                   "one feature first in every layer (its distribution then ignores the context; 1 in 16 in "
                                   "2-D) alternates orders instead, keep_first_moving=0 keeps sbi's draws; reverse alternates "
                                   "always; spline_scale=hidden|none: spline logits "
                                   "divided by sqrt(hidden) as in nflows, or raw as in zuko)", "maf");
}

std::string estimator_option(const Args& args, const std::string& method) {
  if (!args.has("estimator") && method == "snpe-a") return "mdn";  // SNPE-A trains an MDN
  return args.get("estimator");
}

void add_embedding_option(Args& args) {
  args.option("embedding", "KIND", "embedding net before npe, nre, nre-b, nre-c, ace and the multi-round methods (of x) and "
                                   "nle, snle (of θ, as sbi): fc, deepset, "
                                   "conv1d or gru, sizes may follow, e.g. gru:hidden=32:out=8 (keys out, hidden, layers, "
                                   "channels, kernel, pool, conv_channels); stored in the model file", "none");
}
nn::EmbeddingSpec embedding_option(const Args& args, const std::string& method) {
  if (!args.has("embedding")) return {};
  const nn::EmbeddingSpec spec =
      usage_on_value_error("embedding", [&] { return nn::parse_embedding_spec(args.get("embedding")); });
  if (spec.enabled() && method != "npe" && method != "nle" && method != "nre" && method != "nre-b" && method != "nre-c" && method != "ace" &&
      !inference::is_sequential_method(method))
    throw UsageError("--embedding applies to npe, nle, nre, nre-b, nre-c, ace and the multi-round methods, not " + method);
  return spec;
}

void add_theta_space_option(Args& args, const std::string& applies_to) {
  args.option("theta-space", "SPACE", applies_to + ": the coordinates of θ the network models (npe) or is "
                                      "conditioned on (nle, nre*): constrained (sbi's default; npe draws outside the "
                                      "prior rejected) or unconstrained (the prior's own bijection, e.g. logit for a "
                                      "box prior; sbibm's automatic transforms)", "constrained");
}

inference::ThetaSpace theta_space_option(const Args& args) {
  if (!args.has("theta-space")) return inference::ThetaSpace::constrained;
  return usage_on_value_error("theta-space", [&] { return inference::parse_theta_space(args.get("theta-space")); });
}

void add_mcmc_options(Args& args) {
  add_field_flags(args, mcmc::mcmc_settings_fields(), inference::McmcSettings{}, mcmc_flags());
}

inference::McmcSettings mcmc_settings_from(const Args& args) {
  inference::McmcSettings m;
  read_field_flags(args, mcmc::mcmc_settings_fields(), m, mcmc_flags());
  return m;
}

void add_restrict_options(Args& args) {
  add_field_flags(args, inference::restricted_simulation_fields(), inference::RestrictedSimulationSettings{}, simulation_flags());
  add_field_flags(args, inference::restriction_options_fields(), inference::RestrictionSettings{}, classifier_flags());
}

std::optional<inference::RestrictedSimulationSettings> restriction_option(const Args& args) {
  if (!args.has("restrict")) {
    if (args.has("restrict-first") || args.has("restrict-false-negatives"))
      throw UsageError("--restrict-first and --restrict-false-negatives apply with --restrict");
    return std::nullopt;
  }
  inference::RestrictedSimulationSettings s;
  read_field_flags(args, inference::restricted_simulation_fields(), s, simulation_flags());
  read_field_flags(args, inference::restriction_options_fields(), s.classifier, classifier_flags());
  if (args.has("restrict-first") && s.first < 10) throw UsageError("--restrict-first must be at least 10");
  if (!(s.classifier.allowed_false_negatives < 1)) throw UsageError("--restrict-false-negatives must be below 1");
  return s;
}

void add_c2st_classifier_option(Args& args) {
  args.option("c2st-classifier", "NAME", "C2ST classifier: mlp (sbibm's) or forest (the sbi package's c2st() "
                                         "default, a random forest of 100 trees; the multifidelity-NPE paper's "
                                         "tables)", "mlp");
}

diagnostics::C2stSettings c2st_options_from(const Args& args) {
  diagnostics::C2stSettings options;
  options.classifier =
      usage_on_value_error("c2st-classifier", [&] { return diagnostics::parse_c2st_classifier(args.get("c2st-classifier")); });
  return options;
}

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

void add_run_options(Args& args) {
  add_problem_options(args);
  args.option("out", "DIR", "run folder (default: runs/<task>-<method>-seed<S>)");
  add_job_options(args, JobSettings{}, "npe", true);
  add_restrict_options(args);
  add_embedding_option(args);
  add_simulator_options(args);
  add_device_option(args);
  add_common_options(args);
}

}  // namespace sbi::cli
