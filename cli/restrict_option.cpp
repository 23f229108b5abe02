// --restrict and --restrict-first (see restrict_option.hpp).
#include "cli/restrict_option.hpp"

#include "cli/args.hpp"
#include "core/errors.hpp"
#include "inference/restricted_simulation.hpp"

namespace sbi::cli {

void add_restrict_options(Args& args) {
  args.option("restrict", "RULE", "restrict the prior to θ predicted to simulate validly (sbi's RestrictionEstimator): "
                                  "finite (NaN/inf x is invalid) or bounds on x columns, e.g. x0>=1 (Hodgkin-Huxley: "
                                  "at least one spike); invalid simulations are counted and not trained on")
      .option("restrict-first", "N", "with --restrict: simulations from the prior that train the classifier "
                                      "(default: a tenth of --sims, at least 100)")
      .option("restrict-false-negatives", "F", "with --restrict: the share of the valid first simulations the "
                                               "restriction may reject (sbi's allowed_false_negatives; default 0)");
}

std::optional<inference::RestrictionSettings> restriction_option(const Args& args) {
  if (!args.has("restrict")) {
    if (args.has("restrict-first") || args.has("restrict-false-negatives"))
      throw UsageError("--restrict-first and --restrict-false-negatives apply with --restrict");
    return std::nullopt;
  }
  inference::RestrictionSettings s;
  try {
    s.rule = inference::parse_validity_rule(args.get("restrict"));
  } catch (const ValueError& e) {
    throw UsageError(std::string("--restrict: ") + e.what());
  }
  if (args.has("restrict-first")) {
    s.first = args.get_int("restrict-first");
    if (s.first < 10) throw UsageError("--restrict-first must be at least 10");
  }
  if (args.has("restrict-false-negatives")) {
    s.classifier.allowed_false_negatives = args.get_double("restrict-false-negatives");
    if (!(s.classifier.allowed_false_negatives >= 0 && s.classifier.allowed_false_negatives < 1))
      throw UsageError("--restrict-false-negatives must be in [0, 1)");
  }
  return s;
}

SimulationSet simulate_training_set(const sim::Task& task, Index n, std::uint64_t seed,
                                    const std::optional<inference::RestrictionSettings>& restriction,
                                    const Log& log, nlohmann::json* report) {
  if (!restriction) return simulate_from_prior(task, n, seed, log);
  inference::RestrictionSettings s = *restriction;
  const inference::ValidityRule* rule = &s.rule;
  s.total = n;
  if (s.first == 0) s.first = inference::default_first_batch(n);
  if (s.first > n) throw UsageError("--restrict-first must be at most --sims");
  s.classifier.training.progress = !log.quiet();
  s.seed = seed;
  Stage stage(log, "simulating " + std::to_string(n) + " " + task.name + ", restricted after the first " +
                       std::to_string(s.first));
  const inference::SimulateFn simulate = [&](const MatrixD& theta, std::uint64_t sim_seed) {
    return simulate_with_progress(task, theta, sim_seed, log);
  };
  const inference::RestrictedSimulations r = inference::simulate_with_restriction(task.prior, simulate, s);
  SimulationSet set;
  set.theta = r.valid_theta();
  set.x = r.valid_x();
  set.seconds = stage.seconds();
  const double acceptance = r.prior ? r.prior->acceptance_rate() : 1.0;
  log.info("  restriction (" + rule->str() + "): " + std::to_string(r.invalid_first) + " of the first " +
           std::to_string(s.first) + " simulations invalid, " + std::to_string(r.invalid_rest) + " of the other " +
           std::to_string(n - s.first) + "; restricted prior accepts " + std::to_string(acceptance) +
           " of the prior");
  if (report)
    *report = {{"rule", rule->str()},
               {"first", s.first},
               {"invalid_first", r.invalid_first},
               {"invalid_rest", r.invalid_rest},
               {"wasted_fraction", r.wasted_fraction()},
               {"acceptance_rate", acceptance},
               {"threshold", r.prior ? r.prior->classifier().threshold() : 0.0},
               {"allowed_false_negatives", s.classifier.allowed_false_negatives}};
  return set;
}

}  // namespace sbi::cli
