// Independent log-normal prior: log θ_d ~ N(loc_d, scale_d²) (scale is an sd), θ_d > 0.
//   log p(θ) = Σ_d [-log θ_d - log scale_d - ½ log 2π - (log θ_d - loc_d)² / (2 scale_d²)].
// Bijection (log): θ_d = exp(z_d), log|det ∂θ/∂z| = Σ_d z_d.
// mean_d = exp(loc_d + scale_d²/2), sd_d = mean_d·sqrt(exp(scale_d²) - 1).
#pragma once
#include "simulators/prior.hpp"

namespace sbi::sim {

class LogNormalPrior : public Prior {
 public:
  LogNormalPrior(VectorD loc, VectorD scale);

  Index dim() const override { return loc_.size(); }
  std::string describe() const override;
  void sample_one(double* theta, Rng& rng) const override;
  double log_prob_one(const double* theta) const override;
  bool in_support_one(const double* theta) const override;
  void to_unconstrained_one(const double* theta, double* z) const override;
  double from_unconstrained_one(const double* z, double* theta) const override;
  void log_prob_gradient_one(const double* theta, double* grad) const override;
  void pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const override;
  VectorD mean() const override;
  VectorD sd() const override;

  const VectorD& loc() const { return loc_; }
  const VectorD& scale() const { return scale_; }

 private:
  VectorD loc_, scale_;
};

}  // namespace sbi::sim
