// Training a method from simulations (see train_method.hpp).
#include "pipelines/device_backend.hpp"
#include "pipelines/train_method.hpp"

#include <algorithm>

#include "inference/task_distance.hpp"
#include "pipelines/job.hpp"
#include "pipelines/rng_streams.hpp"
#include "sequential/restriction_file.hpp"
#include "simulators/model_tag.hpp"
#include "core/errors.hpp"
#include "core/rng.hpp"

namespace sbi::pipelines {

std::unique_ptr<inference::Method> train_method(const MethodJob& job, const sim::Task& task,
                                                const MatrixD& theta, const MatrixD& x,
                                                const Log& log, double* seconds_training) {
  inference::MethodSettings settings;
  settings.estimator = job.estimator;
  settings.embedding = job.embedding;
  settings.theta_space = job.theta_space;
  settings.mcmc = job.mcmc;
  settings.seed = derive_seed(job.seed, streams::kMethodInit);
  settings.training = job.training;
  settings.training.seed = derive_seed(job.seed, streams::kTraining);
  settings.training.progress = log.draws_progress();
  auto method = inference::make_method(job.method, task.prior, settings);
  const Index dropped = method->append_simulations(theta, x);
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  Stage stage(log, "training " + job.method + " on " + std::to_string(theta.rows() - dropped) + " " +
                       task.name + " simulations");
  method->train();
  stage.finish();
  if (seconds_training) *seconds_training = stage.seconds();
  return under_restricted_prior(std::move(method), job.restricted, task, settings);
}

std::unique_ptr<inference::Method> under_restricted_prior(std::unique_ptr<inference::Method> method,
                                                          const std::shared_ptr<const inference::RestrictedPrior>& restricted,
                                                          const sim::Task& task, const inference::MethodSettings& settings) {
  if (!restricted || method->name() == "rej-abc") return method;
  nn::ModelArchive archive = method->archive(sim::model_tag(task));
  inference::add_restriction(archive, *restricted);
  return inference::load_method(archive, "the trained " + method->name() + " model", restricted, settings);
}

inference::Ace train_ace_network(const sim::Task& task, const MatrixD& theta, const MatrixD& x,
                                 const std::string& distance, std::uint64_t seed,
                                 const TrainingOverrides& overrides, const nn::EmbeddingSpec& embedding,
                                 const Log& log) {
  inference::AceSettings options;
  options.seed = derive_seed(seed, streams::kMethodInit);
  options.embedding = embedding;
  inference::Ace ace(task.prior, inference::pair_distance_for_task(task, distance, finite_rows(x)), options);
  const Index dropped = ace.append_simulations(theta, x);
  if (dropped > 0) log.info("  dropped " + std::to_string(dropped) + " simulations with non-finite x");
  nn::TrainSettings train = inference::ace_reference_training();
  train.max_epochs = 1000;
  overrides.apply_to(train);
  train.seed = derive_seed(seed, streams::kTraining);
  train.progress = log.draws_progress();
  Stage stage(log, "training the ACE cost network");
  const auto result = ace.train(train);
  log.info("  " + std::to_string(result.epochs.size()) + " epochs, best validation loss " +
           std::to_string(result.best_validation_loss));
  return ace;
}

void TrainingOverrides::apply_to(nn::TrainSettings& t) const {
  if (max_epochs) t.max_epochs = *max_epochs;
  if (patience) t.patience = *patience;
  if (batch_size) t.batch_size = *batch_size;
  if (learning_rate) t.adam.learning_rate = *learning_rate;
  if (t.max_epochs < 1 || t.patience < 1 || t.batch_size < 1 || !(t.adam.learning_rate > 0))
    throw SettingsError("--max-epochs, --patience, --batch-size and --lr must be positive");
}

void train_and_save(const TrainJobSettings& s, const sim::Task& task, const MatrixD& theta, const MatrixD& x,
                    const Log& log, const std::shared_ptr<const inference::RestrictedPrior>& restricted) {
  require_cpu_only(s.device, "train --method " + s.method);
  if (s.method == "ace") {
    const inference::Ace ace = train_ace_network(task, theta, x, s.distance, s.seed, s.training, s.embedding, log);
    inference::save_with_restriction(s.out, ace.archive(sim::model_tag(task)), restricted.get());
    return;
  }
  MethodJob job;
  job.method = s.method;
  job.estimator = s.estimator;
  job.theta_space = s.theta_space;
  job.embedding = s.embedding;
  job.seed = s.seed;
  job.restricted = restricted;
  s.training.apply_to(job.training);
  const auto method = train_method(job, task, theta, x, log);
  const bool keeps_restriction = method->name() != "rej-abc";
  inference::save_with_restriction(s.out, method->archive(sim::model_tag(task)),
                                   keeps_restriction ? restricted.get() : nullptr);
}

std::string ace_distance_kind(const std::string& method, const std::optional<std::string>& named, bool prior_file) {
  if (!named) {
    if (method == "ace" && prior_file)
      throw SettingsError("--method ace with --prior needs --distance mse or --distance mae_zscored");
    return "task";
  }
  if (method != "ace") throw SettingsError("--distance applies to --method ace");
  const std::string& kind = *named;
  if (kind != "mse" && kind != "mae_zscored" && !(kind == "task" && !prior_file))
    throw SettingsError("--distance must be " + std::string(prior_file ? "" : "task, ") + "mse or mae_zscored, got '" +
                        kind + "'");
  return kind;
}

void check_train_method(const std::string& method) {
  const auto names = inference::method_names();
  if (method != "ace" && std::find(names.begin(), names.end(), method) == names.end())
    throw SettingsError("unknown method '" + method + "' (available: ace, npe, nle, nre, nre-b, nre-c, rej-abc)");
}

}  // namespace sbi::pipelines
