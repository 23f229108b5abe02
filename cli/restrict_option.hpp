// --restrict RULE, --restrict-first N and --restrict-false-negatives F
// (sequential/restricted_simulation.hpp), parsed into the settings that
// pipelines/training_set.hpp uses: simulate N₀ from the prior, fit the classifier of valid
// simulations, draw the rest from the restricted prior.
#pragma once
#include <optional>

#include "cli/args.hpp"
#include "sequential/restricted_simulation.hpp"

namespace sbi::cli {

void add_restrict_options(Args& args);
// The settings of --restrict (none without it); UsageError for a bad rule, a bad number, or
// --restrict-first / --restrict-false-negatives without --restrict. `first` is 0 for the default.
std::optional<inference::RestrictedSimulationSettings> restriction_option(const Args& args);

}  // namespace sbi::cli
