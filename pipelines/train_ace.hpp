// Training the ACE cost network(s) of a `sbi run` job: one network, or an ensemble of
// --ace-members networks from different seeds (inference/ace_ensemble.hpp), with the job's
// training settings; and writing them: model.sbi (member 1) and model_member<k>.sbi.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipelines/job.hpp"
#include "inference/ace_ensemble.hpp"

namespace sbi::pipelines {

struct TrainedAce {
  inference::AceEnsemble ensemble;
  std::vector<nn::TrainResult> results;  // one per member (empty when loaded)
  double seconds = 0;
  std::string loaded_from;               // the folder the members were read from, if not trained
};

// Trains s.ace_members networks (seeds from s.seed, as a single-network job always used) on
// (theta, x) with `observations` as known targets; `what` names them in the log.
TrainedAce train_ace_for_job(const JobSettings& s, const sim::PriorPtr& prior, const inference::PairDistance& distance,
                             const MatrixD& theta, const MatrixD& x, const MatrixD& observations,
                             const std::string& what, const Log& log);

// The cost networks an earlier run saved in `folder` (model.sbi, then model_member2.sbi, ...
// while they exist), with the penalty s.ace_disagreement. Each file must be an ACE model of task
// `task_name` trained with `distance` (for mae_zscored, the same z-scoring scales, i.e. the
// same simulation set); anything else is refused by name.
TrainedAce load_ace_for_job(const JobSettings& s, const std::string& folder, const std::string& task_name,
                            const sim::PriorPtr& prior, const inference::PairDistance& distance, const Log& log);

// Member 1's training record (the keys a single-network job writes), plus, for an ensemble,
// the members' records and the penalty; for loaded members, where they came from.
nlohmann::json ace_training_json(const TrainedAce& trained);

// The file of member k (1-based) in a run folder: model.sbi for member 1, model_member<k>.sbi after.
std::string ace_member_file(Index k);

// Saves every member under ace_member_file(k) (with the restricted prior's classifier when the
// simulations were restricted: restriction_file.hpp). Returns the file names.
std::vector<std::string> save_ace_members(const inference::AceEnsemble& ensemble, const std::string& folder,
                                          const std::string& tag, const inference::RestrictedPrior* restricted = nullptr);

}  // namespace sbi::pipelines
