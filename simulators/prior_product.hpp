// Product of independent priors: θ = (θ^(1), θ^(2), ...) with θ^(k) ~ p_k, so
//   log p(θ) = Σ_k log p_k(θ^(k)), and the bijection acts blockwise (log-dets add).
// Component k uses dims [offset_k, offset_k + dim_k). Sampling draws the blocks in order
// from the row's one stream.
#pragma once
#include <vector>

#include "simulators/prior.hpp"

namespace sbi::sim {

class ProductPrior : public Prior {
 public:
  explicit ProductPrior(std::vector<PriorPtr> components);

  Index dim() const override { return dim_; }
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

  const std::vector<PriorPtr>& components() const { return components_; }

 private:
  std::vector<PriorPtr> components_;
  std::vector<Index> offsets_;
  Index dim_ = 0;
};

}  // namespace sbi::sim
