// Multivariate Gaussian prior N(μ, Σ), given by its covariance Σ or its precision P = Σ^{-1}.
// With the Cholesky factor Σ = L Lᵀ:  θ = μ + L ε, ε ~ N(0, I);
//   log p(θ) = -½‖L^{-1}(θ - μ)‖² - Σ_i log L_ii - (d/2) log 2π.
// Support is R^d, so the bijection to unconstrained space is the identity (log|det J| = 0).
#pragma once
#include <Eigen/Cholesky>

#include "simulators/prior.hpp"

namespace sbi::sim {

class GaussianPrior : public Prior {
 public:
  enum class Form { covariance, precision };
  GaussianPrior(VectorD mean, const Eigen::MatrixXd& matrix, Form form = Form::covariance);
  // Isotropic N(mean·1, variance·I).
  static GaussianPrior isotropic(Index dim, double mean, double variance);

  Index dim() const override { return mean_.size(); }
  std::string describe() const override;
  void sample_one(double* theta, Rng& rng) const override;
  double log_prob_one(const double* theta) const override;
  bool in_support_one(const double* theta) const override;
  void to_unconstrained_one(const double* theta, double* z) const override;
  double from_unconstrained_one(const double* z, double* theta) const override;
  void log_prob_gradient_one(const double* theta, double* grad) const override;
  void pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const override;
  VectorD mean() const override { return mean_; }
  VectorD sd() const override;

  const Eigen::MatrixXd& covariance() const { return covariance_; }
  const Eigen::MatrixXd& precision() const { return precision_; }
  const Eigen::MatrixXd& cholesky() const { return chol_; }  // lower L, Σ = L Lᵀ

 private:
  VectorD mean_;
  Eigen::MatrixXd covariance_, precision_, chol_;
  double log_norm_ = 0.0;  // -Σ log L_ii - (d/2) log 2π
};

}  // namespace sbi::sim
