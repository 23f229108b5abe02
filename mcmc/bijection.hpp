// Unconstrained-space transforms for MCMC.
//
// A Bijection f maps unconstrained z ∈ R^D to the support of θ: θ = f(z). A density p(θ) on a
// constrained space is sampled in z-space through the change of variables
//     log p_z(z) = log p(f(z)) + log |det ∂f/∂z (z)|,
// and the chains are mapped back with θ = f(z). Implemented here: the identity and the
// elementwise logit transform of a box [lo, hi]: θ = lo + (hi − lo)·σ(z), with
//     log |det J| = Σ_d [log(hi_d − lo_d) + log σ(z_d) + log σ(−z_d)].
// Other modules (e.g. priors with their own transforms) adapt to this small interface.
#pragma once
#include <memory>

#include "core/tensor.hpp"
#include "mcmc/log_density.hpp"

namespace sbi::mcmc {

class Bijection {
 public:
  virtual ~Bijection() = default;
  virtual Index dim() const = 0;
  // θ (N×D, inside the support) → z (N×D).
  virtual MatrixD to_unconstrained(const MatrixD& theta) const = 0;
  // z → θ = f(z).
  virtual MatrixD from_unconstrained(const MatrixD& z) const = 0;
  // log |det ∂f/∂z| for each row of z.
  virtual VectorD log_abs_det_jacobian(const MatrixD& z) const = 0;
  // Gradient support (optional): given z and g_θ = ∇_θ log p at θ = f(z), returns
  // ∇_z [log p(f(z)) + log|det J(z)|] = J(z)ᵀ g_θ + ∇_z log|det J(z)|.
  virtual bool has_gradient() const { return false; }
  virtual MatrixD pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const;
};

class IdentityBijection final : public Bijection {
 public:
  explicit IdentityBijection(Index dim);
  Index dim() const override { return dim_; }
  MatrixD to_unconstrained(const MatrixD& theta) const override { return theta; }
  MatrixD from_unconstrained(const MatrixD& z) const override { return z; }
  VectorD log_abs_det_jacobian(const MatrixD& z) const override;
  bool has_gradient() const override { return true; }
  MatrixD pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const override;

 private:
  Index dim_;
};

// θ_d = lo_d + (hi_d − lo_d)·σ(z_d) for a box prior. to_unconstrained throws ValueError for θ
// outside the open box.
class BoxLogitBijection final : public Bijection {
 public:
  BoxLogitBijection(VectorD lower, VectorD upper);
  Index dim() const override { return lower_.size(); }
  MatrixD to_unconstrained(const MatrixD& theta) const override;
  MatrixD from_unconstrained(const MatrixD& z) const override;
  VectorD log_abs_det_jacobian(const MatrixD& z) const override;
  bool has_gradient() const override { return true; }
  MatrixD pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const override;

 private:
  VectorD lower_, upper_;
};

// The density of z = f⁻¹(θ): log p(f(z)) + log|det J(z)|, with gradients when both the density
// and the bijection provide them. Keeps shared ownership of the bijection; `density` is copied.
LogDensity unconstrained_density(const LogDensity& density,
                                 std::shared_ptr<const Bijection> bijection);

}  // namespace sbi::mcmc
