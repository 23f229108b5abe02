// Training the ACE cost network(s) of a `sbi run` job: one network, or an ensemble of
// --ace-members networks from different seeds (inference/ace_ensemble.hpp), with the job's
// training settings; and writing them: model.sbi (member 1) and model_member<k>.sbi.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/job.hpp"
#include "inference/ace_ensemble.hpp"

namespace sbi::cli {

struct TrainedAce {
  inference::AceEnsemble ensemble;
  std::vector<nn::TrainResult> results;  // one per member
  double seconds = 0;
};

// Trains s.ace_members networks (seeds from s.seed, as a single-network job always used) on
// (theta, x) with `observations` as known targets; `what` names them in the log.
TrainedAce train_ace_for_job(const JobSettings& s, const sim::PriorPtr& prior, const inference::PairDistance& distance,
                             const MatrixD& theta, const MatrixD& x, const MatrixD& observations,
                             const std::string& what, const Log& log);

// Member 1's training record (the keys a single-network job writes), plus, for an ensemble,
// the members' records and the penalty.
nlohmann::json ace_training_json(const TrainedAce& trained);

// model.sbi holds member 1; model_member<k>.sbi member k (k ≥ 2). Returns the file names.
std::vector<std::string> save_ace_members(const inference::AceEnsemble& ensemble, const std::string& folder,
                                          const std::string& tag);

// The ensemble cost's two parts at each θ row: the members' mean (the estimate of the
// expected distance) and their sd (0 for one member).
void ace_mean_and_sd(const inference::AceEnsemble& ensemble, const MatrixD& theta, const RowVectorD& x_o,
                     double& mean_of_mean, double& mean_of_sd);

}  // namespace sbi::cli
