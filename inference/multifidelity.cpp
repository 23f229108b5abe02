// Multifidelity NPE: pretraining on low-fidelity, fine-tuning on high-fidelity simulations
// (see multifidelity.hpp).
#include "inference/multifidelity.hpp"

#include <vector>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "nn/model_file.hpp"

namespace sbi::inference {

EstimatorPtr clone_estimator(flows::ConditionalDensityEstimator& estimator) {
  nn::ModelArchive archive;
  estimator.write_to(archive, "");
  return EstimatorPtr(flows::read_estimator(archive, ""));
}

EstimatorPtr pretrain_estimator(const std::string& kind, const MatrixD& theta, const MatrixD& x,
                                std::uint64_t seed, const nn::TrainOptions& training,
                                flows::FitResult* result) {
  if (theta.rows() != x.rows())
    throw ShapeError("pretrain_estimator: theta has " + std::to_string(theta.rows()) + " rows, x " +
                     std::to_string(x.rows()));
  if (theta.rows() < 10)
    throw ValueError("pretrain_estimator: need at least 10 low-fidelity simulations, have " +
                     std::to_string(theta.rows()));
  EstimatorPtr est(flows::build_estimator(estimator_config(kind, theta.cols(), x.cols(), derive_seed(seed, 1))));
  nn::TrainOptions t = training;
  if (t.seed == 0) t.seed = derive_seed(seed, 2);
  flows::FitResult r = flows::fit_estimator(*est, theta.cast<float>(), x.cast<float>(), t, true);
  if (result) *result = r;
  return est;
}

flows::FitResult fine_tune_estimator(flows::ConditionalDensityEstimator& est, const MatrixD& theta,
                                     const MatrixD& x, const nn::TrainOptions& training) {
  require_shape("fine_tune_estimator: theta", theta, -1, est.y_dim());
  require_shape("fine_tune_estimator: x", x, theta.rows(), est.context_dim());
  // Refit the z-scoring on the finite HF rows (the LF standardizers are dropped).
  std::vector<Index> keep;
  for (Index i = 0; i < theta.rows(); ++i)
    if (theta.row(i).allFinite() && x.row(i).allFinite()) keep.push_back(i);
  if (keep.size() < 2)
    throw ValueError("fine_tune_estimator: " + std::to_string(keep.size()) + " finite high-fidelity rows of " +
                     std::to_string(theta.rows()) + "; need at least 2");
  MatrixF theta_f(static_cast<Index>(keep.size()), theta.cols()), x_f(static_cast<Index>(keep.size()), x.cols());
  for (std::size_t r = 0; r < keep.size(); ++r) {
    theta_f.row(static_cast<Index>(r)) = theta.row(keep[r]).cast<float>();
    x_f.row(static_cast<Index>(r)) = x.row(keep[r]).cast<float>();
  }
  est.fit_standardizers(theta_f, x_f);
  return flows::fit_estimator(est, theta_f, x_f, training, /*fit_standardizers=*/false);
}

// ---- MultifidelityNpe ----
MultifidelityNpe::MultifidelityNpe(sim::PriorPtr prior, MultifidelityOptions options)
    : prior_(std::move(prior)), options_(std::move(options)), data_(prior_) {
  estimator_config(options_.estimator, 1, 1, 0);  // validates the name early
}

flows::FitResult MultifidelityNpe::pretrain(const MatrixD& theta_lf, const MatrixD& x_lf) {
  require_shape("MF-NPE pretrain: theta", theta_lf, -1, prior_->dim());
  flows::FitResult r;
  pretrained_ = pretrain_estimator(options_.estimator, to_theta_space(*prior_, options_.theta_space, theta_lf), x_lf,
                                   derive_seed(options_.seed, 10),
                                   options_.pretraining, &r);
  return r;
}

void MultifidelityNpe::set_pretrained(EstimatorPtr estimator) {
  if (!estimator) throw ValueError("MF-NPE: set_pretrained got no estimator");
  if (estimator->y_dim() != prior_->dim())
    throw ShapeError("MF-NPE: pretrained estimator has θ dimension " + std::to_string(estimator->y_dim()) +
                     ", the prior " + std::to_string(prior_->dim()));
  pretrained_ = std::move(estimator);
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
  fine_tuned_ = clone_estimator(*pretrained_);
  nn::TrainOptions t = options_.fine_tuning;
  if (t.seed == 0) t.seed = derive_seed(options_.seed, 11);
  return fine_tune_estimator(*fine_tuned_, to_theta_space(*prior_, options_.theta_space, data_.theta()), data_.x(), t);
}

std::shared_ptr<NpePosterior> MultifidelityNpe::posterior(const RowVectorD& x_o) const {
  if (!fine_tuned_) throw ValueError("MF-NPE: call train() before posterior()");
  return std::make_shared<NpePosterior>(fine_tuned_, prior_, x_o, options_.theta_space);
}

}  // namespace sbi::inference
