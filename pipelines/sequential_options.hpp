// The one place where the pipelines turn their flags into inference::SequentialSettings, for
// `sbi benchmark`, `sbi train --observation` and `sbi run` with --method snpe-a | snpe-b |
// snpe-c | snle | snre | snre-c (the multi-round driver, sequential/sequential.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sequential/restricted_simulation.hpp"
#include "sequential/sequential.hpp"
#include "pipelines/train_method.hpp"

namespace sbi::pipelines {

struct SequentialJobSettings {
  inference::SequentialMethod method = inference::SequentialMethod::snpe_c;
  std::string estimator = "maf";    // snpe-a: mdn
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;
  int rounds = 10;                  // sbibm's protocol
  Index atoms = 10;                 // snpe-c
  std::uint64_t seed = 0;
  nn::TrainSettings training;        // the pipeline's base (sbi's defaults, a max_epochs)
  TrainingOverrides overrides;      // the user's --max-epochs, --patience, --batch-size, --lr on top
  inference::McmcSettings mcmc;     // snle, snre: the proposals' and the posterior's sampler
  nn::EmbeddingSpec embedding;      // --embedding (snle: of θ)
  std::optional<inference::SequentialRestrictionSettings> restriction;  // --restrict: classifier of round 1
};

// --restrict's settings for the multi-round driver (round 1 is the classifier's batch, so
// --restrict-first is refused with a SettingsError); nullopt without --restrict.
std::optional<inference::SequentialRestrictionSettings> round_restriction(
    const std::optional<inference::RestrictedSimulationSettings>& restriction);

// SettingsError naming the flag unless rounds ≥ 1 and atoms ≥ 2, and with --restrict a method
// other than snpe-a and rounds ≥ 2.
void check_sequential_settings(const SequentialJobSettings& settings);

// The driver's options (training progress off; `on_round` gets one line per round).
inference::SequentialSettings sequential_options(const SequentialJobSettings& settings,
                                                std::function<void(const std::string&)> on_round = {});

}  // namespace sbi::pipelines
