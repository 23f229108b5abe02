// Priors p(θ) over R^d: sampling, densities, support, and a bijection to unconstrained space.
//
// Reproducibility: sample(n, seed) draws row i from its own stream Rng(seed, i), so the rows do
// not depend on the thread count. log_prob returns -inf outside the support.
// The bijection T: R^d → support (from_unconstrained) lets samplers and flows work in R^d:
//   θ = T(z),  log p_z(z) = log p(T(z)) + log|det ∂T/∂z|,
// with log|det ∂T/∂z| returned per row by log_abs_det_jacobian(z).
// Gradients (for HMC/NUTS and gradient-based potentials, see prior_gradient.cpp):
//   log_prob_gradient:  ∇_θ log p(θ) inside the support;
//   pullback_gradient:  given z and g = ∇_θ f at θ = T(z), returns
//                       ∇_z [f(T(z)) + log|det ∂T/∂z|] = (∂T/∂z)ᵀ g + ∇_z log|det ∂T/∂z|.
// Every prior shipped here overrides both with closed forms; the base class falls back to
// central finite differences of log_prob_one / from_unconstrained_one, so a new prior works
// (more slowly) before its closed forms are written.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace sbi::sim {

class Prior {
 public:
  virtual ~Prior() = default;

  virtual Index dim() const = 0;
  // A human-readable description, e.g. "BoxUniform([-1, 1]^2)".
  virtual std::string describe() const = 0;

  // --- per-row kernels (pointers to dim() values) ---------------------------------------------
  virtual void sample_one(double* theta, Rng& rng) const = 0;
  virtual double log_prob_one(const double* theta) const = 0;  // -inf outside the support
  virtual bool in_support_one(const double* theta) const = 0;
  virtual void to_unconstrained_one(const double* theta, double* z) const = 0;
  // θ = T(z); returns log|det ∂T/∂z| at z.
  virtual double from_unconstrained_one(const double* z, double* theta) const = 0;
  // ∇_θ log p(θ) at a point inside the support (zeros where log p is not finite nearby).
  virtual void log_prob_gradient_one(const double* theta, double* grad) const;
  // (∂T/∂z)ᵀ grad_theta + ∇_z log|det ∂T/∂z| at z.
  virtual void pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const;

  virtual VectorD mean() const = 0;
  virtual VectorD sd() const = 0;

  // --- batched entry points (shape-checked; rows in parallel, thread-count independent) ------
  MatrixD sample(Index n, std::uint64_t seed, std::uint64_t stream_offset = 0) const;
  VectorD log_prob(const MatrixD& theta) const;
  std::vector<bool> in_support(const MatrixD& theta) const;
  MatrixD to_unconstrained(const MatrixD& theta) const;  // throws ValueError outside support
  MatrixD from_unconstrained(const MatrixD& z) const;
  VectorD log_abs_det_jacobian(const MatrixD& z) const;  // of from_unconstrained, per row
  MatrixD log_prob_gradient(const MatrixD& theta) const;
  MatrixD pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const;

  // In-place forms for MCMC steps: outputs sized by the caller, no allocation, rows serial.
  void log_prob_into(ConstRowsD theta, ValuesD out) const;
  void from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const;
  // T⁻¹ row by row without the support check: non-finite z on or outside the support's boundary.
  void to_unconstrained_into(ConstRowsD theta, RowsD z) const;
  void pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const;

 protected:
  // Throws ShapeError naming the prior unless m has dim() columns (and `rows` rows if ≥ 0);
  // builds the message only on failure.
  template <class M>
  void check_rows(const char* what, const M& m, Index rows = -1) const {
    if (m.cols() != dim() || (rows >= 0 && m.rows() != rows)) shape_error(what, m.rows(), m.cols(), rows);
  }
  [[noreturn]] void shape_error(const char* what, Index rows, Index cols, Index expected_rows) const;
};

using PriorPtr = std::shared_ptr<const Prior>;

}  // namespace sbi::sim
