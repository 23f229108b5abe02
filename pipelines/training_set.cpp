// Training simulations, optionally restricted to valid ones (see training_set.hpp).
#include "pipelines/training_set.hpp"

#include <string>

namespace sbi::pipelines {

TrainingSet simulate_training_set(const sim::Task& task, Index n, std::uint64_t seed,
                                    const std::optional<inference::RestrictedSimulationSettings>& restriction,
                                    const Log& log, nlohmann::json* report) {
  if (!restriction) return TrainingSet{simulate_from_prior(task, n, seed, log), nullptr};
  inference::RestrictedSimulationSettings s = *restriction;
  const inference::ValidityRule* rule = &s.rule;
  s.total = n;
  if (s.first == 0) s.first = inference::default_first_batch(n);
  if (s.first > n) throw SettingsError("--restrict-first must be at most --sims");
  s.classifier.training.progress = !log.quiet();
  s.seed = seed;
  Stage stage(log, "simulating " + std::to_string(n) + " " + task.name + ", restricted after the first " +
                       std::to_string(s.first));
  const inference::SimulateFn simulate = [&](const MatrixD& theta, std::uint64_t sim_seed) {
    return simulate_with_progress(task, theta, sim_seed, log);
  };
  const inference::RestrictedSimulations r = inference::simulate_with_restriction(task.prior, simulate, s);
  TrainingSet set;
  set.theta = r.valid_theta();
  set.x = r.valid_x();
  set.seconds = stage.seconds();
  set.restricted = r.prior;
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

TrainingSet simulate_job_set(const JobSettings& s, const sim::Task& task, const Log& log, nlohmann::json& summary) {
  nlohmann::json restriction;
  TrainingSet sims = s.device == Device::Cpu
                         ? simulate_training_set(task, s.sims, s.seed, s.restriction, log, &restriction)
                         : TrainingSet{simulate_from_prior(task, s.sims, s.seed, log, s.device), nullptr};  // no restriction (checked)
  if (!restriction.is_null()) summary["restriction"] = restriction;
  summary["seconds_simulating"] = sims.seconds;
  return sims;
}

}  // namespace sbi::pipelines
