// BoxUniform prior: θ_d ~ U(lo_d, hi_d) independently.
//   log p(θ) = -Σ_d log(hi_d - lo_d) inside the box, -inf outside (bounds inclusive).
// Bijection (logit): θ_d = lo_d + (hi_d - lo_d)·σ(z_d), σ the logistic function;
//   log|det ∂θ/∂z| = Σ_d [log(hi_d - lo_d) + log σ(z_d) + log σ(-z_d)].
#pragma once
#include "simulators/prior.hpp"

namespace sbi::sim {

class BoxUniformPrior : public Prior {
 public:
  BoxUniformPrior(VectorD lower, VectorD upper);
  // The same interval [lo, hi] in every one of `dim` dimensions.
  BoxUniformPrior(Index dim, double lo, double hi);

  Index dim() const override { return lower_.size(); }
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

  const VectorD& lower() const { return lower_; }
  const VectorD& upper() const { return upper_; }

 private:
  VectorD lower_, upper_;
  double log_volume_ = 0.0;
};

}  // namespace sbi::sim
