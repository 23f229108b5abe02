// Neural likelihood estimation (NLE; Papamakarios, Sterratt & Murray 2019): a conditional
// density estimator q_φ(x | θ) trained by maximum likelihood on simulations; the posterior for
// x_o is known up to a constant,
//   log p̃(θ | x_o) = log q_φ(x_o | θ) + log p(θ),
// and sampled with MCMC (McmcPosterior, slice sampling by default). The estimator's context
// gradient gives ∂ log q/∂θ; offering it to HMC also needs ∂ log p(θ)/∂θ, which the priors do
// not provide yet, so the NLE potential has no gradient for now.
// With ThetaSpace::unconstrained the flow's condition is z = T⁻¹(θ), the prior's unconstrained
// coordinates (logit for a box prior; sbibm's "automatic transforms"): q_φ(x | z(θ)) is the
// same likelihood in other coordinates of the condition, so no Jacobian enters the potential.
#pragma once
#include <memory>
#include <string>

#include "flows/density_estimator.hpp"
#include "flows/training.hpp"
#include "inference/mcmc_posterior.hpp"
#include "inference/posterior_estimator.hpp"
#include "inference/simulation_data.hpp"
#include "inference/train_start.hpp"

namespace sbi::inference {

struct NleSettings {
  std::string estimator = "maf";  // maf | nsf | nsf_ar | mdn
  std::uint64_t seed = 0;
  // An embedding net of the flow's condition, which for NLE is θ (as sbi's likelihood_nn,
  // whose embedding_net embeds θ): NLE models x itself, so an x-embedding does not apply.
  nn::EmbeddingSpec embedding;
  ThetaSpace theta_space = ThetaSpace::constrained;  // the coordinates of θ the flow is conditioned on
};

class Nle {
 public:
  Nle(sim::PriorPtr prior, NleSettings options = {});
  Index append_simulations(const MatrixD& theta, const MatrixD& x);
  // start: continue_previous keeps the trained flow and its z-scoring (sequential rounds).
  flows::FitResult train(const nn::TrainSettings& options = {}, TrainStart start = TrainStart::fresh);
  // log q(x_o | θ_i) for every θ row.
  VectorD log_likelihood(const MatrixD& theta, const RowVectorD& x_o) const;
  std::shared_ptr<McmcPosterior> posterior(const RowVectorD& x_o, const McmcSettings& mcmc = {}) const;
  const SimulationData& data() const { return data_; }
  ThetaSpace theta_space() const { return options_.theta_space; }

  // Saves the trained estimator (kind "nle") with a tag such as the task name; load checks that
  // the file holds an NLE model for θ of the prior's dimension.
  void save(const std::string& path, const std::string& tag = "") const;
  nn::ModelArchive archive(const std::string& tag) const;  // what save writes
  static Nle load(const std::string& path, sim::PriorPtr prior, std::string* tag = nullptr);
  // The same from an archive already read from `path` (named in errors).
  static Nle from_archive(nn::ModelArchive archive, const std::string& path, sim::PriorPtr prior,
                          std::string* tag = nullptr);

 private:
  sim::PriorPtr prior_;
  NleSettings options_;
  SimulationData data_;
  std::shared_ptr<flows::ConditionalDensityEstimator> estimator_;
};

}  // namespace sbi::inference
