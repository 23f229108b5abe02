// Multi-round training for one observation, saved as a model file (see train_sequential.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/train_sequential.hpp"

#include "sequential/sequential.hpp"
#include "pipelines/job.hpp"
#include "simulators/model_tag.hpp"

namespace sbi::pipelines {

void train_sequential_and_save(const SequentialTrainSettings& s, const sim::Task& task, const RowVectorD& x_o,
                               const Log& log) {
  const SequentialJobSettings& q = s.rounds;
  require_cpu_only(s.device, "train --method " + inference::sequential_method_name(q.method));
  check_sequential_settings(q);
  if (s.sims < 10 * q.rounds) throw SettingsError("--sims must give at least 10 simulations per round");
  const inference::SequentialSettings o = sequential_options(q, [&log](const std::string& line) { log.info("  " + line); });
  const sim::Task* t = &task;
  const inference::SimulateFn simulate = [t](const MatrixD& theta, std::uint64_t seed) { return t->simulate(theta, seed); };
  Stage stage(log, inference::sequential_method_name(q.method) + ": " + std::to_string(q.rounds) + " rounds, " + std::to_string(s.sims) + " " + task.name +
                       " simulations in all");
  const inference::SequentialResult result = inference::run_sequential(task.prior, simulate, x_o, s.sims, o);
  stage.finish();
  if (result.restricted_prior)
    log.info("  restriction (" + q.restriction->rule.str() + "): the classifier of round 1 accepts " +
             std::to_string(result.restricted_prior->acceptance_rate()) + " of the prior");
  result.save_model(s.out, sim::model_tag(task));
}

}  // namespace sbi::pipelines
