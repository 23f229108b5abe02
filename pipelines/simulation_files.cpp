// Reading the user's own θ and x files into a job's simulation set (see the header).
#include "pipelines/simulation_files.hpp"

#include "datasets/training_files.hpp"

namespace sbi::pipelines {

SimulationSet read_training_set(const std::string& theta_path, const std::string& x_path, sim::Task& task,
                                const Log& log) {
  sim::TrainingFiles files = sim::read_training_files(theta_path, x_path, task);
  task = sim::with_data_names(std::move(task), files.x_names);
  log.info("read " + std::to_string(files.theta.rows()) + " simulations (θ " + std::to_string(files.theta.cols()) +
           " columns, x " + std::to_string(files.x.cols()) + ") from " + theta_path + " and " + x_path);
  SimulationSet set;
  set.theta = std::move(files.theta);
  set.x = std::move(files.x);
  return set;
}

}  // namespace sbi::pipelines
