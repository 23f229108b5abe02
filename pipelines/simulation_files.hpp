// The user's own θ/x files read into a job's simulation set. (Saving and reloading a job's set:
// datasets/saved_simulations.hpp.)
#pragma once
#include <string>

#include "pipelines/job.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

// The user's own simulations from θ and x files (.npy or CSV; datasets/training_files.hpp
// checks them); the task takes x's column names from the x file.
SimulationSet read_training_set(const std::string& theta_path, const std::string& x_path, sim::Task& task,
                                const Log& log);

}  // namespace sbi::pipelines
