// Multi-round training for one observation, saved as a model file (see train_sequential.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/train_sequential.hpp"

#include "inference/sequential.hpp"
#include "pipelines/job.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

void train_sequential_and_save(const SequentialTrainSettings& s, const sim::Task& task, const RowVectorD& x_o,
                               const Log& log) {
  require_cpu_only(s.device, "train --method " + s.method);
  if (s.rounds < 1) throw SettingsError("--rounds must be at least 1");
  if (s.sims < 10 * s.rounds) throw SettingsError("--sims must give at least 10 simulations per round");
  if (s.atoms < 2) throw SettingsError("--atoms must be at least 2");
  inference::SequentialOptions o;
  o.method = inference::parse_sequential_method(s.method);
  o.estimator = s.estimator;
  o.theta_space = s.theta_space;
  o.rounds = s.rounds;
  o.num_atoms = s.atoms;
  o.seed = s.seed;
  s.training.apply_to(o.training);
  o.training.progress = false;
  o.mcmc.sampler = s.sampler;
  o.on_round = [&log](const std::string& line) { log.info("  " + line); };
  const sim::Task* t = &task;
  const inference::SimulateFn simulate = [t](const MatrixD& theta, std::uint64_t seed) { return t->simulate(theta, seed); };
  Stage stage(log, s.method + ": " + std::to_string(s.rounds) + " rounds, " + std::to_string(s.sims) + " " + task.name +
                       " simulations in all");
  const inference::SequentialResult result = inference::run_sequential(task.prior, simulate, x_o, s.sims, o);
  stage.finish();
  result.save_model(s.out, sim::model_tag(task));
}

}  // namespace sbi::pipelines
