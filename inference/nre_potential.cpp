// NRE potential and its gradient (see nre_potential.hpp).
#include "inference/nre_potential.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "nn/parameter.hpp"

namespace sbi::inference {

LogRatioEvaluator::LogRatioEvaluator(std::shared_ptr<nn::ResidualNet> net,
                                     const nn::Standardizer& theta_z, const nn::Standardizer& x_z,
                                     const RowVectorD& x_o)
    : net_(std::move(net)), theta_z_(theta_z) {
  context_row_ = x_z.transform(MatrixD(x_o)).cast<float>();
}

ad::Var LogRatioEvaluator::forward(const MatrixD& theta, bool with_grad, ad::Var* input) {
  const Index n = theta.rows();
  tape_.reset();
  const MatrixF theta_f = theta_z_.transform(theta).cast<float>();
  ad::Var in = with_grad ? tape_.variable(theta_f) : tape_.constant(theta_f);
  ad::Var ctx = tape_.record(n, context_row_.cols(), nullptr, nullptr, 0);
  ctx.value().rowwise() = context_row_.row(0);
  if (input) *input = in;
  return net_->forward(tape_, in, ctx);
}

void LogRatioEvaluator::value(const MatrixD& theta, VectorD& out) {
  nn::NoGradScope no_grad;
  const ad::Var logits = forward(theta, false, nullptr);
  out = logits.value().col(0).cast<double>();
}

void LogRatioEvaluator::value_and_grad(const MatrixD& theta, VectorD& out, MatrixD& grad) {
  nn::NoGradScope no_grad;  // weights are constants; θ is the only variable
  ad::Var in;
  const ad::Var logits = forward(theta, true, &in);
  out = logits.value().col(0).cast<double>();
  // Rows are independent, so a seed of ones gives every row's own gradient.
  tape_.backward(logits, MatrixF::Ones(theta.rows(), 1));
  grad = in.grad().cast<double>();
  const RowVectorD inv_sd = theta_z_.sd().row(0).cwiseInverse();
  grad.array().rowwise() *= inv_sd.array();
}

mcmc::LogDensity log_ratio_potential(std::shared_ptr<LogRatioEvaluator> evaluator,
                                     sim::PriorPtr prior) {
  mcmc::LogDensity density;
  density.dim = prior->dim();
  density.value = [evaluator, prior](const MatrixD& theta, VectorD& logp) {
    evaluator->value(theta, logp);
    logp += prior->log_prob(theta);
  };
  density.value_and_grad = [evaluator, prior](const MatrixD& theta, VectorD& logp, MatrixD& grad) {
    evaluator->value_and_grad(theta, logp, grad);
    logp += prior->log_prob(theta);
    grad += prior->log_prob_gradient(theta);
  };
  return density;
}

}  // namespace sbi::inference
