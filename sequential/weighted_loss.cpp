// The importance-weighted NPE loss of SNPE-B (see weighted_loss.hpp).
#include "sequential/weighted_loss.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/ops.hpp"

namespace sbi::inference {

flows::FitResult fit_importance_weighted(PosteriorEstimator& estimator, const MatrixD& theta, const MatrixD& x,
                                         const VectorD& log_weights, const nn::TrainSettings& options) {
  require_shape("fit_importance_weighted: theta", theta, -1, estimator.theta_dim());
  require_shape("fit_importance_weighted: x", x, theta.rows(), estimator.context_dim());
  if (log_weights.size() != theta.rows())
    throw ShapeError("SNPE-B: " + std::to_string(log_weights.size()) + " weights for " +
                     std::to_string(theta.rows()) + " simulations");
  for (Index i = 0; i < log_weights.size(); ++i)
    if (!std::isfinite(log_weights(i)))
      throw ValueError("SNPE-B: simulation row " + std::to_string(i) + " has a non-finite importance weight");
  const MatrixF theta_f = estimator.to_flow_space(theta).cast<float>(), x_f = x.cast<float>();
  const MatrixF weights_f = log_weights.array().exp().matrix().cast<float>();
  flows::ConditionalDensityEstimator& flow = estimator.flow();
  const nn::LossFunction loss = [&flow](ad::Tape& tape, const nn::Batch& batch) {
    const ad::Var log_q = flow.log_prob(tape, batch.inputs[0], batch.inputs[1]);
    return ad::neg(ad::mean(ad::mul(log_q, batch.inputs[2])));
  };
  flows::FitResult result;
  result.train = nn::train({&theta_f, &x_f, &weights_f}, flow.parameters(), loss, options);
  return result;
}

}  // namespace sbi::inference
