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
  // θ (N×D, inside the support) → z (N×D). Used once, to start the chains.
  virtual MatrixD to_unconstrained(const MatrixD& theta) const = 0;
  // theta ← f(z) and log_det ← log |det ∂f/∂z| for each row of z (outputs sized by the caller;
  // no allocation: this runs inside every MCMC step).
  virtual void from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const = 0;
  // Gradient support (optional): given z and g_θ = ∇_θ log p at θ = f(z), writes
  // ∇_z [log p(f(z)) + log|det J(z)|] = J(z)ᵀ g_θ + ∇_z log|det J(z)| into grad_z.
  virtual bool has_gradient() const { return false; }
  virtual void pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const;

  // Conveniences that allocate their results (tests, chain output).
  MatrixD from_unconstrained(const MatrixD& z) const;
  VectorD log_abs_det_jacobian(const MatrixD& z) const;
  MatrixD pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const;
};

class IdentityBijection final : public Bijection {
 public:
  explicit IdentityBijection(Index dim);
  Index dim() const override { return dim_; }
  MatrixD to_unconstrained(const MatrixD& theta) const override { return theta; }
  void from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const override;
  bool has_gradient() const override { return true; }
  void pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const override;

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
  void from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const override;
  bool has_gradient() const override { return true; }
  void pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const override;

 private:
  VectorD lower_, upper_;
};

// The density of z = f⁻¹(θ): log p(f(z)) + log|det J(z)|, with gradients when both the density
// and the bijection provide them. Keeps shared ownership of the bijection; `density` is copied.
// The result keeps grow-only scratch buffers (θ, log|det J|, ∇_θ) so that a step allocates
// nothing: call one LogDensity object from one thread at a time (copies are independent).
LogDensity unconstrained_density(const LogDensity& density,
                                 std::shared_ptr<const Bijection> bijection);

}  // namespace sbi::mcmc
