// Where `sbi train`'s simulations come from, as one library call: a simulation store (read chunk
// by chunk; pipelines/store_jobs.hpp), the user's θ/x files (pipelines/simulation_files.hpp), or
// simulations of the task from its prior, restricted when asked (pipelines/training_set.hpp).
// Exactly one source: the store and the files bring their own rows, so a simulation budget, a
// restriction or an external simulator given beside them is refused (SettingsError naming the flag).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "sequential/restricted_simulation.hpp"
#include "pipelines/job.hpp"
#include "pipelines/training_set.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct TrainingDataSettings {
  std::string store;          // a simulation store folder; the task becomes the store's
  std::string theta, x;       // θ and x files (.npy or CSV), both or neither
  std::optional<Index> sims;  // simulations from the prior (unset: kDefaultTrainingSims)
  std::optional<inference::RestrictedSimulationSettings> restriction;  // when simulating
  bool external_simulator = false;  // the task's simulator was replaced by the user's command
  bool task_given = false;          // a task or prior was named: a store must hold that problem
  bool simulates() const { return store.empty() && theta.empty() && x.empty(); }
};

inline constexpr Index kDefaultTrainingSims = 10000;

// SettingsError unless the settings name one source and only what applies to it, with at
// least 10 simulations when simulating.
void check_training_data(const TrainingDataSettings& s);

// The training set: read from the store or the files, or simulated from seed (the task must
// have a simulator). With files the task takes x's column names from the x file; simulated data
// is named x1, x2, ... when the task has no names. Simulated with a restriction, the set carries
// the restricted prior.
TrainingSet training_data(const TrainingDataSettings& s, sim::Task& task, std::uint64_t seed, const Log& log);

}  // namespace sbi::pipelines
