// Multi-round settings → inference::SequentialSettings (see sequential_options.hpp).
#include "pipelines/sequential_options.hpp"

#include "pipelines/job.hpp"

namespace sbi::pipelines {

void check_sequential_settings(const SequentialJobSettings& s) {
  if (s.rounds < 1) throw SettingsError("--rounds must be at least 1");
  if (s.atoms < 2) throw SettingsError("--atoms must be at least 2");
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
  o.on_round = std::move(on_round);
  return o;
}

}  // namespace sbi::pipelines
