// Prior gradients: the batched entry points and the finite-difference fallbacks of the base
// class (closed forms live with each prior).
//   log_prob_gradient:  g_d = ∂/∂θ_d log p(θ) ≈ [log p(θ + h e_d) − log p(θ − h e_d)] / 2h
//   pullback_gradient:  (∂T/∂z)ᵀ g + ∇_z log|det ∂T/∂z|, with ∂T/∂z and the log-det gradient
//                       taken column by column by central differences in z.
// Step h = 1e-6·max(1, |x|): central differences have error O(h²·f''') + O(ε/h), about 1e-9
// relative here. A component whose neighbouring log p is not finite (at the support's edge)
// gets gradient 0.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "simulators/prior.hpp"

namespace sbi::sim {

namespace {
double fd_step(double x) { return 1e-6 * std::max(1.0, std::abs(x)); }
}  // namespace

void Prior::log_prob_gradient_one(const double* theta, double* grad) const {
  std::vector<double> p(theta, theta + dim());
  for (Index d = 0; d < dim(); ++d) {
    const double x = p[d], h = fd_step(x);
    p[d] = x + h;
    const double up = log_prob_one(p.data());
    p[d] = x - h;
    const double down = log_prob_one(p.data());
    p[d] = x;
    grad[d] = (std::isfinite(up) && std::isfinite(down)) ? (up - down) / (2 * h) : 0.0;
  }
}

void Prior::pullback_gradient_one(const double* z, const double* grad_theta, double* grad_z) const {
  const auto n = static_cast<std::size_t>(dim());
  std::vector<double> w(z, z + n), theta_up(n), theta_down(n);
  for (Index c = 0; c < dim(); ++c) {
    const double x = w[c], h = fd_step(x);
    w[c] = x + h;
    const double log_det_up = from_unconstrained_one(w.data(), theta_up.data());
    w[c] = x - h;
    const double log_det_down = from_unconstrained_one(w.data(), theta_down.data());
    w[c] = x;
    // Column c of ∂T/∂z, dotted with g: (Jᵀ g)_c = Σ_d g_d ∂θ_d/∂z_c.
    double jt_g = 0.0;
    for (std::size_t d = 0; d < n; ++d) jt_g += grad_theta[d] * (theta_up[d] - theta_down[d]) / (2 * h);
    grad_z[c] = jt_g + (log_det_up - log_det_down) / (2 * h);
  }
}

MatrixD Prior::log_prob_gradient(const MatrixD& theta) const {
  check_rows("log_prob_gradient: theta", theta);
  MatrixD grad(theta.rows(), dim());
  parallel_for(theta.rows(), 256, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i) log_prob_gradient_one(theta.row(i).data(), grad.row(i).data());
  });
  return grad;
}

void Prior::pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta, RowsD grad_z) const {
  check_rows("pullback_gradient: z", z);
  check_rows("pullback_gradient: grad_theta", grad_theta, z.rows());
  check_rows("pullback_gradient: grad_z", grad_z, z.rows());
  for (Index i = 0; i < z.rows(); ++i)
    pullback_gradient_one(z.row(i).data(), grad_theta.row(i).data(), grad_z.row(i).data());
}

MatrixD Prior::pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const {
  check_rows("pullback_gradient: z", z);
  require_shape("Prior(" + describe() + ")::pullback_gradient: grad_theta", grad_theta, z.rows(), dim());
  MatrixD grad_z(z.rows(), dim());
  parallel_for(z.rows(), 256, [&](Index begin, Index end) {
    for (Index i = begin; i < end; ++i)
      pullback_gradient_one(z.row(i).data(), grad_theta.row(i).data(), grad_z.row(i).data());
  });
  return grad_z;
}

}  // namespace sbi::sim
