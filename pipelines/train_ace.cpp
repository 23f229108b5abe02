// Training and saving a job's ACE cost network(s) (see train_ace.hpp).
#include "pipelines/train_ace.hpp"
#include "pipelines/rng_streams.hpp"

#include <chrono>
#include <filesystem>

#include "core/errors.hpp"
#include "sequential/restriction_file.hpp"
#include "core/rng.hpp"

namespace sbi::pipelines {

TrainedAce train_ace_for_job(const JobSettings& s, const sim::PriorPtr& prior, const inference::PairDistance& distance,
                             const MatrixD& theta, const MatrixD& x, const MatrixD& observations,
                             const std::string& what, const Log& log) {
  inference::AceSettings options;
  options.seed = derive_seed(s.seed, streams::kMethodInit);
  options.observed_target_fraction = s.ace_observed_fraction;
  options.per_term = s.ace_per_term;
  options.hidden = s.ace_hidden;
  options.blocks = s.ace_blocks;
  options.targets_per_theta = s.ace_targets_per_theta;
  options.loss = s.ace_loss;
  options.embedding = s.embedding;
  nn::TrainSettings train = inference::ace_reference_training();
  train.max_epochs = s.max_epochs;
  train.patience = s.patience;
  train.batch_size = s.batch_size;
  train.adam.learning_rate = s.learning_rate;
  train.seed = derive_seed(s.seed, streams::kTraining);
  train.progress = log.draws_progress();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<nn::TrainResult> results;
  std::unique_ptr<Stage> stage;
  auto on_member = [&](Index k) {
    stage.reset();  // closes the previous member's stage
    const std::string member =
        s.ace_members > 1 ? " " + std::to_string(k + 1) + " of " + std::to_string(s.ace_members) : "";
    stage = std::make_unique<Stage>(log, "training the ACE cost network" + member + " (" + what + ", distance " +
                                             distance.name + ")");
  };
  inference::AceEnsemble ensemble = inference::AceEnsemble::train(prior, distance, options, s.ace_members, theta, x,
                                                                  observations, train, &results, on_member);
  stage.reset();
  ensemble.set_disagreement_penalty(s.ace_disagreement);
  TrainedAce out{std::move(ensemble), std::move(results), 0, {}};
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (std::size_t k = 0; k < out.results.size(); ++k) {
    const auto& r = out.results[k];
    log.info("  " + (out.results.size() > 1 ? "member " + std::to_string(k + 1) + ": " : std::string()) +
             std::to_string(r.epochs.size()) + " epochs, best validation loss " +
             std::to_string(r.best_validation_loss) + " at epoch " + std::to_string(r.best_epoch + 1));
  }
  return out;
}

std::string ace_member_file(Index k) {
  return k == 1 ? "model.sbi" : "model_member" + std::to_string(k) + ".sbi";
}

TrainedAce load_ace_for_job(const JobSettings& s, const std::string& folder, const std::string& task_name,
                            const sim::PriorPtr& prior, const inference::PairDistance& distance, const Log& log) {
  std::vector<inference::Ace> members;
  for (Index k = 1;; ++k) {
    const std::filesystem::path file = std::filesystem::path(folder) / ace_member_file(k);
    if (!std::filesystem::exists(file)) {
      if (k == 1)
        throw NotFoundError("--ace-models: '" + file.string() + "' does not exist (no ACE model in " + folder + ")");
      break;
    }
    std::string tag;
    members.push_back(inference::Ace::load(file.string(), prior, distance, &tag));
    if (tag != task_name)
      throw IOError("'" + file.string() + "' is an ACE model of task '" + tag + "', not '" + task_name + "'");
  }
  log.info("  loaded " + std::to_string(members.size()) + " ACE cost network(s) from " + folder);
  inference::AceEnsemble ensemble(std::move(members), s.ace_disagreement);
  return TrainedAce{std::move(ensemble), {}, 0, folder};
}

namespace {

nlohmann::json one_record(const nn::TrainResult& r) {
  return {{"epochs", r.epochs.size()},
          {"best_epoch", r.best_epoch + 1},
          {"best_validation_loss", r.best_validation_loss},
          {"stopped_early", r.stopped_early},
          {"train_rows", r.train_rows},
          {"validation_rows", r.validation_rows}};
}

}  // namespace

nlohmann::json ace_training_json(const TrainedAce& trained) {
  const inference::AceSettings& network = trained.ensemble.member(0).options();
  const nlohmann::json size = {{"per_term", network.per_term}, {"hidden", network.hidden}, {"blocks", network.blocks}};
  if (trained.results.empty()) {
    nlohmann::json j = {{"loaded_from", trained.loaded_from},
                        {"members", trained.ensemble.size()},
                        {"disagreement_penalty", trained.ensemble.disagreement_penalty()}};
    j.update(size);
    return j;
  }
  nlohmann::json j = one_record(trained.results.front());
  j["output_scale"] = trained.ensemble.member(0).output_scale();
  j["distance"] = trained.ensemble.member(0).distance().name;
  j["targets_per_theta"] = network.targets_per_theta;
  j["loss"] = inference::ace_loss_name(network.loss);
  j.update(size);
  if (trained.ensemble.size() > 1) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& r : trained.results) members.push_back(one_record(r));
    j["members"] = members;
    j["disagreement_penalty"] = trained.ensemble.disagreement_penalty();
  }
  return j;
}

std::vector<std::string> save_ace_members(const inference::AceEnsemble& ensemble, const std::string& folder,
                                          const std::string& tag, const inference::RestrictedPrior* restricted) {
  std::vector<std::string> names;
  for (Index k = 0; k < ensemble.size(); ++k) {
    const std::string name = ace_member_file(k + 1);
    inference::save_with_restriction(folder + "/" + name, ensemble.member(k).archive(tag), restricted);
    names.push_back(name);
  }
  return names;
}

}  // namespace sbi::pipelines
