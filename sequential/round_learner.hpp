// One trainable method seen by the multi-round driver (sequential.hpp): it keeps every round's
// simulations, trains on all of them continuing from its previous weights, and gives the
// posterior at x_o that becomes the next round's proposal.
//   Snpe:  a PosteriorEstimator; round 1 maximum likelihood (z-scoring fitted on round 1, as
//          sbi does), later rounds the atomic loss (SNPE-C) or the importance-weighted loss with
//          w = p(θ)/p̃(θ), p̃ = Σ_k (n_k/N)·p̃_k the mixture of all rounds' proposals (SNPE-B, as
//          sbi); posterior = NpePosterior on a frozen copy of the flow (leakage rejected), so
//          earlier proposals keep their density while training goes on.
//   SnpeA: snpe_a_learner.cpp.
//   Snle / Snre: Nle / Nre trained with TrainStart::continue_previous; MCMC posteriors.
#pragma once
#include <memory>

#include "sequential/sequential.hpp"

namespace sbi::inference {

class RoundLearner {
 public:
  virtual ~RoundLearner() = default;
  // Stores the round's pairs (θ inside the support) drawn from `proposal` (null: the prior);
  // returns the rows dropped (non-finite x).
  virtual Index append(const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>& proposal) = 0;
  // Trains on everything appended; `round` counts from 0. Returns the epochs run.
  virtual int train(int round, const nn::TrainSettings& options) = 0;
  virtual std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const = 0;
  virtual const SimulationData& data() const = 0;
  // The trained network as the model file of its one-round method (npe, nle, nre or snpe_a),
  // which `sbi sample` and load_method read.
  virtual nn::ModelArchive archive(const std::string& tag) const = 0;
};

// SNPE-A (snpe_a_learner.cpp).
std::unique_ptr<RoundLearner> make_snpe_a_learner(const sim::PriorPtr& prior, Index x_dim,
                                                  const SequentialSettings& options);

std::unique_ptr<RoundLearner> make_round_learner(const sim::PriorPtr& prior, Index x_dim,
                                                 const SequentialSettings& options);

}  // namespace sbi::inference
