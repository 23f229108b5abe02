// Identity and box-logit bijections, and the change of variables to unconstrained space.
//   box: θ = lo + w·σ(z), w = hi − lo (formulas in core/box_logit.hpp, shared with the priors).
#include "mcmc/bijection.hpp"

#include <cmath>
#include <utility>

#include "core/box_logit.hpp"
#include "core/errors.hpp"

namespace sbi::mcmc {

void Bijection::pullback_gradient_into(ConstRowsD, ConstRowsD, RowsD) const {
  throw ValueError("mcmc: this bijection does not provide gradients (needed by HMC/NUTS)");
}

namespace {
// θ = f(z) and log|det J| of every row, allocated (the conveniences below).
std::pair<MatrixD, VectorD> forward_allocating(const Bijection& b, const MatrixD& z, const char* what) {
  require_shape(what, z, -1, b.dim());
  std::pair<MatrixD, VectorD> out{MatrixD(z.rows(), z.cols()), VectorD(z.rows())};
  b.from_unconstrained_into(z, out.first, out.second);
  return out;
}
}  // namespace

MatrixD Bijection::from_unconstrained(const MatrixD& z) const {
  return forward_allocating(*this, z, "Bijection::from_unconstrained").first;
}

VectorD Bijection::log_abs_det_jacobian(const MatrixD& z) const {
  return forward_allocating(*this, z, "Bijection::log_abs_det_jacobian").second;
}

MatrixD Bijection::pullback_gradient(const MatrixD& z, const MatrixD& grad_theta) const {
  require_shape("Bijection::pullback_gradient", z, -1, dim());
  require_shape("Bijection::pullback_gradient", grad_theta, z.rows(), dim());
  MatrixD grad_z(z.rows(), z.cols());
  pullback_gradient_into(z, grad_theta, grad_z);
  return grad_z;
}

IdentityBijection::IdentityBijection(Index dim) : dim_(dim) {
  if (dim <= 0) throw ValueError("IdentityBijection: dim must be positive, got " +
                                 std::to_string(dim));
}

void IdentityBijection::from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const {
  theta = z;
  log_det.setZero();
}

void IdentityBijection::pullback_gradient_into(ConstRowsD, ConstRowsD grad_theta,
                                               RowsD grad_z) const {
  grad_z = grad_theta;
}

BoxLogitBijection::BoxLogitBijection(VectorD lower, VectorD upper)
    : lower_(std::move(lower)), upper_(std::move(upper)) {
  if (lower_.size() == 0 || lower_.size() != upper_.size())
    throw ShapeError("BoxLogitBijection: lower has " + std::to_string(lower_.size()) +
                     " entries, upper " + std::to_string(upper_.size()));
  for (Index d = 0; d < lower_.size(); ++d)
    if (!(lower_[d] < upper_[d]) || !std::isfinite(lower_[d]) || !std::isfinite(upper_[d]))
      throw ValueError("BoxLogitBijection: need finite lower < upper in dimension " +
                       std::to_string(d) + ", got [" + std::to_string(lower_[d]) + ", " +
                       std::to_string(upper_[d]) + "]");
}

MatrixD BoxLogitBijection::to_unconstrained(const MatrixD& theta) const {
  require_shape("BoxLogitBijection::to_unconstrained", theta, -1, dim());
  MatrixD z(theta.rows(), theta.cols());
  for (Index i = 0; i < theta.rows(); ++i)
    for (Index d = 0; d < dim(); ++d) {
      z(i, d) = box_logit::to_unconstrained(theta(i, d), lower_[d], upper_[d] - lower_[d]);
      if (!std::isfinite(z(i, d)))  // NaN, or θ on or outside the box
        throw ValueError("BoxLogitBijection: θ(" + std::to_string(i) + ", " + std::to_string(d) +
                         ") = " + std::to_string(theta(i, d)) + " is outside (" +
                         std::to_string(lower_[d]) + ", " + std::to_string(upper_[d]) + ")");
    }
  return z;
}

void BoxLogitBijection::from_unconstrained_into(ConstRowsD z, RowsD theta, ValuesD log_det) const {
  require_shape("BoxLogitBijection::from_unconstrained", z, -1, dim());
  for (Index i = 0; i < z.rows(); ++i) {
    double s = 0.0;
    for (Index d = 0; d < dim(); ++d) {
      const double width = upper_[d] - lower_[d];
      theta(i, d) = box_logit::from_unconstrained(z(i, d), lower_[d], width);
      s += box_logit::log_abs_det(z(i, d), width);
    }
    log_det[i] = s;
  }
}

void BoxLogitBijection::pullback_gradient_into(ConstRowsD z, ConstRowsD grad_theta,
                                               RowsD grad_z) const {
  require_shape("BoxLogitBijection::pullback_gradient", grad_theta, z.rows(), dim());
  for (Index i = 0; i < z.rows(); ++i)
    for (Index d = 0; d < dim(); ++d)
      grad_z(i, d) = box_logit::pullback(z(i, d), grad_theta(i, d), upper_[d] - lower_[d]);
}

namespace {
// Grow-only buffers of the change of variables (see reserve_rows).
struct Workspace {
  MatrixD theta, grad_theta;
  VectorD log_det;
  void reserve(Index n, Index dim) {
    reserve_rows(theta, n, dim);
    reserve_rows(grad_theta, n, dim);
    reserve_rows(log_det, n);
  }
};
}  // namespace

LogDensity unconstrained_density(const LogDensity& density,
                                 std::shared_ptr<const Bijection> bijection) {
  if (!bijection) throw ValueError("unconstrained_density: bijection is null");
  if (bijection->dim() != density.dim)
    throw ShapeError("unconstrained_density: density has dim " + std::to_string(density.dim) +
                     ", bijection " + std::to_string(bijection->dim()));
  LogDensity out;
  out.dim = density.dim;
  auto inner = std::make_shared<LogDensity>(density);
  out.value = [inner, bijection, ws = Workspace{}](ConstRowsD z, ValuesD logp) mutable {
    const Index n = z.rows();
    ws.reserve(n, z.cols());
    auto theta = ws.theta.topRows(n);
    auto log_det = ws.log_det.head(n);
    bijection->from_unconstrained_into(z, theta, log_det);
    if (inner->value) inner->value(theta, logp);
    else inner->value_and_grad(theta, logp, ws.grad_theta.topRows(n));
    logp += log_det;
  };
  if (density.has_gradient() && bijection->has_gradient()) {
    out.value_and_grad = [inner, bijection, ws = Workspace{}](ConstRowsD z, ValuesD logp,
                                                              RowsD grad) mutable {
      const Index n = z.rows();
      ws.reserve(n, z.cols());
      auto theta = ws.theta.topRows(n);
      auto log_det = ws.log_det.head(n);
      auto grad_theta = ws.grad_theta.topRows(n);
      bijection->from_unconstrained_into(z, theta, log_det);
      inner->value_and_grad(theta, logp, grad_theta);
      logp += log_det;
      bijection->pullback_gradient_into(z, grad_theta, grad);
    };
  }
  return out;
}

}  // namespace sbi::mcmc
