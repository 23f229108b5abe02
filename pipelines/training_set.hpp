// The training simulations of a job: from the prior, or, with a restriction
// (sequential/restricted_simulation.hpp), N₀ from the prior, a classifier of valid simulations,
// and the rest from the restricted prior; rows the rule calls invalid are counted ("wasted") and
// left out of training.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "sequential/restricted_simulation.hpp"
#include "pipelines/job.hpp"

namespace sbi::pipelines {

// Training simulations and, when they were restricted, the restricted prior p̃ that drew the rows
// after the first batch (null without a restriction, or when the first batch is the whole set).
// Posteriors of methods trained on them use p̃ (train_method.hpp: under_restricted_prior).
struct TrainingSet : SimulationSet {
  std::shared_ptr<const inference::RestrictedPrior> restricted;
};

// Without a restriction: simulate_from_prior. With one: the two-stage set, valid rows only;
// `report` (if given) receives the counts, the acceptance rate and the threshold. SettingsError
// when the first batch exceeds n.
TrainingSet simulate_training_set(const sim::Task& task, Index n, std::uint64_t seed,
                                    const std::optional<inference::RestrictedSimulationSettings>& restriction,
                                    const Log& log, nlohmann::json* report = nullptr);

// A run job's training set (s.sims from s.seed, restricted when s.restriction is set), recording
// "seconds_simulating" and, with a restriction, "restriction" in `summary`.
TrainingSet simulate_job_set(const JobSettings& s, const sim::Task& task, const Log& log, nlohmann::json& summary);

}  // namespace sbi::pipelines
