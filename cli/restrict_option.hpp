// --restrict RULE, --restrict-first N and --restrict-false-negatives F
// (inference/restricted_simulation.hpp): simulate N₀ from the prior, fit the classifier of valid
// simulations, draw the rest from the restricted prior. Rows the rule calls invalid are counted
// ("wasted") and left out of training.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/job.hpp"
#include "inference/restricted_simulation.hpp"

namespace sbi::cli {

void add_restrict_options(Args& args);
// The settings of --restrict (none without it); UsageError for a bad rule, a bad number, or
// --restrict-first / --restrict-false-negatives without --restrict. `first` is 0 for the default.
std::optional<inference::RestrictionSettings> restriction_option(const Args& args);

// Without a restriction: simulate_from_prior. With one: the two-stage set, valid rows only;
// `report` (if given) receives the counts, the acceptance rate and the threshold.
SimulationSet simulate_training_set(const sim::Task& task, Index n, std::uint64_t seed,
                                    const std::optional<inference::RestrictionSettings>& restriction,
                                    const Log& log, nlohmann::json* report = nullptr);

}  // namespace sbi::cli
