// NRE potential and its gradient (see nre_potential.hpp).
#include "inference/nre_potential.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "nn/embedding_spec.hpp"
#include "nn/parameter.hpp"

namespace sbi::inference {

LogRatioEvaluator::LogRatioEvaluator(std::shared_ptr<nn::ResidualNet> net,
                                     const nn::Standardizer& theta_z, const nn::Standardizer& x_z,
                                     const RowVectorD& x_o, const std::shared_ptr<nn::Embedding>& embedding,
                                     sim::PriorPtr unconstrained_prior)
    : net_(std::move(net)), theta_z_(theta_z), rows_net_(*net_), unconstrained_(std::move(unconstrained_prior)) {
  context_row_ = nn::embed_constant(embedding.get(), x_z.transform(MatrixD(x_o)).cast<float>());  // e(x̂_o), once
  inv_sd_ = theta_z_.sd().row(0).cwiseInverse();
}

ConstRowsD LogRatioEvaluator::coordinates(ConstRowsD theta) {
  if (!unconstrained_) return theta;
  reserve_rows(z_, theta.rows(), theta.cols());
  unconstrained_->to_unconstrained_into(theta, z_.topRows(theta.rows()));
  return z_.topRows(theta.rows());
}

ad::Var LogRatioEvaluator::forward(ConstRowsD theta_in, bool with_grad, ad::Var* input) {
  const ConstRowsD theta = coordinates(theta_in);
  const Index n = theta.rows();
  tape_.reset();
  ad::Var in = tape_.record(n, theta.cols(), nullptr, nullptr, 0);
  theta_z_.transform_into(theta, in.value());
  if (with_grad) in = tape_.variable(in.value());
  ad::Var ctx = tape_.record(n, context_row_.cols(), nullptr, nullptr, 0);
  ctx.value().rowwise() = context_row_.row(0);
  if (input) *input = in;
  return net_->forward(tape_, in, ctx);
}

void LogRatioEvaluator::value(ConstRowsD theta_in, ValuesD out) {
  const ConstRowsD theta = coordinates(theta_in);
  const Index n = theta.rows(), d = theta.cols(), c = context_row_.cols();
  if (d != theta_z_.dim()) throw ShapeError("NRE potential: θ has " + std::to_string(d) + " columns, expected " +
                                            std::to_string(theta_z_.dim()));
  input_.reserve(nn::padded_rows(n), d + c);
  const MatrixD &mean = theta_z_.mean(), &sd = theta_z_.sd();
  for (Index r = 0; r < n; ++r) {
    float* row = input_.data() + r * input_.ld();
    for (Index j = 0; j < d; ++j) row[j] = static_cast<float>((theta(r, j) - mean(0, j)) / sd(0, j));  // as transform_into
    for (Index k = 0; k < c; ++k) row[d + k] = context_row_(0, k);
  }
  const float* logits = rows_net_.forward(input_.data(), input_.ld(), n);
  for (Index r = 0; r < n; ++r) out[r] = logits[r * rows_net_.ld()];
  mark_boundary(n, out, nullptr);
}

void LogRatioEvaluator::mark_boundary(Index n, ValuesD out, RowsD* grad) const {
  if (!unconstrained_) return;
  for (Index i = 0; i < n; ++i)
    if (!z_.row(i).allFinite()) {
      out[i] = -std::numeric_limits<double>::infinity();
      if (grad) grad->row(i).setZero();
    }
}

void LogRatioEvaluator::value_and_grad(ConstRowsD theta, ValuesD out, RowsD grad) {
  nn::NoGradScope no_grad;  // weights are constants; θ is the only variable
  ad::Var in;
  const ad::Var logits = forward(theta, true, &in);
  out = logits.value().col(0).cast<double>();
  // Rows are independent, so a seed of ones gives every row's own gradient.
  if (ones_.rows() < theta.rows()) ones_ = MatrixF::Ones(theta.rows(), 1);
  tape_.backward(logits, ones_.topRows(theta.rows()));
  grad = in.grad().cast<double>();
  grad.array().rowwise() *= inv_sd_.array();
  if (!unconstrained_) return;
  const Index d = theta.cols();
  if (jacobian_.cols() != d) {
    jacobian_ = MatrixD::Zero(4, d);
    jacobian_.row(0).setOnes();
  }
  // pullback(z, g) = (∂T/∂z)ᵀ g + ∇_z log|det ∂T/∂z|, so ∂θ_j/∂z_j = pullback(z, 1)_j − pullback(z, 0)_j.
  for (Index i = 0; i < theta.rows(); ++i) {
    unconstrained_->pullback_gradient_one(z_.row(i).data(), jacobian_.row(0).data(), jacobian_.row(2).data());
    unconstrained_->pullback_gradient_one(z_.row(i).data(), jacobian_.row(1).data(), jacobian_.row(3).data());
    grad.row(i).array() /= (jacobian_.row(2) - jacobian_.row(3)).array();
  }
  mark_boundary(theta.rows(), out, &grad);
}

mcmc::LogDensity log_ratio_potential(std::shared_ptr<LogRatioEvaluator> evaluator,
                                     sim::PriorPtr prior) {
  mcmc::LogDensity density;
  density.dim = prior->dim();
  density.value = [evaluator, prior](ConstRowsD theta, ValuesD logp) {
    evaluator->value(theta, logp);
    for (Index i = 0; i < theta.rows(); ++i) logp[i] += prior->log_prob_one(theta.row(i).data());
  };
  density.value_and_grad = [evaluator, prior, prior_grad = RowVectorD()](
                               ConstRowsD theta, ValuesD logp, RowsD grad) mutable {
    evaluator->value_and_grad(theta, logp, grad);
    prior_grad.resize(theta.cols());
    for (Index i = 0; i < theta.rows(); ++i) {
      logp[i] += prior->log_prob_one(theta.row(i).data());
      prior->log_prob_gradient_one(theta.row(i).data(), prior_grad.data());
      grad.row(i) += prior_grad;
    }
  };
  return density;
}

}  // namespace sbi::inference
