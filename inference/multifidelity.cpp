// Multifidelity NPE: pretraining on low-fidelity, fine-tuning on high-fidelity simulations
// (see multifidelity.hpp).
#include "inference/multifidelity.hpp"

#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "inference/rng_streams.hpp"
#include "nn/model_file.hpp"

namespace sbi::inference {

PosteriorEstimator pretrain_estimator(const std::string& kind, const sim::PriorPtr& prior, ThetaSpace space,
                                      const MatrixD& theta, const MatrixD& x, std::uint64_t seed,
                                      const nn::TrainSettings& training, flows::FitResult* result) {
  if (theta.rows() != x.rows())
    throw ShapeError("pretrain_estimator: theta has " + std::to_string(theta.rows()) + " rows, x " +
                     std::to_string(x.rows()));
  if (theta.rows() < 10)
    throw ValueError("pretrain_estimator: need at least 10 low-fidelity simulations, have " +
                     std::to_string(theta.rows()));
  PosteriorEstimator est = PosteriorEstimator::build(kind, prior, space, x.cols(), derive_seed(seed, streams::kEstimatorInit));
  nn::TrainSettings t = training;
  if (t.seed == 0) t.seed = derive_seed(seed, streams::kTraining);
  flows::FitResult r = est.fit(theta, x, t, /*fit_standardizers=*/true);
  if (result) *result = r;
  return est;
}

flows::FitResult fine_tune_estimator(PosteriorEstimator& est, const MatrixD& theta, const MatrixD& x,
                                     const nn::TrainSettings& training) {
  require_shape("fine_tune_estimator: theta", theta, -1, est.theta_dim());
  require_shape("fine_tune_estimator: x", x, theta.rows(), est.context_dim());
  Index finite = 0;
  for (Index i = 0; i < theta.rows(); ++i) finite += theta.row(i).allFinite() && x.row(i).allFinite();
  if (finite < 2)
    throw ValueError("fine_tune_estimator: " + std::to_string(finite) + " finite high-fidelity rows of " +
                     std::to_string(theta.rows()) + "; need at least 2");
  // fit_standardizers = true refits the z-scoring on the finite HF rows (the LF standardizers
  // are dropped), then trains all weights from their current values on the same rows.
  return est.fit(theta, x, training, /*fit_standardizers=*/true);
}

// ---- MultifidelityNpe ----
MultifidelityNpe::MultifidelityNpe(sim::PriorPtr prior, MultifidelitySettings options)
    : prior_(std::move(prior)), options_(std::move(options)), data_(prior_) {
  estimator_config(options_.estimator, 1, 1, 0);  // validates the name early
}

flows::FitResult MultifidelityNpe::pretrain(const MatrixD& theta_lf, const MatrixD& x_lf) {
  require_shape("MF-NPE pretrain: theta", theta_lf, -1, prior_->dim());
  flows::FitResult r;
  pretrained_ = std::make_shared<PosteriorEstimator>(pretrain_estimator(
      options_.estimator, prior_, options_.theta_space, theta_lf, x_lf, derive_seed(options_.seed, streams::kMfPretraining),
      options_.pretraining, &r));
  return r;
}

void MultifidelityNpe::set_pretrained(PosteriorEstimator estimator) {
  if (estimator.theta_dim() != prior_->dim())
    throw ShapeError("MF-NPE: pretrained estimator has θ dimension " + std::to_string(estimator.theta_dim()) +
                     ", the prior " + std::to_string(prior_->dim()));
  // Its θ space is defined through its prior's bijection, and the posteriors' support is that
  // prior's: it must be this MF-NPE's prior.
  if (estimator.prior() != prior_)
    throw ValueError("MF-NPE: the pretrained estimator was built for another prior object");
  pretrained_ = std::make_shared<PosteriorEstimator>(std::move(estimator));
}

const PosteriorEstimator& MultifidelityNpe::pretrained() const {
  if (!pretrained_) throw ValueError("MF-NPE: no pretrained estimator (call pretrain or set_pretrained)");
  return *pretrained_;
}

Index MultifidelityNpe::append_simulations(const MatrixD& theta_hf, const MatrixD& x_hf) {
  if (pretrained_ && x_hf.cols() != pretrained_->context_dim())
    throw ShapeError("MF-NPE: high-fidelity x has " + std::to_string(x_hf.cols()) +
                     " columns, the pretrained estimator expects " + std::to_string(pretrained_->context_dim()));
  return data_.append(theta_hf, x_hf);
}

flows::FitResult MultifidelityNpe::train() {
  if (!pretrained_) throw ValueError("MF-NPE: pretrain (or set_pretrained) before train");
  if (data_.size() < 2)
    throw ValueError("MF-NPE: need at least 2 high-fidelity simulations, have " + std::to_string(data_.size()));
  fine_tuned_ = std::make_shared<PosteriorEstimator>(pretrained_->clone());
  nn::TrainSettings t = options_.fine_tuning;
  if (t.seed == 0) t.seed = derive_seed(options_.seed, streams::kMfFineTuning);
  return fine_tune_estimator(*fine_tuned_, data_.theta(), data_.x(), t);
}

std::shared_ptr<NpePosterior> MultifidelityNpe::posterior(const RowVectorD& x_o) const {
  if (!fine_tuned_) throw ValueError("MF-NPE: call train() before posterior()");
  return std::make_shared<NpePosterior>(*fine_tuned_, x_o);
}

}  // namespace sbi::inference
