// `sbi train`'s training set from a store, θ/x files or the simulator (see training_data.hpp).
#include "pipelines/training_data.hpp"

#include "pipelines/run_folder.hpp"
#include "pipelines/simulation_files.hpp"
#include "pipelines/store_jobs.hpp"
#include "pipelines/training_set.hpp"

namespace sbi::pipelines {

namespace {
// The rows a store holds are its own: nothing that would simulate or choose rows goes with it.
void check_store_source(const TrainingDataSettings& s) {
  const char* given = !s.theta.empty() ? "theta" : !s.x.empty() ? "x" : s.sims ? "sims"
                      : s.external_simulator ? "simulator" : nullptr;
  if (given) throw SettingsError(std::string("--") + given + " does not go with --store (the store holds θ and x)");
}
}  // namespace

void check_training_data(const TrainingDataSettings& s) {
  if (!s.store.empty()) return check_store_source(s);
  if (s.theta.empty() != s.x.empty()) throw SettingsError("--theta and --x go together");
  if (s.simulates()) {
    if (s.sims.value_or(kDefaultTrainingSims) < 10) throw SettingsError("--sims must be at least 10");
    return;
  }
  if (s.restriction) throw SettingsError("--restrict applies when simulating; --theta and --x give the simulations");
  if (s.sims) throw SettingsError("--sims applies when simulating; --theta and --x give the simulations");
  if (s.external_simulator)
    throw SettingsError("--simulator simulates; --theta and --x already give the simulations");
}

TrainingSet training_data(const TrainingDataSettings& s, sim::Task& task, std::uint64_t seed, const Log& log) {
  check_training_data(s);
  if (!s.store.empty()) return TrainingSet{read_store_for_training(s.store, task, s.task_given, log), nullptr};
  if (!s.simulates()) return TrainingSet{read_training_set(s.theta, s.x, task, log), nullptr};
  TrainingSet set = simulate_training_set(task, s.sims.value_or(kDefaultTrainingSims), seed, s.restriction, log);
  name_simulated_data(task);
  return set;
}

}  // namespace sbi::pipelines
