// Multi-round settings → inference::SequentialSettings (see sequential_options.hpp).
#include "pipelines/sequential_options.hpp"

#include "core/errors.hpp"
#include "pipelines/job.hpp"
#include "sequential/round_restriction.hpp"

namespace sbi::pipelines {

void check_sequential_settings(const SequentialJobSettings& s) {
  if (s.rounds < 1) throw SettingsError("--rounds must be at least 1");
  if (s.atoms < 2) throw SettingsError("--atoms must be at least 2");
  inference::SequentialSettings o;
  o.method = s.method;
  o.rounds = s.rounds;
  o.restriction = s.restriction;
  try {
    inference::check_round_restriction(o);
  } catch (const ValueError& e) {
    throw SettingsError(e.what());
  }
}

std::optional<inference::SequentialRestrictionSettings> round_restriction(
    const std::optional<inference::RestrictedSimulationSettings>& restriction) {
  if (!restriction) return std::nullopt;
  if (restriction->first != 0)
    throw SettingsError("--restrict-first does not go with the multi-round methods: round 1's simulations train "
                        "the classifier");
  return inference::SequentialRestrictionSettings{restriction->rule, restriction->classifier};
}

inference::SequentialSettings sequential_options(const SequentialJobSettings& s,
                                                std::function<void(const std::string&)> on_round) {
  check_sequential_settings(s);
  inference::SequentialSettings o;
  o.method = s.method;
  o.estimator = s.estimator;
  o.theta_space = s.theta_space;
  o.rounds = s.rounds;
  o.num_atoms = s.atoms;
  o.seed = s.seed;
  o.training = s.training;
  s.overrides.apply_to(o.training);
  o.training.progress = false;
  o.mcmc = s.mcmc;
  o.embedding = s.embedding;
  o.restriction = s.restriction;
  if (o.restriction) o.restriction->classifier.training.progress = false;
  o.on_round = std::move(on_round);
  return o;
}

}  // namespace sbi::pipelines
