// An ensemble of ACE cost networks (see ace_ensemble.hpp).
#include "inference/ace_ensemble.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"

namespace sbi::inference {

namespace {

// The members' mean m and sample sd s (divisor K − 1; 0 for one member) at batch row i.
void member_stats(const std::vector<VectorD>& costs, Index i, double& mean, double& sd) {
  const double k = double(costs.size());
  mean = 0;
  for (const VectorD& c : costs) mean += c[i];
  mean /= k;
  double var = 0;
  for (const VectorD& c : costs) var += (c[i] - mean) * (c[i] - mean);
  sd = costs.size() > 1 ? std::sqrt(var / (k - 1)) : 0.0;
}

// m + λ·s over the members' costs for a batch of θ, with reusable per-member buffers.
class EnsembleCost : public AceCost {
 public:
  EnsembleCost(std::vector<std::shared_ptr<AceCost>> members, double penalty)
      : members_(std::move(members)), penalty_(penalty), buffers_(members_.size()) {}

  // Each member's ĉ for the batch, into its buffer (grown to the largest batch, then reused).
  const std::vector<VectorD>& evaluate_members(ConstRowsD theta) {
    const Index n = theta.rows();
    for (std::size_t m = 0; m < members_.size(); ++m) {
      if (buffers_[m].size() < n) buffers_[m].resize(n);
      members_[m]->evaluate(theta, buffers_[m].head(n));
    }
    return buffers_;
  }

  void evaluate(ConstRowsD theta, ValuesD out) override {
    evaluate_members(theta);
    for (Index i = 0; i < theta.rows(); ++i) {
      double mean, sd;
      member_stats(buffers_, i, mean, sd);
      out[i] = mean + penalty_ * sd;
    }
  }

 private:
  std::vector<std::shared_ptr<AceCost>> members_;
  double penalty_;
  std::vector<VectorD> buffers_;  // member m's costs for the current batch
};

std::vector<std::shared_ptr<AceCost>> member_cost_functions(const std::vector<Ace>& members, const RowVectorD& x_o) {
  std::vector<std::shared_ptr<AceCost>> costs;
  for (const Ace& m : members) costs.push_back(m.cost_function(x_o));
  return costs;
}

}  // namespace

AceEnsemble::AceEnsemble(std::vector<Ace> members, double disagreement_penalty)
    : members_(std::move(members)) {
  if (members_.empty()) throw ValueError("AceEnsemble: at least one member is required");
  set_disagreement_penalty(disagreement_penalty);
  const Ace& first = members_.front();
  for (std::size_t k = 0; k < members_.size(); ++k) {
    const Ace& m = members_[k];
    if (!m.trained()) throw ValueError("AceEnsemble: member " + std::to_string(k) + " is not trained");
    if (m.prior()->dim() != first.prior()->dim())
      throw ShapeError("AceEnsemble: member " + std::to_string(k) + " has θ dimension " +
                       std::to_string(m.prior()->dim()) + ", member 0 " + std::to_string(first.prior()->dim()));
    if (m.distance().name != first.distance().name)
      throw ValueError("AceEnsemble: member " + std::to_string(k) + " learned the distance '" + m.distance().name +
                       "', member 0 '" + first.distance().name + "'");
  }
}

AceEnsemble AceEnsemble::train(sim::PriorPtr prior, const PairDistance& distance, const AceSettings& options,
                               Index members, const MatrixD& theta, const MatrixD& x, const MatrixD& observations,
                               const nn::TrainSettings& train, std::vector<nn::TrainResult>* results,
                               const std::function<void(Index)>& on_member) {
  if (members < 1) throw ValueError("AceEnsemble::train: members must be ≥ 1, got " + std::to_string(members));
  std::vector<Ace> trained;
  if (results) results->clear();
  for (Index k = 0; k < members; ++k) {
    if (on_member) on_member(k);
    AceSettings member_options = options;
    nn::TrainSettings member_train = train;
    if (k > 0) {
      member_options.seed = derive_seed(options.seed, streams::kAceEnsembleMember.id(static_cast<std::uint64_t>(k)));
      member_train.seed = derive_seed(train.seed, streams::kAceEnsembleMember.id(static_cast<std::uint64_t>(k)));
    }
    Ace ace(prior, distance, member_options);
    ace.append_simulations(theta, x);
    if (observations.rows() > 0) ace.add_observations(observations);
    nn::TrainResult r = ace.train(member_train);
    ace.release_training_data();  // the caller holds the simulations; K members need no K copies
    if (results) results->push_back(std::move(r));
    trained.push_back(std::move(ace));
  }
  return AceEnsemble(std::move(trained));
}

void AceEnsemble::set_disagreement_penalty(double lambda) {
  if (!(lambda >= 0) || !std::isfinite(lambda))
    throw ValueError("AceEnsemble: the disagreement penalty λ must be a finite number ≥ 0, got " +
                     std::to_string(lambda));
  penalty_ = lambda;
}

const Ace& AceEnsemble::member(Index k) const {
  if (k < 0 || k >= size())
    throw ValueError("AceEnsemble::member: index " + std::to_string(k) + " outside 0.." + std::to_string(size() - 1));
  return members_[static_cast<std::size_t>(k)];
}

MatrixD AceEnsemble::member_costs(const MatrixD& theta, const RowVectorD& x_o) const {
  MatrixD out(theta.rows(), size());
  for (Index k = 0; k < size(); ++k) out.col(k) = members_[static_cast<std::size_t>(k)].cost(theta, x_o);
  return out;
}

VectorD AceEnsemble::cost(const MatrixD& theta, const RowVectorD& x_o) const {
  require_shape("AceEnsemble::cost: theta", theta, -1, members_.front().prior()->dim());
  VectorD out(theta.rows());
  cost_function(x_o)->evaluate(theta, out);
  return out;
}

std::shared_ptr<AceCost> AceEnsemble::cost_function(const RowVectorD& x_o) const {
  return std::make_shared<EnsembleCost>(member_cost_functions(members_, x_o), penalty_);
}

void AceEnsemble::mean_and_sd(const MatrixD& theta, const RowVectorD& x_o, VectorD& mean, VectorD& sd) const {
  require_shape("AceEnsemble::mean_and_sd: theta", theta, -1, members_.front().prior()->dim());
  EnsembleCost cost(member_cost_functions(members_, x_o), 0.0);
  const std::vector<VectorD>& costs = cost.evaluate_members(theta);
  mean.resize(theta.rows());
  sd.resize(theta.rows());
  for (Index i = 0; i < theta.rows(); ++i) member_stats(costs, i, mean[i], sd[i]);
}

std::shared_ptr<McmcPosterior> AceEnsemble::posterior(const RowVectorD& x_o, double beta,
                                                      const McmcSettings& mcmc, sim::PriorPtr prior) const {
  if (prior && prior->dim() != members_.front().prior()->dim())
    throw ShapeError("ACE ensemble posterior: the prior has dimension " + std::to_string(prior->dim()) +
                     ", the members' " + std::to_string(members_.front().prior()->dim()));
  return gbi_posterior(prior ? prior : members_.front().prior(), cost_function(x_o), beta, mcmc,
                       "ACE ensemble generalized posterior (" + std::to_string(size()) + " members, penalty " +
                           std::to_string(penalty_) + ", beta " + std::to_string(beta) + ")");
}

}  // namespace sbi::inference
