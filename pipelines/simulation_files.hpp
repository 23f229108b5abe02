// A job's simulation set on disk (datasets/saved_simulations.hpp: save_simulations,
// load_simulations, read_simulation_parameters) and the user's own θ/x files read into a job.
#pragma once
#include <string>

#include "datasets/saved_simulations.hpp"
#include "pipelines/job.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

using sim::kSimulationsInfoFile;
using sim::kSimulationsThetaFile;
using sim::kSimulationsXFile;
using sim::load_simulations;
using sim::read_simulation_parameters;
using sim::save_simulations;

// The user's own simulations from θ and x files (.npy or CSV; datasets/training_files.hpp
// checks them); the task takes x's column names from the x file.
SimulationSet read_training_set(const std::string& theta_path, const std::string& x_path, sim::Task& task,
                                const Log& log);

}  // namespace sbi::pipelines
