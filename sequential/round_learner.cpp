// The methods behind the multi-round driver (see round_learner.hpp).
#include "sequential/round_learner.hpp"

#include <cmath>
#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"
#include "sequential/atomic_loss.hpp"
#include "inference/nle.hpp"
#include "inference/npe.hpp"
#include "inference/nre.hpp"
#include "sequential/weighted_loss.hpp"

namespace sbi::inference {

namespace {

class SnpeLearner final : public RoundLearner {
 public:
  SnpeLearner(const sim::PriorPtr& prior, Index x_dim, const SequentialSettings& options)
      : prior_(prior), options_(options), data_(prior, x_dim) {
    estimator_config(options.estimator, 1, 1, 0);  // validates the name before any simulation
  }
  Index append(const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>& proposal) override {
    const Index dropped = data_.append(theta, x);
    proposals_.push_back(proposal);
    round_rows_.push_back(theta.rows() - dropped);
    return dropped;
  }
  int train(int, const nn::TrainSettings& options) override {
    if (data_.size() < 2) throw ValueError("SNPE: fewer than 2 finite simulations to train on");
    flows::FitResult fit;
    if (!estimator_) {
      estimator_ = PosteriorEstimator::build(options_.estimator, prior_, options_.theta_space, data_.x_dim(),
                                             derive_seed(options_.seed, streams::kNetworkStream), options_.embedding);
      fit = estimator_->fit(data_.theta(), data_.x(), options, /*fit_standardizers=*/true);
    } else if (options_.method == SequentialMethod::snpe_b) {
      fit = fit_importance_weighted(*estimator_, data_.theta(), data_.x(), log_importance_weights(), options);
    } else {
      fit = fit_atomic(*estimator_, data_.theta(), data_.x(), options_.num_atoms, options);
    }
    return static_cast<int>(fit.train.epochs.size());
  }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override {
    if (!estimator_) throw ValueError("SNPE: not trained");
    return std::make_shared<NpePosterior>(estimator_->clone(), x_o);
  }
  const SimulationData& data() const override { return data_; }
  nn::ModelArchive archive(const std::string& tag) const override {
    if (!estimator_) throw ValueError("SNPE: not trained");
    return npe_model_archive(*estimator_, tag);
  }

 private:
  // log p(θ_i) − log Σ_k (n_k/N)·p̃_k(θ_i) over every stored row (p̃_k = the prior when null).
  VectorD log_importance_weights() const {
    const MatrixD& theta = data_.theta();
    const VectorD log_prior = prior_->log_prob(theta);
    MatrixD terms(theta.rows(), static_cast<Index>(proposals_.size()));
    for (std::size_t k = 0; k < proposals_.size(); ++k) {
      const double log_share = std::log(double(round_rows_[k]) / double(theta.rows()));
      terms.col(static_cast<Index>(k)) =
          (proposals_[k] ? proposals_[k]->log_prob(theta) : log_prior).array() + log_share;
    }
    VectorD log_w(theta.rows());
    for (Index i = 0; i < theta.rows(); ++i) {
      const double top = terms.row(i).maxCoeff();  // finite: row i's own proposal drew it
      log_w(i) = log_prior(i) - (top + std::log((terms.row(i).array() - top).exp().sum()));
    }
    return log_w;
  }

  sim::PriorPtr prior_;
  SequentialSettings options_;
  SimulationData data_;
  std::vector<std::shared_ptr<Posterior>> proposals_;  // per round; null: the prior
  std::vector<Index> round_rows_;                      // finite rows stored per round
  std::optional<PosteriorEstimator> estimator_;
};

class SnleLearner final : public RoundLearner {
 public:
  SnleLearner(const sim::PriorPtr& prior, const SequentialSettings& options)
      : nle_(prior, NleSettings{options.estimator, derive_seed(options.seed, streams::kNetworkStream), options.embedding,
                                 options.theta_space}), mcmc_(options.mcmc) {}
  Index append(const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>&) override { return nle_.append_simulations(theta, x); }
  int train(int, const nn::TrainSettings& options) override {
    return static_cast<int>(nle_.train(options, TrainStart::continue_previous).train.epochs.size());
  }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return nle_.posterior(x_o, mcmc_); }
  const SimulationData& data() const override { return nle_.data(); }
  nn::ModelArchive archive(const std::string& tag) const override { return nle_.archive(tag); }

 private:
  Nle nle_;
  McmcSettings mcmc_;
};

class SnreLearner final : public RoundLearner {
 public:
  SnreLearner(const sim::PriorPtr& prior, NreVariant variant, const SequentialSettings& options)
      : nre_(prior, nre_options(variant, options)), mcmc_(options.mcmc) {}
  Index append(const MatrixD& theta, const MatrixD& x, const std::shared_ptr<Posterior>&) override { return nre_.append_simulations(theta, x); }
  int train(int, const nn::TrainSettings& options) override {
    return static_cast<int>(nre_.train(options, TrainStart::continue_previous).epochs.size());
  }
  std::shared_ptr<Posterior> posterior(const RowVectorD& x_o) const override { return nre_.posterior(x_o, mcmc_); }
  const SimulationData& data() const override { return nre_.data(); }
  nn::ModelArchive archive(const std::string& tag) const override { return nre_.archive(tag); }

 private:
  static NreSettings nre_options(NreVariant variant, const SequentialSettings& options) {
    NreSettings o;
    o.variant = variant;
    o.num_atoms = options.num_atoms;
    o.seed = derive_seed(options.seed, streams::kNetworkStream);
    o.embedding = options.embedding;
    o.theta_space = options.theta_space;
    return o;
  }
  Nre nre_;
  McmcSettings mcmc_;
};

}  // namespace

std::unique_ptr<RoundLearner> make_round_learner(const sim::PriorPtr& prior, Index x_dim,
                                                 const SequentialSettings& options) {
  switch (options.method) {
    case SequentialMethod::snpe_a: return make_snpe_a_learner(prior, x_dim, options);
    case SequentialMethod::snpe_c:
    case SequentialMethod::snpe_b: return std::make_unique<SnpeLearner>(prior, x_dim, options);
    case SequentialMethod::snle: return std::make_unique<SnleLearner>(prior, options);
    case SequentialMethod::snre_a: return std::make_unique<SnreLearner>(prior, NreVariant::A, options);
    case SequentialMethod::snre_b: return std::make_unique<SnreLearner>(prior, NreVariant::B, options);
    case SequentialMethod::snre_c: return std::make_unique<SnreLearner>(prior, NreVariant::C, options);
  }
  throw ValueError("unknown sequential method");
}

}  // namespace sbi::inference
