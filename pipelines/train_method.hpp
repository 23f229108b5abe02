// Simulations → a trained inference::Method, the step the train, benchmark and calibration
// pipelines share: the method is seeded with derive_seed(seed, kMethodInit) and its training with
// derive_seed(seed, kTraining); simulations with non-finite x are dropped with a count in the log; the
// training runs as a timed stage with a progress line on a terminal.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/device.hpp"
#include "pipelines/progress.hpp"
#include "inference/ace.hpp"
#include "inference/method.hpp"
#include "mcmc/options.hpp"
#include "sequential/restriction.hpp"
#include "simulators/task.hpp"

namespace sbi::pipelines {

struct MethodJob {
  std::string method = "npe";
  std::string estimator = "maf";          // npe / nle density estimator
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;  // npe, nle, nre*
  nn::EmbeddingSpec embedding;            // --embedding (none by default)
  inference::McmcSettings mcmc;            // MCMC of nle / nre posteriors
  std::uint64_t seed = 0;
  nn::TrainSettings training;              // sbi's defaults; seed and progress are set here
  // Simulations drawn under a restricted prior p̃ (pipelines/training_set.hpp): the trained
  // method's posteriors use p̃ (under_restricted_prior). Null: the task's prior.
  std::shared_ptr<const inference::RestrictedPrior> restricted;
};

// A method trained on restricted simulations, rebuilt for the restricted prior p̃ from its
// archive with the classifier added (restriction_file.hpp), so that its posteriors sample under
// p̃ exactly as `sbi sample` does with the saved file. Rejection ABC, whose model is the
// simulation set itself (the first batch's rows outside p̃'s region included), and a null
// `restricted` give the method back unchanged.
std::unique_ptr<inference::Method> under_restricted_prior(std::unique_ptr<inference::Method> method,
                                                          const std::shared_ptr<const inference::RestrictedPrior>& restricted,
                                                          const sim::Task& task, const inference::MethodSettings& settings);

// Returns the trained method; `seconds_training` (optional) receives the training time.
std::unique_ptr<inference::Method> train_method(const MethodJob& job, const sim::Task& task,
                                                const MatrixD& theta, const MatrixD& x,
                                                const Log& log, double* seconds_training = nullptr);

// An ACE cost network (inference::AceSettings' defaults, seed derive_seed(seed, kMethodInit)) for the
// task's distance of this `distance` kind, trained on (theta, x) with the reference training
// capped at 1000 epochs, then `overrides` (its seed derive_seed(seed, kTraining)); `sbi train --method ace`.
struct TrainingOverrides;
inference::Ace train_ace_network(const sim::Task& task, const MatrixD& theta, const MatrixD& x,
                                 const std::string& distance, std::uint64_t seed,
                                 const TrainingOverrides& overrides, const nn::EmbeddingSpec& embedding,
                                 const Log& log);

// Training settings a user overrides (flags --max-epochs, --patience, --batch-size, --lr) on top
// of a method's defaults; unset ones keep the defaults.
struct TrainingOverrides {
  std::optional<int> max_epochs, patience, batch_size;
  std::optional<double> learning_rate;
  // Sets the given fields in `t`; SettingsError unless all of t's are then positive.
  void apply_to(nn::TrainSettings& t) const;
};

// `sbi train`: one network trained on given simulations and saved to a model file tagged with
// the task (or prior file). method "ace": train_ace_network with `distance`; others:
// train_method with the method's reference training, then `training`.
struct TrainJobSettings {
  std::string method = "ace";
  std::string estimator = "maf";
  inference::ThetaSpace theta_space = inference::ThetaSpace::constrained;
  std::uint64_t seed = 0;
  TrainingOverrides training;
  std::string distance = "task";  // ACE only
  nn::EmbeddingSpec embedding;    // --embedding (none by default)
  std::string out;                // the model file
  Device device = Device::Cpu;     // --device: cuda is refused here today (pipelines/device_backend.hpp)
};
// The ACE distance of a training run: the one named (mse or mae_zscored, or task: the task's own,
// which a prior file has not) or, unnamed, the task's. SettingsError naming --distance for a
// distance with another method, an unknown name, or a prior file without one.
std::string ace_distance_kind(const std::string& method, const std::optional<std::string>& named, bool prior_file);
// SettingsError "unknown method 'm' (available: ...)" unless ace or one of inference::method_names().
void check_train_method(const std::string& method);
// Trains and writes the model file; with `restricted` (simulations drawn under p̃) the file holds
// p̃'s classifier too, so that `sbi sample` and Python's load sample under p̃.
void train_and_save(const TrainJobSettings& settings, const sim::Task& task, const MatrixD& theta, const MatrixD& x,
                    const Log& log, const std::shared_ptr<const inference::RestrictedPrior>& restricted = nullptr);

}  // namespace sbi::pipelines
